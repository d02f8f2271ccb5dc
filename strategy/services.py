"""Writes for a company's strategy (Part 3).

Field edits go through `teams.editables.save` (strategy/editables.py); this module
holds the rest: the strategy row and one gap row per dimension, adding, removing
(softly, so it can be undone), restoring and moving initiatives, goals and KPIs, and
the initiative's ticks (gaps it closes, initiatives it depends on). Every write is
atomic, refuses while the facilitator has locked editing, and pushes after commit.

Decisions:
- An initiative may exist without a gap (a title comes first in a live session);
  the workspace warns until one is ticked.
- A dependency on itself, on another company's initiative or one that closes a
  cycle is refused. Dependencies are kept when an initiative is removed, so undo
  brings them back; screens only show active initiatives.
"""

from functools import partial

import networkx as nx
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from teams.companies import check_open, ensure_per_dimension
from teams.models import Company
from workshop import ordering
from workshop.editing import Author
from workshop.inputs import refuse_nul
from workshop.live import push_on_commit
from workshop.services import record_activity

from . import broadcasts
from .models import Gap, Goal, Initiative, Kpi, Strategy

LIMITS = {Initiative: 160, Goal: 200, Kpi: 160}


def _stamp(row, author: Author) -> None:
    row._history_participant = author.participant
    row._history_user = author.user


def _workshop_id(company: Company) -> int:
    return company.team.workshop_id


@transaction.atomic
def ensure_strategy(company: Company) -> Strategy:
    """The company's strategy, created on first visit, with a gap row per dimension."""
    strategy = Strategy.objects.filter(company=company).first()
    if strategy is None:
        try:
            with transaction.atomic():
                bulk_create_with_history([Strategy(company=company)], Strategy)
        except IntegrityError:  # a team mate opened the page at the same moment
            pass
        strategy = Strategy.objects.get(company=company)
    ensure_per_dimension(
        company.gaps, _workshop_id(company), lambda pk: Gap(company=company, dimension_id=pk)
    )
    return strategy


def _clean_title(raw: str, *, what: str, max_length: int) -> str:
    refuse_nul(raw, "title")
    title = " ".join((raw or "").split())
    if not title:
        raise ValidationError({"title": _("Give the %(what)s a name.") % {"what": what}})
    if len(title) > max_length:
        raise ValidationError(
            {
                "title": _("Keep this to %(max)d characters (it has %(n)d).")
                % {"max": max_length, "n": len(title)}
            }
        )
    return title


def _next_position(model, company: Company) -> int:
    last = model.objects.filter(company=company).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _company_gap(company: Company, gap_id) -> Gap:
    gap = Gap.objects.filter(pk=gap_id, company=company).first() if gap_id else None
    if gap is None:
        raise ValidationError(_("That gap is not one of this company’s dimensions."))
    return gap


# --- initiatives -----------------------------------------------------------------


@transaction.atomic
def add_initiative(
    company: Company, title: str, author: Author, *, gap_id: int | None = None
) -> Initiative:
    """A new initiative at the end of the list; `gap_id` ticks the gap it closes."""
    check_open(_workshop_id(company), author)
    title = _clean_title(title, what=_("initiative"), max_length=LIMITS[Initiative])
    gap = _company_gap(company, gap_id) if gap_id else None
    initiative = Initiative(
        company=company, title=title, position=_next_position(Initiative, company)
    )
    _stamp(initiative, author)
    initiative.save()
    if gap is not None:
        initiative.gaps.add(gap)
    record_activity(company.team.workshop, "initiative_added", team=company.team.name)
    push_on_commit(partial(broadcasts.initiative_added, initiative.pk))
    return initiative


def _soft(model, row, author: Author, *, removed: bool):
    """Set or clear `removed_at` on a locked fresh copy of `row`; None if unchanged."""
    fresh = model.objects.select_for_update().get(pk=row.pk)
    if (fresh.removed_at is not None) == removed:
        return None
    fresh.removed_at = timezone.now() if removed else None
    _stamp(fresh, author)
    fresh._change_reason = "removed" if removed else "restored"
    fresh.save(update_fields=["removed_at"])
    return fresh


@transaction.atomic
def remove_initiative(initiative: Initiative, author: Author) -> Initiative:
    check_open(_workshop_id(initiative.company), author)
    if _soft(Initiative, initiative, author, removed=True) is not None:
        push_on_commit(partial(broadcasts.initiative_removed, initiative.pk))
    return initiative


@transaction.atomic
def restore_initiative(initiative: Initiative, author: Author) -> Initiative:
    check_open(_workshop_id(initiative.company), author)
    if _soft(Initiative, initiative, author, removed=False) is not None:
        push_on_commit(partial(broadcasts.initiatives_reordered, initiative.company_id))
    return initiative


def _move(model, row, offset: int, author: Author, push) -> None:
    check_open(_workshop_id(row.company), author)
    Company.objects.select_for_update().filter(pk=row.company_id).first()
    rows = list(model.objects.active().filter(company_id=row.company_id))
    if row.pk not in [r.pk for r in rows]:
        raise ValidationError(_("That item was removed a moment ago."))
    ordering.move(rows, row, offset)
    push_on_commit(partial(push, row.company_id))


@transaction.atomic
def move_initiative(initiative: Initiative, offset: int, author: Author) -> None:
    """Up (−1) or down (+1) the list; the roadmap and the numbers follow."""
    _move(Initiative, initiative, offset, author, broadcasts.initiatives_reordered)


