"""What changes to a strategy push, to whom (called through push_on_commit).

Each builder reads fresh rows and yields (group, html, exclude_client), drawn by the
partials of strategy/company_strategy.html, the same the page renders. Added rows
are appended and removed rows deleted out of band, so a card a team mate is typing
in is never redrawn for someone else's addition.
"""

from collections.abc import Iterator

from teams.models import Company
from workshop import live

from . import selectors
from .models import Goal, Initiative, Kpi, Strategy

Push = Iterator[tuple[str, str, str | None]]
PAGE = selectors.PAGE


def _company(company_id: int) -> Company | None:
    """The company, if it is active and its strategy page has been opened (read once for
    all languages)."""
    return live.read_once(("strategy_company", company_id), lambda: _fresh_company(company_id))


def _fresh_company(company_id: int) -> Company | None:
    if not Strategy.objects.filter(company_id=company_id).exists():
        return None
    return (
        Company.objects.active()
        .filter(pk=company_id)
        .select_related("team__workshop__current_phase")
        .first()
    )


def _render(part: str, context: dict) -> str:
    return live.render_fragment(f"{PAGE}#{part}", context)


def overview(company_id: int) -> Push:
    """Warnings, gap table, roadmap and traceability: everything derived."""
    company = _company(company_id)
    if company is None:
        return
    context = selectors.overview(selectors.snapshot(company))
    for part in selectors.OVERVIEW_PARTS:
        yield live.company_group(company_id), _render(part, context), None


def heads(company_id: int) -> Push:
    """Every initiative card's head: number, schedule, band, flags, move buttons."""
    company = _company(company_id)
    if company is None:
        return
    for card in selectors.initiative_cards(selectors.snapshot(company)):
        context = selectors.card_context(card, company)
        yield live.company_group(company_id), _render("initiative-head", context), None


def cards(company_id: int, exclude: int | None = None, exclude_client: str | None = None) -> Push:
    """Every card's head and links (gaps, dependencies, KPIs). The links of card
    `exclude` skip `exclude_client`, who has just ticked them."""
    company = _company(company_id)
    if company is None:
        return
    group = live.company_group(company_id)
    for card in selectors.initiative_cards(selectors.snapshot(company)):
        context = selectors.card_context(card, company)
        yield group, _render("initiative-head", context), None
        skip = exclude_client if card.pk == exclude else None
        yield group, _render("initiative-links", context), skip


def kpi_choices(company_id: int) -> Push:
    """Each KPI's goal and initiative choices and the add form's initiatives (their
    options changed)."""
    from teams.editables import piece

    company = _company(company_id)
    if company is None:
        return
    snap = selectors.snapshot(company)
    yield live.company_group(company_id), _render("kpi-add-initiative", selectors.forms(snap)), None
    for kpi in snap.kpis:
        for name in ("initiative_id", "goal_id"):
            yield (
                live.company_group(company_id),
                live.render_fragment(*piece("kpi", kpi, name)),
                None,
            )


def _lists(company_id: int, *parts: str) -> Push:
    company = _company(company_id)
    if company is None:
        return
    context = selectors.lists(selectors.snapshot(company))
    for part in parts:
        yield live.company_group(company_id), _render(part, context), None


def _gone(company_id: int, dom_id: str) -> Push:
    yield live.company_group(company_id), _render("gone", {"dom_id": dom_id}), None


# --- initiatives ---------------------------------------------------------------------


def initiative_added(initiative_id: int) -> Push:
    """Appended for everyone, its author too: the add form's answer only resets the form."""
    initiative = Initiative.objects.filter(pk=initiative_id).first()
    company = initiative and _company(initiative.company_id)
    if company is None:
        return
    snap = selectors.snapshot(company)
    card = next((c for c in selectors.initiative_cards(snap) if c.pk == initiative_id), None)
    if card is not None:
        context = selectors.card_context(card, company)
        yield live.company_group(company.pk), _render("initiative-append", context), None
    yield from cards(company.pk)
    yield from overview(company.pk)
    yield from kpi_choices(company.pk)


def initiative_removed(initiative_id: int) -> Push:
    initiative = Initiative.objects.filter(pk=initiative_id).first()
    if initiative is None:
        return
    company_id = initiative.company_id
    yield from _gone(company_id, f"initiative-{initiative_id}")
    yield from _lists(company_id, "initiative-removed")
    yield from cards(company_id)
    yield from overview(company_id)
    yield from kpi_choices(company_id)


def initiatives_reordered(company_id: int) -> Push:
    """Moved or brought back: the whole list, in its new order."""
    yield from _lists(company_id, "initiative-list", "initiative-removed")
    yield from overview(company_id)
    yield from kpi_choices(company_id)


def initiative_links(initiative_id: int, exclude_client: str | None = None) -> Push:
    """A gap or a dependency was ticked on one card."""
    initiative = Initiative.objects.filter(pk=initiative_id).first()
    if initiative is None:
        return
    yield from cards(initiative.company_id, exclude=initiative_id, exclude_client=exclude_client)
    yield from overview(initiative.company_id)


# --- goals and KPIs ----------------------------------------------------------------------


def _appended(kind: str, pk: int, company_id: int, cards_of) -> Push:
    company = _company(company_id)
    if company is None:
        return
    cards_now = cards_of(selectors.snapshot(company))
    card = next((c for c in cards_now if getattr(c, kind).pk == pk), None)
    if card is not None:
        context = selectors.card_context(card, company)
        yield live.company_group(company_id), _render(f"{kind}-append", context), None


def goal_kpis(company_id: int) -> Push:
    """Under each goal, the KPIs that measure it."""
    company = _company(company_id)
    if company is None:
        return
    for card in selectors.goal_cards(selectors.snapshot(company)):
        context = selectors.card_context(card, company)
        yield live.company_group(company_id), _render("goal-kpis", context), None


def goal_added(goal_id: int) -> Push:
    goal = Goal.objects.filter(pk=goal_id).first()
    if goal is None:
        return
    yield from _appended("goal", goal_id, goal.company_id, selectors.goal_cards)
    yield from kpi_choices(goal.company_id)


def goal_removed(goal_id: int) -> Push:
    goal = Goal.objects.filter(pk=goal_id).first()
    if goal is None:
        return
    yield from _gone(goal.company_id, f"goal-{goal_id}")
    yield from _lists(goal.company_id, "goal-removed")
    yield from kpi_choices(goal.company_id)


def goals_reordered(company_id: int) -> Push:
    yield from _lists(company_id, "goal-list", "goal-removed")
    yield from kpi_choices(company_id)


def kpi_added(kpi_id: int) -> Push:
    kpi = Kpi.objects.filter(pk=kpi_id).first()
    if kpi is None:
        return
    yield from _appended("kpi", kpi_id, kpi.company_id, selectors.kpi_cards)
    if kpi.initiative_id:
        yield from cards(kpi.company_id)
        yield from overview(kpi.company_id)
    if kpi.goal_id:
        yield from goal_kpis(kpi.company_id)


def kpi_removed(kpi_id: int) -> Push:
    kpi = Kpi.objects.filter(pk=kpi_id).first()
    if kpi is None:
        return
    yield from _gone(kpi.company_id, f"kpi-{kpi_id}")
    yield from _lists(kpi.company_id, "kpi-removed")
    yield from cards(kpi.company_id)
    yield from overview(kpi.company_id)
    yield from goal_kpis(kpi.company_id)


def kpis_reordered(company_id: int) -> Push:
    yield from _lists(company_id, "kpi-list", "kpi-removed")
    yield from cards(company_id)
    yield from overview(company_id)
    yield from goal_kpis(company_id)
