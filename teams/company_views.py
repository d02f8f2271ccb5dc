"""A team's companies and the baseline editor (Part 2a).

Every view is `team_member_required`: the attendee's own team, or any team for
the workshop's facilitators. Rows are looked up inside that team, so an id from
another team answers 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshop import selectors as room_selectors
from workshop.access import team_member_required
from workshop.editing import Author, EditConflict, EditingLocked
from workshop.views.fragments import client_id_of, fragments, live_field, new_client_id

from . import companies, editables
from . import part2_selectors as selectors
from .models import Baseline, Company


def author_of(request) -> Author:
    return Author(
        participant=request.participant, user=None if request.participant else request.user
    )


def _company(team, company_id) -> Company:
    return get_object_or_404(
        Company.objects.active().select_related("team__workshop__current_phase"),
        pk=company_id,
        team=team,
    )


def _baseline(company, baseline_id) -> Baseline:
    get_object_or_404(Baseline.objects.active(), pk=baseline_id, company=company)
    return selectors.fresh_baseline(baseline_id)


def _locked_message() -> str:
    return _("Editing is locked by the facilitator right now.")


def _companies_answer(request, team, *, error: str = "", name: str = "", status: int = 200):
    context = {**selectors.team_companies(team), "add_error": error, "add_name": name}
    return fragments(request, [("teams/companies.html#team-companies", context)], status=status)


@team_member_required
@require_POST
def company_add(request, workshop, team):
    name = request.POST.get("name", "")
    try:
        company = companies.create_company(team, name, author_of(request))
    except (ValidationError, EditingLocked) as exc:
        if request.htmx:
            status = 423 if isinstance(exc, EditingLocked) else 422
            return _companies_answer(request, team, error=_reason(exc), name=name, status=status)
        _say_why(request, exc)
        return redirect("teams:workspace", workshop.pk, team.pk)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _baseline_url(company)
        return response
    return redirect(_baseline_url(company))


def _baseline_url(company: Company, baseline: Baseline | None = None) -> str:
    from django.urls import reverse

    baseline = baseline or company.primary_baseline()
    return reverse(
        "teams:baseline", args=[company.team.workshop_id, company.team_id, company.pk, baseline.pk]
    )


@team_member_required
def company(request, workshop, team, company_id):
    return redirect(_baseline_url(_company(team, company_id)))


def _reason(exc: Exception) -> str:
    """Why a change was refused, in words for the person who asked."""
    if isinstance(exc, EditingLocked):
        return _locked_message()
    if hasattr(exc, "error_dict"):
        return " ".join(exc.message_dict.get("name", exc.messages))
    return " ".join(exc.messages)


def _say_why(request, exc: Exception) -> None:
    messages.error(request, _reason(exc))


def _act(request, action, *, done: str, back: str, back_done: str | None = None):
    """Run one change from a plain form; say how it went; go back (to `back_done` if
    it worked and the page shown before is gone)."""
    try:
        action()
    except (ValidationError, EditingLocked) as exc:
        _say_why(request, exc)
        return redirect(back)
    messages.success(request, done)
    return redirect(back_done or back)


@team_member_required
@require_POST
def company_remove(request, workshop, team, company_id):
    company = _company(team, company_id)
    return _act(
        request,
        lambda: companies.remove_company(company, author_of(request)),
        done=_("“%s” was removed. You can bring it back from the list of companies.")
        % company.name,
        back=team_url(workshop, team),
    )


@team_member_required
@require_POST
def company_restore(request, workshop, team, company_id):
    company = get_object_or_404(
        Company.objects.filter(removed_at__isnull=False), pk=company_id, team=team
    )
    return _act(
        request,
        lambda: companies.restore_company(company, author_of(request)),
        done=_("“%s” is back.") % company.name,
        back=team_url(workshop, team),
    )


def team_url(workshop, team) -> str:
    from django.urls import reverse

    return reverse("teams:workspace", args=[workshop.pk, team.pk])


@team_member_required
def baseline(request, workshop, team, company_id, baseline_id):
    company = _company(team, company_id)
    baseline = _baseline(company, baseline_id)
    companies.ensure_assessments(baseline)
    baseline = selectors.fresh_baseline(baseline.pk)
    context = {
        **room_selectors.room(workshop),
        **selectors.company_header(company),
        **selectors.baseline_page(baseline),
        "participant": request.participant,
        "client_id": new_client_id(),
        "tab": "baseline",
    }
    return render(request, "teams/company_baseline.html", context)


@team_member_required
@require_POST
def baseline_add(request, workshop, team, company_id):
    company = _company(team, company_id)
    try:
        added = companies.add_baseline(company, request.POST.get("name", ""), author_of(request))
    except (ValidationError, EditingLocked) as exc:
        _say_why(request, exc)
        return redirect(_baseline_url(company))
    return redirect(_baseline_url(company, added))


@team_member_required
@require_POST
def baseline_primary(request, workshop, team, company_id, baseline_id):
    company = _company(team, company_id)
    chosen = _baseline(company, baseline_id)
    return _act(
        request,
        lambda: companies.make_primary(chosen, author_of(request)),
        done=_("“%s” is now the primary baseline.") % chosen.label,
        back=_baseline_url(company, chosen),
    )


@team_member_required
@require_POST
def baseline_remove(request, workshop, team, company_id, baseline_id):
    company = _company(team, company_id)
    chosen = _baseline(company, baseline_id)
    return _act(
        request,
        lambda: companies.remove_baseline(chosen, author_of(request)),
        done=_("“%s” was removed. You can bring it back.") % chosen.label,
        back=_baseline_url(company, chosen),
        back_done=_baseline_url(company),
    )


@team_member_required
@require_POST
def baseline_restore(request, workshop, team, company_id, baseline_id):
    company = _company(team, company_id)
    chosen = get_object_or_404(
        Baseline.objects.filter(removed_at__isnull=False), pk=baseline_id, company=company
    )
    return _act(
        request,
        lambda: companies.restore_baseline(chosen, author_of(request)),
        done=_("“%s” is back.") % chosen.label,
        back=_baseline_url(company, chosen),
    )


@team_member_required
@require_POST
def baseline_service(request, workshop, team, company_id, baseline_id):
    company = _company(team, company_id)
    chosen = _baseline(company, baseline_id)
    error, status = "", 200
    try:
        service_id = int(request.POST.get("service", ""))
        companies.set_service(
            chosen,
            service_id,
            request.POST.get("offered") == "on",
            author_of(request),
            client_id_of(request),
        )
    except (ValueError, ValidationError):
        error, status = _("That service is not in this workshop’s catalogue."), 422
    except EditingLocked:
        error, status = _locked_message(), 423
    context = {**selectors.baseline_services(selectors.fresh_baseline(chosen.pk)), "error": error}
    return fragments(
        request, [("teams/company_baseline.html#baseline-services", context)], status=status
    )


@team_member_required
def edit(request, workshop, team, kind, obj_id, field_name):
    """GET: one field or choice as it is now. POST: one autosave or choice."""
    editable = editables.lookup(kind)
    if field_name not in editable.fields:
        raise Http404("No such field")
    row = editables.row_in_team(editable, obj_id, team)
    author = author_of(request)
    client = client_id_of(request)

    def save(value, version):
        return editables.save(kind, row, field_name, value, version, author, client)

    if isinstance(editable.fields[field_name], editables.Choice):
        return _choice(request, kind, editable, row, field_name, save)

    def field_for(instance=None, **overrides):
        return editables.live_field(kind, instance or row, field_name, **overrides)

    return live_field(request, field_for, save)


def _choice(request, kind, editable, row, field_name, save):
    def answer(code=200, **overrides):
        fresh = editable.model.objects.select_related(*editables.related_for(editable)).get(
            pk=row.pk
        )
        choice = editables.live_choice(kind, fresh, field_name, **overrides)
        return fragments(request, [("live/choice.html", {"c": choice})], status=code)

    if request.method == "GET":
        return answer()
    if request.method != "POST":
        return fragments(request, [], status=405)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return answer(422, error=_("This page is out of date. Reload it to keep editing."))
    try:
        save(request.POST.get("value", ""), version)
    except EditConflict as conflict:
        notice = _(
            "%(who)s chose “%(theirs)s” at %(when)s while you were choosing. Nothing was "
            "overwritten; choose again if you still want yours."
        ) % {
            "who": conflict.changed_by,
            "theirs": editables.option_title(editable, row, field_name, conflict.theirs),
            "when": formats.time_format(timezone.localtime(conflict.changed_at), "H:i"),
        }
        return answer(409, notice=notice)
    except EditingLocked:
        return answer(423, error=_locked_message())
    except ValidationError as exc:
        return answer(422, error=" ".join(exc.messages))
    saved_at = formats.time_format(timezone.localtime(), "H:i")
    return answer(status=_("Saved at %(time)s") % {"time": saved_at})
