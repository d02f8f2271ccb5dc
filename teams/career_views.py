"""The private career plan page, its actions and its PDF.

Every view takes the plan from `career_plan_required`: through this browser's
participant session (`/w/<pk>/career/…`) or through the private link
(`/career/<token>/…`). Anyone else — team mates, facilitators, organisers, visitors —
gets a 404, so not even the existence of someone's plan is revealed. There is no
facilitator view of plans, and nothing here is pushed to any live group.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategy.pack_exports import ascii_slug, content_disposition, readable_name
from workshop.access import session_participant
from workshop.editing import LiveField
from workshop.i18n import use_workshop_language
from workshop.models import Workshop
from workshop.views.fragments import fragments, live_field

from . import career
from .career_forms import (
    LadderForm,
    MilestoneDoneForm,
    MilestoneEditForm,
    MilestoneForm,
    PlanTextForm,
    RatingForm,
    StepEditForm,
    StepForm,
    milestone_initial,
    step_initial,
)
from .career_pdf import render_career_pdf
from .models import CareerMilestone, CompetenceRating, EducationStep
from .models.career import NOTES_MAX, STATEMENT_MAX

PAGE = "teams/career.html"


def _private(response):
    """Never cached, never indexed, and the link never leaks as a Referer."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def career_plan_required(view=None, *, locked_page: bool = False):
    """Loads the plan from the private link's `token`, or from the URL's workshop `pk`
    and this browser's participant session; 404 for everyone else.

    `request.career_base` is the plan's page URL in the form it was reached (session or
    private link), so every link and form on the page stays in that form. With
    `locked_page`, a browser that is the participant but lacks the plan's key is told
    to open the private link (see teams/career.py) instead of a 404."""
    if view is None:
        return partial(career_plan_required, locked_page=locked_page)

    @wraps(view)
    def wrapper(request, pk=None, token=None, **kwargs):
        if token is not None:
            plan = career.plan_by_token(token)
            if plan is None:
                raise Http404("No such career plan")
            if career.session_is_owner(request.session, plan) and not career.holds(
                request.session, plan
            ):
                career.remember_plan(request.session, plan)
            request.career_base = reverse("teams:career_private", args=[plan.private_token])
            request.career_via_link = True
            use_workshop_language(request, plan.participant.workshop)
        else:
            workshop = get_object_or_404(Workshop, pk=pk)
            participant = session_participant(request.session, workshop)
            if participant is None:
                raise Http404("No career plan here")
            plan = career.open_plan(participant, request.session)
            if plan is None:
                if locked_page and request.method == "GET":
                    context = {"workshop": workshop, "participant": participant}
                    return _private(render(request, "teams/career_locked.html", context))
                raise Http404("No career plan here")
            request.career_base = reverse("teams:career", args=[workshop.pk])
            request.career_via_link = False
        return _private(view(request, plan, **kwargs))

    return wrapper


def _base(request) -> str:
    return request.career_base


def _saved_status() -> str:
    return _("Saved at %(time)s") % {"time": formats.time_format(timezone.localtime(), "H:i")}


