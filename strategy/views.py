"""A company's strategy page (Part 3) and its actions.

Every view is `team_member_required` (the attendee's own team, or any team for the
workshop's facilitators); rows are looked up inside that team's company, so an id
from another team answers 404. Texts and choices save through `teams:edit`; these
views add, remove, restore and move rows and tick an initiative's gaps and
dependencies. Changes reach every screen (the author's too) through the company
socket; an htmx answer only resets the form or says why nothing changed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teams.company_views import _company, _reason, author_of
from workshop import selectors as room_selectors
from workshop.access import team_member_required
from workshop.editing import EditingLocked
from workshop.inputs import whole_number
from workshop.views.fragments import client_id_of, fragments, new_client_id

from . import selectors, services
from .models import Goal, Initiative, Kpi

PAGE = selectors.PAGE


def page_url(company) -> str:
    return reverse(
        "strategy:strategy", args=[company.team.workshop_id, company.team_id, company.pk]
    )


@team_member_required
def strategy(request, workshop, team, company_id):
    company = _company(team, company_id)
    services.ensure_strategy(company)
    context = {
        **room_selectors.room(workshop),
        **selectors.strategy_page(company),
        "participant": request.participant,
        "client_id": new_client_id(),
        "tab": "strategy",
    }
    return render(request, "strategy/company_strategy.html", context)


def _status(exc: Exception) -> int:
    return 423 if isinstance(exc, EditingLocked) else 422


def _form_answer(request, company, part: str, *, error: str = "", value: str = "", status=200):
    """The add form again: empty after an add, with the text and the reason otherwise."""
    context = {**selectors.forms(company), "add_error": error, "add_value": value}
    return fragments(request, [(f"{PAGE}#{part}", context)], status=status)


def _add(request, company, part: str, action, field: str):
    value = request.POST.get(field, "")
    try:
        action(value)
    except (ValidationError, EditingLocked) as exc:
        if not request.htmx:
            messages.error(request, _reason_of(exc))
            return redirect(page_url(company))
        return _form_answer(
            request, company, part, error=_reason_of(exc), value=value, status=_status(exc)
        )
    if not request.htmx:
        return redirect(page_url(company))
    return _form_answer(request, company, part)


def _reason_of(exc: Exception) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(m for ms in exc.message_dict.values() for m in ms)
    return _reason(exc)


def _number(raw) -> int | None:
    return whole_number(raw)


def _act(request, company, section: str, action, done: str = ""):
    """Remove, restore or move: the change reaches this screen through the socket;
    the answer says why when nothing changed."""
    error, status = "", 200
    try:
        action()
    except (ValidationError, EditingLocked) as exc:
        error, status = _reason_of(exc), _status(exc)
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif done:
            messages.success(request, done)
        return redirect(page_url(company) + f"#{section}")
    context = {"notice_id": f"{section}-notice", "notice": error or done}
    return fragments(request, [(f"{PAGE}#notice", context)], status=status)


def _offset(request) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


# --- initiatives -------------------------------------------------------------------


@dataclass(frozen=True)
class ListKind:
    """Initiatives, goals and KPIs are lists a team adds to, reorders and removes from
    (with undo) the same way; the URLs name the kind (strategy/workspace_urls.py)."""

    model: type
    section: str  # the page section whose notice reports the change
    name: str  # the field that names a row in messages
    remove: Callable
    restore: Callable
    move: Callable


LISTS = {
    "initiative": ListKind(
        Initiative,
        "initiatives",
        "title",
        services.remove_initiative,
        services.restore_initiative,
        services.move_initiative,
    ),
    "goal": ListKind(
        Goal, "goals", "title", services.remove_goal, services.restore_goal, services.move_goal
    ),
    "kpi": ListKind(
        Kpi, "kpis", "name", services.remove_kpi, services.restore_kpi, services.move_kpi
    ),
}


def _row(company, kind: str, item_id, *, removed: bool = False):
    rows = LISTS[kind].model.objects.filter(company=company, removed_at__isnull=not removed)
    return get_object_or_404(rows, pk=item_id)


def _initiative(company, item_id) -> Initiative:
    return _row(company, "initiative", item_id)


@team_member_required
@require_POST
def item_remove(request, workshop, team, company_id, item_id, kind):
    company, spec = _company(team, company_id), LISTS[kind]
    row = _row(company, kind, item_id)
    done = _("“%s” was removed. You can bring it back below the list.") % getattr(row, spec.name)
    return _act(request, company, spec.section, lambda: spec.remove(row, author_of(request)), done)


@team_member_required
@require_POST
def item_restore(request, workshop, team, company_id, item_id, kind):
    company, spec = _company(team, company_id), LISTS[kind]
    row = _row(company, kind, item_id, removed=True)
    return _act(request, company, spec.section, lambda: spec.restore(row, author_of(request)))


@team_member_required
@require_POST
def item_move(request, workshop, team, company_id, item_id, kind):
    company, spec = _company(team, company_id), LISTS[kind]
    row = _row(company, kind, item_id)
    offset = _offset(request)
    return _act(request, company, spec.section, lambda: spec.move(row, offset, author_of(request)))


@team_member_required
@require_POST
def initiative_add(request, workshop, team, company_id):
    company = _company(team, company_id)
    gap_id = _number(request.POST.get("gap"))
    return _add(
        request,
        company,
        "initiative-add",
        lambda title: services.add_initiative(company, title, author_of(request), gap_id=gap_id),
        "title",
    )


def _tick(request, company, item_id, action):
    """A gap or dependency ticked on one card: the answer is that card's ticks."""
    initiative = _initiative(company, item_id)
    error, status = "", 200
    try:
        other = _number(request.POST.get("item"))
        if other is None:
            raise ValidationError(_("Choose one of the items shown."))
        on = request.POST.get("on") == "on"
        action(initiative, other, on, author_of(request), client_id_of(request))
    except ValidationError as exc:
        error, status = _reason_of(exc), 422
    except EditingLocked:
        error, status = _("Editing is locked by the facilitator right now."), 423
    snap = selectors.snapshot(company)
    card = next(c for c in selectors.initiative_cards(snap) if c.pk == initiative.pk)
    context = {**selectors.card_context(card, company), "links_error": error}
    return fragments(request, [(f"{PAGE}#initiative-links", context)], status=status)


@team_member_required
@require_POST
def initiative_gap(request, workshop, team, company_id, item_id):
    company = _company(team, company_id)
    return _tick(request, company, item_id, services.set_initiative_gap)


@team_member_required
@require_POST
def initiative_dependency(request, workshop, team, company_id, item_id):
    company = _company(team, company_id)
    return _tick(request, company, item_id, services.set_dependency)


# --- goals -------------------------------------------------------------------------


@team_member_required
@require_POST
def goal_add(request, workshop, team, company_id):
    company = _company(team, company_id)
    return _add(
        request,
        company,
        "goal-add",
        lambda title: services.add_goal(company, title, author_of(request)),
        "title",
    )


# --- KPIs --------------------------------------------------------------------------


@team_member_required
@require_POST
def kpi_add(request, workshop, team, company_id):
    company = _company(team, company_id)
    initiative_id = _number(request.POST.get("initiative"))
    return _add(
        request,
        company,
        "kpi-add",
        lambda name: services.add_kpi(
            company, name, author_of(request), initiative_id=initiative_id
        ),
        "name",
    )
