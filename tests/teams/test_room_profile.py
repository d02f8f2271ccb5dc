"""The room's anonymised profile: figures from primary baselines, and the fragment."""

import math

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from teams.stats import MIN_COMPANIES, room_profile, room_profile_context, room_profile_pushes
from workshop import live

from ..factories import TeamFactory, WorkshopFactory
from ..part2_factories import (
    AssessmentFactory,
    BaselineFactory,
    CompanyFactory,
    ReferenceSetFactory,
    ReferenceValueFactory,
    framework_for,
)


def company_with_levels(team, name, levels, *, dimensions, primary=True, company=None):
    """A company (or another baseline of `company`) with one level per dimension."""
    company = company or CompanyFactory(team=team, name=name)
    baseline = BaselineFactory(company=company, is_primary=primary, label=name)
    for dimension, level in zip(dimensions, levels, strict=True):
        AssessmentFactory(baseline=baseline, dimension=dimension, level=level)
    return company


@pytest.fixture
def dims(workshop):
    """The first two dimensions of the workshop's framework (the default one, or d1, d2)."""
    return list(framework_for(workshop, n=2).dimensions.all()[:2])


@pytest.fixture
def room(workshop, team_a, team_b, dims):
    """Three companies count; everything else must be ignored."""
    acme = company_with_levels(team_a, "Acme AB", [2, 4], dimensions=dims)
    # A second, non-primary baseline of Acme: ignored.
    company_with_levels(None, "Acme unit", [5, 5], dimensions=dims, primary=False, company=acme)
    company_with_levels(team_a, "Birka AB", [3, None], dimensions=dims)
    company_with_levels(team_b, "Cirrus AB", [4, 2], dimensions=dims)
    # No level at all: not one of the companies.
    company_with_levels(team_b, "Dala AB", [None, None], dimensions=dims)
    # Removed: ignored.
    gone = company_with_levels(team_b, "Gone AB", [1, 1], dimensions=dims)
    gone.removed_at = timezone.now()
    gone.save()
    # Another workshop: ignored.
    other = WorkshopFactory()
    other_dims = list(framework_for(other, n=2).dimensions.all()[:2])
    company_with_levels(TeamFactory(workshop=other), "Elsewhere AB", [1, 1], dimensions=other_dims)


def test_profile_uses_primary_baselines_of_this_workshop_only(workshop, dims, room):
    profile = room_profile(workshop)

    # Dimension 1: Acme 2, Birka 3, Cirrus 4 → n = 3, mean = 9 / 3 = 3,
    # population SD = sqrt(((2−3)² + (3−3)² + (4−3)²) / 3) = sqrt(2/3) ≈ 0.816.
    d1 = profile.dimensions[0]
    assert d1.dimension == dims[0]
    assert (d1.n, d1.mean, d1.min, d1.max) == (3, 3, 2, 4)
    assert d1.spread == pytest.approx(math.sqrt(2 / 3))
    assert d1.shown
    # Dimension 2: Acme 4, Cirrus 2 (Birka has none) → n = 2, mean = 3,
    # SD = sqrt((1² + 1²) / 2) = 1; too few companies to show.
    d2 = profile.dimensions[1]
    assert (d2.n, d2.mean, d2.spread, d2.min, d2.max) == (2, 3, 1, 2, 4)
    assert not d2.shown
    assert d2.waiting_for == MIN_COMPANIES - 2
    # Acme, Birka, Cirrus have a level; Dala has none, Gone is removed.
    assert profile.companies == 3


def test_empty_room_has_nothing_to_show(workshop, dims):
    profile = room_profile(workshop)

    assert profile.companies == 0
    assert profile.dimensions and all(d.n == 0 for d in profile.dimensions)
    assert not profile.any_shown


def fragment(workshop) -> str:
    return render_to_string("teams/room_profile.html#room-profile", room_profile_context(workshop))


def test_fragment_never_names_a_company_or_team(workshop, team_a, team_b, room):
    html = fragment(workshop)

    assert 'id="room-profile"' in html and "<svg" in html
    for name in ["Acme", "Birka", "Cirrus", "Dala", "Gone", team_a.name, team_b.name]:
        assert name not in html


def test_fragment_shows_figures_from_min_companies_and_waits_below(workshop, room):
    html = fragment(workshop)

    assert "3 companies" in html
    assert "<strong>3.0</strong> ± 0.8" in html  # dimension 1
    assert f"waiting (2/{MIN_COMPANIES})" in html  # dimension 2


def test_fragment_waits_for_more_companies_when_no_dimension_has_enough(workshop, team_a, dims):
    company_with_levels(team_a, "Acme AB", [2, 4], dimensions=dims)
    company_with_levels(team_a, "Birka AB", [3, 3], dimensions=dims)

    html = fragment(workshop)

    assert "Waiting for more companies" in html
    assert "± " not in html.split("<table", 1)[1]  # no figure in the table
    assert "Acme" not in html


def test_fragment_shows_shown_reference_sets_labelled_illustrative(workshop, dims, room):
    sweden = ReferenceSetFactory(workshop=workshop, name="Sweden", illustrative=True)
    ReferenceValueFactory(reference_set=sweden, dimension=dims[0], mean="3.40")
    hidden = ReferenceSetFactory(workshop=workshop, name="Hidden set", shown=False)
    ReferenceValueFactory(reference_set=hidden, dimension=dims[0])

    html = fragment(workshop)

    assert "Sweden (illustrative)" in html
    assert "3.4" in html
    assert "not survey results" in html
    assert "Hidden set" not in html


def test_pushes_go_to_projector_and_console(workshop, room):
    pushes = list(room_profile_pushes(workshop.pk))

    assert [group for group, _, _ in pushes] == [
        live.projector_group(workshop.pk),
        live.page_group("benchmarks", workshop.pk),
    ]
    assert all(
        'id="room-profile"' in html and 'hx-swap-oob="true"' in html for _, html, _ in pushes
    )