def _reason(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(m for ms in exc.message_dict.values() for m in ms)
    return " ".join(exc.messages)


def _page_redirect(request, anchor: str = ""):
    return redirect(_base(request) + (f"#{anchor}" if anchor else ""))


# --- the page -------------------------------------------------------------------------------


def _text_field(plan, base: str, name: str, **overrides) -> LiveField:
    specs = {
        "statement": {
            "label": _("Where I want to be, in my words"),
            "multiline": True,
            "max_length": STATEMENT_MAX,
            "help_text": _("A few sentences: the work you want to do, for whom, and why."),
            "extra": {"rows": 4},
        },
        "notes": {
            "label": _("Notes"),
            "multiline": True,
            "max_length": NOTES_MAX,
            "help_text": _("Anything else: people to talk to, ideas, reading. Not in the PDF."),
            "extra": {"rows": 4},
        },
        "target_year": {
            "label": _("By the year"),
            "max_length": 4,
            "help_text": _("When you want to reach your target role, e.g. 2029."),
        },
    }
    value = getattr(plan, name)
    values = {
        "dom_id": f"career-{name.replace('_', '-')}",
        "value": "" if value is None else str(value),
        "version": plan.version,
        "url": f"{base}fields/{name}/",
        **specs[name],
    }
    values.update(overrides)
    return LiveField(**values)


def page_context(request, plan) -> dict:
    base = _base(request)
    private_path = reverse("teams:career_private", args=[plan.private_token])
    context = career.plan_page(plan)
    participant = context["participant"]
    return {
        **context,
        "base": base,
        "via_link": request.career_via_link,
        "private_url": request.build_absolute_uri(private_path),
        "statement_field": _text_field(plan, base, "statement"),
        "notes_field": _text_field(plan, base, "notes"),
        "year_field": _text_field(plan, base, "target_year"),
        "step_form": StepForm(auto_id="step-new-%s"),
        "milestone_form": MilestoneForm(auto_id="milestone-new-%s"),
        "back_url": _back_url(request, participant),
    }


def _back_url(request, participant) -> str:
    """Back to the workshop, for the browser that is this participant."""
    if session_participant(request.session, participant.workshop) != participant:
        return ""
    if participant.team_id:
        return reverse("teams:workspace", args=[participant.workshop_id, participant.team_id])
    return reverse("teams:lobby", args=[participant.workshop_id])


@career_plan_required(locked_page=True)
def page(request, plan):
    return render(request, PAGE, page_context(request, plan))


@career_plan_required
def pdf(request, plan):
    document = render_career_pdf(plan)
    name = plan.participant.display_name
    response = HttpResponse(document.pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"career-plan-{ascii_slug(name, 'attendee')}.pdf",
        _("Career plan - %(name)s.pdf") % {"name": readable_name(name)},
    )
    return response


@career_plan_required
@require_POST
def new_link(request, plan):
    plan = career.new_private_link(plan, request.session)
    messages.success(
        request, _("Here is your new private link. The old link no longer opens your plan.")
    )
    if request.career_via_link:
        return redirect("teams:career_private", plan.private_token)
    return _page_redirect(request, "private-link")


# --- the plan's own fields ------------------------------------------------------------------


@career_plan_required
def field(request, plan, field_name):
    """GET: the field as saved now ("Use their text"). POST: one autosave."""
    if field_name not in PlanTextForm.FIELDS:
        raise Http404("No such field")

    def field_for(instance=None, **overrides):
        return _text_field(instance or plan, _base(request), field_name, **overrides)

    def save(value, version):
        form = PlanTextForm({"value": value}, field_name=field_name)
        if not form.is_valid():
            raise ValidationError({"value": form.errors.get("value", [])})
        return career.save_plan_text(plan, field_name, form.cleaned_data["value"], version)

    return live_field(request, field_for, save)


def _ladder_context(request, plan, **extra) -> dict:
    return {
        "plan": plan,
        "base": _base(request),
        "ladder": career.ladder(plan),
        "ladder_summary": career.ladder_summary(plan),
        **extra,
    }


@career_plan_required
@require_POST
def ladder(request, plan):
    form = LadderForm(request.POST)
    if not form.is_valid():
        error = " ".join(m for ms in form.errors.values() for m in ms)
        if not request.htmx:
            messages.error(request, error)
            return _page_redirect(request, "ladder")
        context = _ladder_context(request, plan, ladder_error=error)
        return fragments(request, [(f"{PAGE}#ladder-status", context)], status=422)
    values = {name: form.cleaned_data[name] for name in ("current_role", "target_role")}
    try:
        saved = career.update_plan(plan, values, form.cleaned_data["version"])
    except career.CareerConflict as conflict:
        notice = _(
            "Your plan was changed in another tab or device at %(time)s. Nothing was "
            "overwritten: the ladder shows what is saved now — choose again if you want."
        ) % {"time": formats.time_format(timezone.localtime(conflict.changed_at), "H:i")}
        if not request.htmx:
            messages.error(request, notice)
            return _page_redirect(request, "ladder")
        context = _ladder_context(request, conflict.current, ladder_error=notice)
        return fragments(request, [(f"{PAGE}#ladder", context)], status=409)
    if not request.htmx:
        return _page_redirect(request, "ladder")
    context = _ladder_context(request, saved, ladder_status=_saved_status())
    return fragments(
        request,
        [(f"{PAGE}#ladder-version", context), (f"{PAGE}#ladder-status", context)],
    )


# --- competences ----------------------------------------------------------------------------


@career_plan_required
@require_POST
def competence(request, plan, key):
    if key not in career.COMPETENCE_BY_KEY:
        raise Http404("No such competence")
    form = RatingForm(request.POST)

    def answer(row, status=200, **extra):
        context = {"c": row, "base": _base(request), "levels": career.LEVELS, **extra}
        if status == 409:
            return fragments(request, [(f"{PAGE}#competence", context)], status=status)
        parts = ["competence-version", "competence-gap", "competence-status"]
        return fragments(request, [(f"{PAGE}#{p}", context) for p in parts], status=status)

    if not form.is_valid():
        error = " ".join(m for ms in form.errors.values() for m in ms)
        if not request.htmx:
            messages.error(request, error)
            return _page_redirect(request, f"competence-{key}")
        saved = CompetenceRating.objects.filter(plan=plan, competence=key).first()
        return answer(career.competence_row(key, saved), status=422, competence_error=error)
    values = {name: form.cleaned_data[name] for name in ("current", "target", "note")}
    try:
        saved = career.rate_competence(plan, key, values, form.cleaned_data["version"])
    except career.CareerConflict as conflict:
        notice = _(
            "Changed in another tab or device at %(time)s. Nothing was overwritten: "
            "this row shows what is saved now."
        ) % {"time": formats.time_format(timezone.localtime(conflict.changed_at), "H:i")}
        if not request.htmx:
            messages.error(request, notice)
            return _page_redirect(request, f"competence-{key}")
        return answer(
            career.competence_row(key, conflict.current), status=409, competence_error=notice
        )
    if not request.htmx:
        return _page_redirect(request, f"competence-{key}")
    return answer(career.competence_row(key, saved), competence_status=_saved_status())


# --- education steps and milestones ---------------------------------------------------------


@dataclass(frozen=True)
class ListKind:
    """Education steps and milestones: added, edited, removed and brought back alike."""

    name: str
    model: type
    form: type
    edit_form: type
    initial: Callable
    selector: Callable
    add: Callable
    edit: Callable
    remove: Callable
    restore: Callable

    @property
    def plural(self) -> str:
        return f"{self.name}s"


KINDS = {
    "step": ListKind(
        "step",
        EducationStep,
        StepForm,
        StepEditForm,
        step_initial,
        career.steps,
        career.add_step,
        career.edit_step,
        career.remove_step,
        career.restore_step,
    ),
    "milestone": ListKind(
        "milestone",
        CareerMilestone,
        MilestoneForm,
        MilestoneEditForm,
        milestone_initial,
        career.milestones,
        career.add_milestone,
        career.edit_milestone,
        career.remove_milestone,
        career.restore_milestone,
    ),
}


def _row(plan, spec: ListKind, item_id, *, removed: bool = False):
    rows = spec.model.objects.filter(plan=plan, removed_at__isnull=not removed)
    return get_object_or_404(rows, pk=item_id)


def _list_parts(request, plan, spec: ListKind, **extra) -> list:
    context = {"plan": plan, "base": _base(request), **spec.selector(plan), **extra}
    return [(f"{PAGE}#{spec.name}-list", context)]


def _add_form_part(request, spec: ListKind, form=None):
    form = form or spec.form(auto_id=f"{spec.name}-new-%s")
    return (f"{PAGE}#{spec.name}-add", {"form": form, "base": _base(request)})


@career_plan_required
@require_POST
def item_add(request, plan, kind):
    spec = KINDS[kind]
    form = spec.form(request.POST, auto_id=f"{kind}-new-%s")
    if form.is_valid():
        try:
            spec.add(plan, form.values())
        except ValidationError as exc:
            form.add_error(None, _reason(exc))
    if not form.is_valid():
        if not request.htmx:
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
            return _page_redirect(request, spec.plural)
        return fragments(request, [_add_form_part(request, spec, form)], status=422)
    if not request.htmx:
        return _page_redirect(request, spec.plural)
    return fragments(request, [_add_form_part(request, spec), *_list_parts(request, plan, spec)])


def _item_part(request, spec: ListKind, row, status=200, **extra):
    context = {spec.name: row, "base": _base(request), **extra}
    return fragments(request, [(f"{PAGE}#{spec.name}-item", context)], status=status)


def _edit_part(request, spec: ListKind, row, form, status=200, notice=""):
    context = {spec.name: row, "form": form, "base": _base(request), "edit_notice": notice}
    return fragments(request, [(f"{PAGE}#{spec.name}-edit", context)], status=status)


@career_plan_required
def item(request, plan, kind, item_id):
    """GET: one item as shown in the list (after "Cancel")."""
    spec = KINDS[kind]
    return _item_part(request, spec, _row(plan, spec, item_id))


@career_plan_required
def item_edit(request, plan, kind, item_id):
    """GET: the item's edit form. POST: save it (version-checked, all fields or none)."""
    spec = KINDS[kind]
    row = _row(plan, spec, item_id)
    auto_id = f"{kind}-{row.pk}-%s"
    if request.method != "POST":
        return _edit_part(
            request, spec, row, spec.edit_form(initial=spec.initial(row), auto_id=auto_id)
        )
    form = spec.edit_form(request.POST, auto_id=auto_id)
    if form.is_valid():
        try:
            saved = spec.edit(row, form.values(), form.cleaned_data["version"])
        except career.CareerConflict as conflict:
            current = conflict.current
            fresh = spec.edit_form(initial=spec.initial(current), auto_id=auto_id)
            notice = _conflict_notice(spec, form, current, conflict.changed_at)
            if not request.htmx:
                messages.error(request, notice)
                return _page_redirect(request, spec.plural)
            return _edit_part(request, spec, current, fresh, status=409, notice=notice)
        except ValidationError as exc:
            form.add_error(None, _reason(exc))
        else:
            if not request.htmx:
                return _page_redirect(request, spec.plural)
            return _item_part(request, spec, saved, item_status=_saved_status())
    if not request.htmx:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return _page_redirect(request, spec.plural)
    return _edit_part(request, spec, row, form, status=422)


def _conflict_notice(spec: ListKind, form, current, changed_at) -> str:
    """Says that nothing was saved, and what this writer had typed, field by field."""
    mine = []
    for name, value in form.values().items():
        if getattr(current, name) == value:
            continue
        bound = form[name]
        shown = value
        if hasattr(bound.field, "choices"):
            shown = dict(bound.field.choices).get(value, value)
        if hasattr(value, "strftime"):
            shown = formats.date_format(value, "YEAR_MONTH_FORMAT")
        if isinstance(value, bool):
            shown = _("yes") if value else _("no")
        mine.append(f"{bound.label}: “{shown or '–'}”")
    text = _(
        "This was changed in another tab or device at %(time)s. Nothing was overwritten: "
        "the form now shows what is saved."
    ) % {"time": formats.time_format(timezone.localtime(changed_at), "H:i")}
    if mine:
        text += " " + _("What you had entered: %(values)s.") % {"values": "; ".join(mine)}
    return text


def _act(request, plan, spec: ListKind, action, done: str = ""):
    error, status = "", 200
    try:
        action()
    except ValidationError as exc:
        error, status = _reason(exc), 422
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif done:
            messages.success(request, done)
        return _page_redirect(request, spec.plural)
    parts = _list_parts(request, plan, spec, list_notice=error or done, list_error=bool(error))
    return fragments(request, parts, status=status)


@career_plan_required
@require_POST
def item_remove(request, plan, kind, item_id):
    spec = KINDS[kind]
    row = _row(plan, spec, item_id)
    done = _("“%(title)s” was removed. You can bring it back below the list.") % {
        "title": row.title
    }
    return _act(request, plan, spec, lambda: spec.remove(row), done)


@career_plan_required
@require_POST
def item_restore(request, plan, kind, item_id):
    spec = KINDS[kind]
    row = _row(plan, spec, item_id, removed=True)
    done = _("“%(title)s” is back.") % {"title": row.title}
    return _act(request, plan, spec, lambda: spec.restore(row), done)


@career_plan_required
@require_POST
def milestone_done(request, plan, item_id):
    spec = KINDS["milestone"]
    row = _row(plan, spec, item_id)
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        error = " ".join(m for ms in form.errors.values() for m in ms)
        if not request.htmx:
            messages.error(request, error)
            return _page_redirect(request, "milestones")
        return _item_part(request, spec, row, item_error=error, status=422)
    try:
        saved = career.edit_milestone(
            row, {"done": form.cleaned_data["done"]}, form.cleaned_data["version"]
        )
    except (career.CareerConflict, ValidationError) as exc:
        if isinstance(exc, career.CareerConflict):
            current, error = (
                exc.current,
                _(
                    "Changed in another tab or device. Nothing was overwritten: this shows what is "
                    "saved now."
                ),
            )
        else:
            current, error = row, _reason(exc)
        if not request.htmx:
            messages.error(request, error)
            return _page_redirect(request, "milestones")
        return _item_part(request, spec, current, item_error=error, status=409)
    if not request.htmx:
        return _page_redirect(request, "milestones")
    return _item_part(request, spec, saved)
