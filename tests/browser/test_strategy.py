"""Two team mates on one company's strategy page: an initiative added and tied to a gap
by one appears for the other, the gap's check clears and the roadmap draws its bar."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from strategy.models import Initiative
from tests.browser.helpers import open_as_attendee, wait_until_live
from tests.factories import ParticipantFactory
from tests.strategy.workspace_setup import dimensions, ready_company

pytestmark = pytest.mark.browser


def test_an_initiative_added_by_one_team_mate_closes_the_gap_for_both(new_page, workshop, team_a):
    dims = dimensions(workshop)
    anna = ParticipantFactory(team=team_a, display_name="Anna")
    alex = ParticipantFactory(team=team_a, display_name="Alex")
    # Governance 2 → 4 and methods 2 → 3: two open gaps, no initiative yet.
    acme = ready_company(team_a, anna, "Åre Älvdalen Öresund AB", levels=(2, 2), targets=(4, 3))
    governance = dims[0]

    url = reverse("strategy:strategy", args=[workshop.pk, team_a.pk, acme.pk])
    first = open_as_attendee(new_page, anna, viewport=(1366, 900))
    first.goto(url)
    wait_until_live(first)
    second = open_as_attendee(new_page, alex, viewport=(1366, 900))
    second.goto(url)
    wait_until_live(second)

    uncovered = f'#strategy-warnings [data-kind="gap_uncovered"][data-dimension="{governance.pk}"]'
    expect(second.locator(uncovered)).to_have_count(1)
    expect(second.locator("#strategy-warnings [data-kind='gap_uncovered']")).to_have_count(2)

    # Anna adds an initiative …
    first.locator("#new-initiative-title").fill("Portfolio board för Öresund")
    first.get_by_role("button", name="Add initiative").click()
    expect(first.locator("#initiative-list .initiative-card")).to_have_count(1)
    expect(first.locator("#new-initiative-title")).to_have_value("")  # the form is ready again
    initiative = Initiative.objects.get(company=acme)
    card = f"#initiative-{initiative.pk}"
    # … Alex sees it without reloading …
    expect(second.locator(f"{card} #input-initiative-{initiative.pk}-title")).to_have_value(
        "Portfolio board för Öresund"
    )
    # … Anna ticks the gap it closes, and the check on governance clears for Alex.
    first.locator(f"#initiative-links-{initiative.pk} label", has_text=governance.label).click()
    expect(second.locator(uncovered)).to_have_count(0)
    expect(second.locator("#strategy-warnings [data-kind='gap_uncovered']")).to_have_count(1)
    expect(second.locator(f"#initiative-links-{initiative.pk} input:checked")).to_have_count(1)

    # Anna schedules it; the roadmap on Alex's screen draws the bar.
    start = first.locator(f"#input-initiative-{initiative.pk}-start_quarter")
    start.fill("2027 Q1")
    start.press("Tab")
    end = first.locator(f"#input-initiative-{initiative.pk}-end_quarter")
    end.fill("Q4 2027")
    end.press("Tab")
    bar = second.locator("#strategy-roadmap svg .roadmap__bar")
    expect(bar).to_have_count(1)
    expect(bar.locator("title")).to_contain_text("2027 Q1 – 2027 Q4")
    expect(second.locator("#strategy-roadmap svg")).to_contain_text("Portfolio board för Öresund")
    expect(second.locator(f"#initiative-head-{initiative.pk}")).to_contain_text("2027 Q1 → 2027 Q4")

    initiative.refresh_from_db()
    assert (initiative.start_label, initiative.end_label) == ("2027 Q1", "2027 Q4")
    assert [g.dimension_id for g in initiative.gaps.all()] == [governance.pk]