@transaction.atomic
def set_initiative_gap(
    initiative: Initiative, gap_id: int, on: bool, author: Author, client: str = ""
) -> Initiative:
    """Tick or untick a gap the initiative closes (ticks commute: no version check)."""
    check_open(_workshop_id(initiative.company), author)
    gap = _company_gap(initiative.company, gap_id)
    (initiative.gaps.add if on else initiative.gaps.remove)(gap)
    push_on_commit(partial(broadcasts.initiative_links, initiative.pk, client or None))
    return initiative


def depends_on_transitively(start_id: int, company_id: int) -> set[int]:
    """Every active initiative `start_id` depends on, directly or through others."""
    through = Initiative.depends_on.through
    graph = nx.DiGraph()
    graph.add_edges_from(
        through.objects.filter(
            from_initiative__company_id=company_id,
            from_initiative__removed_at__isnull=True,
            to_initiative__removed_at__isnull=True,
        ).values_list("from_initiative_id", "to_initiative_id")
    )
    return nx.descendants(graph, start_id) if start_id in graph else set()


@transaction.atomic
def set_dependency(
    initiative: Initiative, other_id: int, on: bool, author: Author, client: str = ""
) -> Initiative:
    """Say `initiative` depends (or no longer depends) on another of the company's
    initiatives. Refuses itself, other companies' initiatives and cycles."""
    company = initiative.company
    check_open(_workshop_id(company), author)
    # One writer at a time per company, so two ticks cannot close a cycle together.
    Company.objects.select_for_update().filter(pk=company.pk).first()
    if other_id == initiative.pk:
        raise ValidationError(_("An initiative cannot depend on itself."))
    other = Initiative.objects.active().filter(pk=other_id, company=company).first()
    if other is None:
        raise ValidationError(_("That initiative is not one of this company’s initiatives."))
    if on:
        if initiative.pk in depends_on_transitively(other.pk, company.pk):
            raise ValidationError(
                _(
                    "“%(other)s” already depends on “%(this)s” (directly or through another "
                    "initiative), so this would make a circle. Remove one of the links first."
                )
                % {"other": other.title, "this": initiative.title}
            )
        initiative.depends_on.add(other)
    else:
        initiative.depends_on.remove(other)
    push_on_commit(partial(broadcasts.initiative_links, initiative.pk, client or None))
    return initiative


# --- goals -------------------------------------------------------------------------


@transaction.atomic
def add_goal(company: Company, title: str, author: Author) -> Goal:
    check_open(_workshop_id(company), author)
    title = _clean_title(title, what=_("goal"), max_length=LIMITS[Goal])
    goal = Goal(company=company, title=title, position=_next_position(Goal, company))
    _stamp(goal, author)
    goal.save()
    push_on_commit(partial(broadcasts.goal_added, goal.pk))
    return goal


@transaction.atomic
def remove_goal(goal: Goal, author: Author) -> Goal:
    """Removed goals stay linked to their KPIs, so undo brings the links back."""
    check_open(_workshop_id(goal.company), author)
    if _soft(Goal, goal, author, removed=True) is not None:
        push_on_commit(partial(broadcasts.goal_removed, goal.pk))
    return goal


@transaction.atomic
def restore_goal(goal: Goal, author: Author) -> Goal:
    check_open(_workshop_id(goal.company), author)
    if _soft(Goal, goal, author, removed=False) is not None:
        push_on_commit(partial(broadcasts.goals_reordered, goal.company_id))
    return goal


@transaction.atomic
def move_goal(goal: Goal, offset: int, author: Author) -> None:
    _move(Goal, goal, offset, author, broadcasts.goals_reordered)


# --- KPIs --------------------------------------------------------------------------


@transaction.atomic
def add_kpi(
    company: Company,
    name: str,
    author: Author,
    *,
    initiative_id: int | None = None,
    goal_id: int | None = None,
) -> Kpi:
    """A new KPI, optionally measuring one of the company's initiatives or goals."""
    check_open(_workshop_id(company), author)
    name = _clean_title(name, what=_("KPI"), max_length=LIMITS[Kpi])
    initiative = goal = None
    if initiative_id:
        initiative = Initiative.objects.active().filter(pk=initiative_id, company=company).first()
        if initiative is None:
            raise ValidationError(_("That initiative is not one of this company’s initiatives."))
    if goal_id:
        goal = Goal.objects.active().filter(pk=goal_id, company=company).first()
        if goal is None:
            raise ValidationError(_("That goal is not one of this company’s goals."))
    kpi = Kpi(
        company=company,
        name=name,
        initiative=initiative,
        goal=goal,
        position=_next_position(Kpi, company),
    )
    _stamp(kpi, author)
    kpi.save()
    push_on_commit(partial(broadcasts.kpi_added, kpi.pk))
    return kpi


@transaction.atomic
def remove_kpi(kpi: Kpi, author: Author) -> Kpi:
    check_open(_workshop_id(kpi.company), author)
    if _soft(Kpi, kpi, author, removed=True) is not None:
        push_on_commit(partial(broadcasts.kpi_removed, kpi.pk))
    return kpi


@transaction.atomic
def restore_kpi(kpi: Kpi, author: Author) -> Kpi:
    check_open(_workshop_id(kpi.company), author)
    if _soft(Kpi, kpi, author, removed=False) is not None:
        push_on_commit(partial(broadcasts.kpis_reordered, kpi.company_id))
    return kpi


@transaction.atomic
def move_kpi(kpi: Kpi, offset: int, author: Author) -> None:
    _move(Kpi, kpi, offset, author, broadcasts.kpis_reordered)
