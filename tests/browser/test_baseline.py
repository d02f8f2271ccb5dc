"""Two team mates fill one company's baseline at once; the projector follows live."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teams import companies
from teams.models import Assessment
from tests.browser.helpers import login_session, open_as_attendee, wait_until_live
from tests.factories import ParticipantFactory, TeamFactory
from tests.part2_factories import framework_for
from workshop.editing import Author
from workshop.models import Phase

pytestmark = pytest.mark.browser

CHOSEN = re.compile(r"\bis-chosen\b")


def open_projector(new_page, workshop):
    page = new_page(viewport=(1280, 720))
    session = login_session(workshop.facilitators.first())
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": session.session_key,
                "domain": "127.0.0.1",
                "path": "/",
            }
        ]
    )
    page.goto(reverse("workshop:projector", args=[workshop.pk]))
    wait_until_live(page)
    page.evaluate("window.__noReload = true")
    return page


def tile(page, assessment, level):
    return page.locator(f"#choice-assessment-{assessment.pk}-level label.choice-tile").nth(
        level - 1
    )


def test_two_team_mates_fill_one_baseline_and_the_projector_follows(new_page, workshop, team_a):
    dims = list(framework_for(workshop).dimensions.all())
    workshop.current_phase = workshop.phases.get(kind=Phase.Kind.BASELINE)
    workshop.save()
    # Three other companies with complete baselines: the room profile shows figures
    # once at least three companies have a level in a dimension.
    for name, level in (("Birka AB", 2), ("Cirrus AB", 3), ("Delta AB", 4)):
        team = TeamFactory(workshop=workshop, name=f"Team {name}")
        other = companies.create_company(team, name, Author(user=workshop.facilitators.first()))
        Assessment.objects.filter(baseline=other.primary_baseline()).update(level=level)

    anna = ParticipantFactory(team=team_a, display_name="Anna")
    alex = ParticipantFactory(team=team_a, display_name="Alex")
    acme = companies.create_company(team_a, "Åre Älvdalen Öresund AB", Author(participant=anna))
    baseline = acme.primary_baseline()
    rows = [Assessment.objects.get(baseline=baseline, dimension=d) for d in dims]

    projector = open_projector(new_page, workshop)
    progress = projector.locator(f'.progress-company[data-company="{acme.pk}"]')
    expect(progress).to_contain_text("Åre Älvdalen Öresund AB")
    expect(progress.locator('[data-mark="baseline"]')).to_contain_text(f"0/{len(dims)}")
    profile = projector.locator("#room-profile")
    profile_before = profile.inner_html()

    url = reverse("teams:baseline", args=[workshop.pk, team_a.pk, acme.pk, baseline.pk])
    first = open_as_attendee(new_page, anna)
    first.goto(url)
    wait_until_live(first)
    second = open_as_attendee(new_page, alex)
    second.goto(url)
    wait_until_live(second)

    # Anna reads the descriptors and picks level 3 for the first dimension.
    tile(first, rows[0], 3).click()
    expect(tile(first, rows[0], 3)).to_have_class(CHOSEN)
    expect(tile(second, rows[0], 3)).to_have_class(CHOSEN)  # live on Alex's screen
    # At the same time Alex picks level 1 for the second dimension.
    tile(second, rows[1], 1).click()
    expect(tile(first, rows[1], 1)).to_have_class(CHOSEN)
    # Both choices are kept: neither overwrote the other.
    expect(tile(second, rows[0], 3)).to_have_class(CHOSEN)

    # Evidence typed by Alex reaches Anna.
    evidence = f"#input-assessment-{rows[0].pk}-evidence"
    second.locator(evidence).press_sequentially("Monthly steering group")
    expect(first.locator(evidence)).to_have_value("Monthly steering group")

    # The rest of the baseline, then the projector shows it complete without reload.
    for row in rows[2:]:
        tile(first, row, 2).click()
        expect(tile(second, row, 2)).to_have_class(CHOSEN)
    expect(progress.locator('[data-mark="baseline"]')).to_contain_text("✓")
    # The room profile now counts Acme too (four companies instead of three).
    projector.wait_for_function(
        "before => document.querySelector('#room-profile').innerHTML !== before",
        arg=profile_before,
    )
    assert projector.evaluate("window.__noReload === true")

    levels = dict(Assessment.objects.filter(baseline=baseline).values_list("dimension_id", "level"))
    assert levels[dims[0].pk] == 3 and levels[dims[1].pk] == 1
    assert all(levels[d.pk] == 2 for d in dims[2:])
