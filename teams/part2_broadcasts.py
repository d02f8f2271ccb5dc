"""What changes in Part 2a push, to whom (called through push_on_commit).

Each builder reads fresh rows and yields (group, html, exclude_client), drawn by
the same partials as the pages.
"""

from collections.abc import Iterator

from workshop import live
from workshop.models import Workshop

from . import part2_selectors as selectors
from .models import Baseline, Company, Team

Push = Iterator[tuple[str, str, str | None]]


def team_companies(team_id: int) -> Push:
    context = live.read_once(("team_companies", team_id), lambda: _team_companies(team_id))
    if context is None:
        return
    yield (
        live.team_group(team_id),
        live.render_fragment("teams/companies.html#team-companies", context),
        None,
    )


def _team_companies(team_id: int) -> dict | None:
    team = Team.objects.filter(pk=team_id).select_related("workshop").first()
    return None if team is None else selectors.team_companies(team)


def _workshop(workshop_id: int) -> Workshop | None:
    return live.read_once(
        ("workshop", workshop_id), lambda: Workshop.objects.filter(pk=workshop_id).first()
    )


@live.coalesced
def progress(workshop_id: int) -> Push:
    """The progress board on the projector (Part 2a and 2c) and the console."""
    workshop = _workshop(workshop_id)
    if workshop is None:
        return
    html = live.render_fragment(
        "teams/progress.html#company-progress",
        live.read_once(("progress", workshop_id), lambda: selectors.progress(workshop)),
    )
    yield live.projector_group(workshop_id), html, None
    yield live.console_group(workshop_id), html, None


def progress_card(company_id: int) -> Push:
    """One company's card on the progress board (projector and console): a rename, a
    level or a vision statement changes that card, and the board is 70 KiB for 100
    companies."""
    items = live.read_once(("progress_card", company_id), lambda: _company_progress(company_id))
    if not items:
        return
    workshop_id = items[0].company.team.workshop_id
    html = live.render_fragment("teams/progress.html#progress-company", {"item": items[0]})
    yield live.projector_group(workshop_id), html, None
    yield live.console_group(workshop_id), html, None


def _company_progress(company_id: int) -> list[selectors.CompanyProgress]:
    company = Company.objects.active().filter(pk=company_id).select_related("team").first()
    if company is None:
        return []
    return selectors.company_progress(
        Company.objects.filter(pk=company_id), company.team.workshop_id
    )


@live.coalesced
def progress_summary(workshop_id: int) -> Push:
    """The board's totals (baselines complete, visions written): levels and visions
    change them, a rename does not."""
    workshop = _workshop(workshop_id)
    if workshop is None:
        return
    context = live.read_once(("progress", workshop_id), lambda: selectors.progress(workshop))
    html = live.render_fragment("teams/progress.html#progress-summary", context)
    yield live.projector_group(workshop_id), html, None
    yield live.console_group(workshop_id), html, None


@live.coalesced
def room_profile(workshop_id: int) -> Push:
    from .stats import room_profile_pushes

    yield from room_profile_pushes(workshop_id)


def company_header(company_id: int) -> Push:
    company = live.read_once(("company", company_id), lambda: _company(company_id))
    if company is None:
        return
    yield (
        live.company_group(company_id),
        live.render_fragment(
            "teams/_company.html#company-header", selectors.company_header(company)
        ),
        None,
    )


def _company(company_id: int) -> Company | None:
    return Company.objects.filter(pk=company_id).select_related("team__workshop").first()


def company_gone(company_id: int) -> Push:
    """A removed company's pages send their viewers back to the team workspace."""
    from django.urls import reverse

    company = Company.objects.filter(pk=company_id).select_related("team").first()
    if company is None:
        return
    url = reverse("teams:workspace", args=[company.team.workshop_id, company.team_id])
    yield (
        live.company_group(company_id),
        live.render_fragment("workshop/_room.html#redirect", {"url": url}),
        None,
    )


def baseline_tabs(company_id: int) -> Push:
    """The list of baselines changed (added, renamed, primary, removed)."""
    context = live.read_once(("baseline_tabs", company_id), lambda: _baseline_tabs(company_id))
    if context is None:
        return
    yield (
        live.company_group(company_id),
        live.render_fragment("teams/company_baseline.html#baseline-tabs", context),
        None,
    )


def _baseline_tabs(company_id: int) -> dict | None:
    company = _company(company_id)
    return None if company is None else selectors.baseline_tabs(company)


def _baseline(baseline_id: int) -> Baseline | None:
    """The baseline with its company, team, workshop and phase, read once for all languages
    (radar, completion and services all draw from it)."""
    return live.read_once(
        ("baseline", baseline_id),
        lambda: (
            Baseline.objects.filter(pk=baseline_id)
            .select_related("company__team__workshop__current_phase")
            .first()
        ),
    )


def baseline_radar(baseline_id: int) -> Push:
    baseline = _baseline(baseline_id)
    if baseline is None:
        return
    context = {"baseline": baseline, "radar_svg": selectors.baseline_radar(baseline)}
    yield (
        live.company_group(baseline.company_id),
        live.render_fragment("teams/company_baseline.html#baseline-radar", context),
        None,
    )


def baseline_completion(baseline_id: int) -> Push:
    baseline = _baseline(baseline_id)
    if baseline is None:
        return
    context = live.read_once(
        ("baseline_completion", baseline_id), lambda: selectors.baseline_completion(baseline)
    )
    yield (
        live.company_group(baseline.company_id),
        live.render_fragment("teams/company_baseline.html#baseline-completion", context),
        None,
    )


def baseline_services(baseline_id: int, exclude_client: str | None = None) -> Push:
    baseline = _baseline(baseline_id)
    if baseline is None:
        return
    context = live.read_once(
        ("baseline_services", baseline_id), lambda: selectors.baseline_services(baseline)
    )
    yield (
        live.company_group(baseline.company_id),
        live.render_fragment("teams/company_baseline.html#baseline-services", context),
        exclude_client,
    )
