"""The facilitator's Vision 2030 briefing page, and the findings' images.

Presenter actions (Next, Previous, Show, overview, reset) and list actions (move,
delete, undo) are htmx requests answered with the page's refreshed fragments; the
same fragments reach the facilitator's other screens by push. Adding and editing a
finding are plain form posts (they carry an image file).
"""

from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from workshop import selectors as room_selectors
from workshop.access import facilitator_required, is_facilitator, session_participant
from workshop.inputs import whole_number
from workshop.models import Phase, Workshop
from workshop.views.fragments import client_id_of, fragments, new_client_id

from . import briefing as services
from .briefing_selectors import IMAGE_TYPES, presenter
from .forms import FindingForm
from .models import Finding

UNDO_KEY = "briefing_undo"  # the last deleted finding, per facilitator session
STALE = gettext_lazy("The projector had already moved on; nothing changed.")


def _undo(request, workshop) -> dict | None:
    snapshot = request.session.get(UNDO_KEY)
    return snapshot if snapshot and snapshot.get("workshop") == workshop.pk else None


def _page(request, workshop, *, form=None, editing=None, status=200, **extra):
    context = {
        **room_selectors.room(workshop),
        **presenter(workshop),
        "briefing_phase": workshop.phases.filter(kind=Phase.Kind.BRIEFING).first(),
        "form": form or FindingForm(),
        "editing": editing,
        "undo": _undo(request, workshop),
        "client_id": new_client_id(),
        **extra,
    }
    return render(request, "vision/briefing.html", context, status=status)


def _answer(request, workshop, *, undo: bool = False, notice: str = ""):
    """htmx: the presenter and the list (and the undo bar); otherwise back to the page."""
    if not request.htmx:
        if notice:
            messages.warning(request, notice)
        return redirect("vision:briefing", workshop.pk)
    context = {**presenter(workshop), "notice": notice, "undo": _undo(request, workshop)}
    parts = [
        ("vision/briefing.html#briefing-presenter", context),
        ("vision/briefing.html#briefing-findings", context),
    ]
    if undo:
        parts.append(("vision/briefing.html#briefing-undo", context))
    return fragments(request, parts)


def _finding(workshop, finding_id) -> Finding:
    return get_object_or_404(Finding, pk=finding_id, workshop=workshop)


@facilitator_required
def briefing(request, workshop):
    raw = request.GET.get("edit", "")
    pk = whole_number(raw)
    editing = Finding.objects.filter(pk=pk, workshop=workshop).first() if pk else None
    form = FindingForm(finding=editing, seen=services.fingerprint(editing)) if editing else None
    return _page(request, workshop, form=form, editing=editing)


@facilitator_required
@require_GET
def live_fragments(request, workshop):
    """What a reconnecting briefing page re-fetches: nothing shown stays stale."""
    return _answer(request, workshop)


@require_POST
@facilitator_required
def finding_add(request, workshop):
    form = FindingForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, workshop, form=form, status=422)
    data = form.cleaned_data
    finding = services.add_finding(
        workshop,
        title=data["title"],
        text=data["text"],
        image=data["image"],
        image_alt=data["image_alt"],
    )
    messages.success(request, _("Added “%(title)s”.") % {"title": finding.title})
    return redirect(reverse("vision:briefing", args=[workshop.pk]) + f"#finding-{finding.pk}")


@require_POST
@facilitator_required
def finding_edit(request, workshop, finding_id):
    finding = _finding(workshop, finding_id)
    form = FindingForm(request.POST, request.FILES, finding=finding)
    if not form.is_valid():
        return _page(request, workshop, form=form, editing=finding, status=422)
    data = form.cleaned_data
    try:
        finding = services.update_finding(
            finding,
            title=data["title"],
            text=data["text"],
            image=data["image"],
            image_alt=data["image_alt"],
            remove_image=data.get("remove_image", False),
            seen=data["seen"] or None,
        )
    except services.FindingChanged as changed:
        # Keep what this facilitator typed; saving again now replaces the other version.
        again = request.POST.copy()
        again["seen"] = services.fingerprint(changed.current)
        form = FindingForm(again, finding=changed.current)
        form.is_valid()
        return _page(
            request,
            workshop,
            form=form,
            editing=changed.current,
            conflict=changed.current,
            status=409,
        )
    messages.success(request, _("Saved “%(title)s”.") % {"title": finding.title})
    return redirect(reverse("vision:briefing", args=[workshop.pk]) + f"#finding-{finding.pk}")


@require_POST
@facilitator_required
def finding_delete(request, workshop, finding_id):
    snapshot = services.delete_finding(_finding(workshop, finding_id), client=client_id_of(request))
    services.discard_snapshot(request.session.get(UNDO_KEY))
    request.session[UNDO_KEY] = snapshot
    return _answer(request, workshop, undo=True)


@require_POST
@facilitator_required
def finding_undo(request, workshop):
    snapshot = _undo(request, workshop)
    if snapshot is not None:
        services.restore_finding(workshop, snapshot, client=client_id_of(request))
        del request.session[UNDO_KEY]
    return _answer(request, workshop, undo=True)


@require_POST
@facilitator_required
def finding_move(request, workshop, finding_id, direction):
    if direction not in ("up", "down"):
        raise Http404("No such direction")
    services.move_finding(
        _finding(workshop, finding_id),
        -1 if direction == "up" else 1,
        client=client_id_of(request),
    )
    return _answer(request, workshop)


@require_POST
@facilitator_required
def finding_show(request, workshop, finding_id):
    services.show(workshop, _finding(workshop, finding_id), client=client_id_of(request))
    return _answer(request, workshop)


@require_POST
@facilitator_required
def present(request, workshop, action):
    """next / previous (keys → ←, clickers), overview, reset."""
    expected = request.POST.get("from") or None
    client = client_id_of(request)
    try:
        if action == "next":
            services.reveal_next(workshop, expected=expected, client=client)
        elif action == "previous":
            services.show_previous(workshop, expected=expected, client=client)
        elif action == "overview":
            services.hide(workshop, client=client)
        elif action == "reset":
            services.reset(workshop, client=client)
        else:
            raise Http404("No such action")
    except services.BriefingMoved:
        return _answer(request, workshop, notice=str(STALE))
    return _answer(request, workshop)


@require_POST
@facilitator_required
def demo(request, workshop):
    added = services.load_demo_findings(workshop)
    if added:
        messages.success(request, _("Added %(n)d illustrative demo findings.") % {"n": len(added)})
    return redirect("vision:briefing", workshop.pk)


@require_GET
def finding_image(request, pk, finding_id):
    """A finding's image, for the workshop's facilitators and — once the finding is
    revealed — its participants. Everyone else: 404, as if it did not exist."""
    workshop = get_object_or_404(Workshop, pk=pk)
    finding = get_object_or_404(Finding, pk=finding_id, workshop=workshop)
    allowed = is_facilitator(request.user, workshop) or (
        finding.revealed and session_participant(request.session, workshop) is not None
    )
    content_type = IMAGE_TYPES.get(Path(finding.image.name or "").suffix.lower())
    if not allowed or content_type is None:
        raise Http404("No such image")
    try:
        handle = finding.image.open("rb")
    except FileNotFoundError:
        raise Http404("No such image") from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = (
        f'inline; filename="finding-{finding.pk}{Path(finding.image.name).suffix}"'
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Private: the answer depends on who asks. The URL changes with every new upload.
    response["Cache-Control"] = "private, max-age=3600"
    response["Vary"] = "Cookie"
    return response
