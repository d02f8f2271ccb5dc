"""A company's vision beside its baseline; the gallery and its spotlight."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from teams import companies
from teams.models import Assessment
from vision import selectors, services
from vision.models import Showcase, Target
from workshop.editing import Author

from ..conftest import attendee_client_for
from ..part2_factories import FindingFactory, framework_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dims(workshop):
    return list(framework_for(workshop).dimensions.all())


@pytest.fixture
def acme(team_a, anna, dims):
    return companies.create_company(team_a, "Acme AB", Author(participant=anna))


def test_a_vision_starts_at_the_workshop_horizon_with_one_target_per_dimension(acme, dims):
    vision = services.ensure_vision(acme)
    assert vision.target_year == acme.team.workshop.horizon_year
    assert vision.targets.count() == len(dims)
    assert services.ensure_vision(acme).pk == vision.pk  # one per company


def test_the_jump_compares_the_primary_baseline_with_the_targets(acme, dims):
    Assessment.objects.filter(baseline=acme.primary_baseline(), dimension=dims[0]).update(level=2)
    vision = services.ensure_vision(acme)
    Target.objects.filter(vision=vision, dimension=dims[0]).update(level=4)
    Target.objects.filter(vision=vision, dimension=dims[1]).update(level=3)
    rows = {
        r.dimension.pk: r for r in selectors.jump(selectors.fresh_vision(vision.pk))["jump_rows"]
    }
    assert (rows[dims[0].pk].today, rows[dims[0].pk].target, rows[dims[0].pk].jump) == (2, 4, 2)
    assert rows[dims[1].pk].jump is None  # no baseline level yet: no made-up jump


def test_the_vision_page_shows_todays_level_beside_each_target(client, acme, anna, dims, team_a):
    Assessment.objects.filter(baseline=acme.primary_baseline(), dimension=dims[0]).update(level=2)
    attendee_client_for(client, anna)
    response = client.get(reverse("vision:vision", args=[team_a.workshop_id, team_a.pk, acme.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Today: 2 · Repeatable" in html
    assert "is-reference" in html  # the 'today' tile is marked on the target ladder
    assert "<svg" in html


def test_only_revealed_findings_can_be_tagged(acme, anna, workshop):
    vision = services.ensure_vision(acme)
    hidden = FindingFactory(workshop=workshop)
    shown = FindingFactory(workshop=workshop, revealed_at=timezone.now())
    author = Author(participant=anna)
    with pytest.raises(ValidationError):
        services.set_finding(vision, hidden.pk, True, author)
    services.set_finding(vision, shown.pk, True, author)
    assert list(vision.findings.all()) == [shown]
    services.set_finding(vision, shown.pk, False, author)
    assert not vision.findings.exists()


def test_a_finding_of_another_workshop_cannot_be_tagged(acme, anna):
    foreign = FindingFactory(revealed_at=timezone.now())
    vision = services.ensure_vision(acme)
    with pytest.raises(ValidationError):
        services.set_finding(vision, foreign.pk, True, Author(participant=anna))


def test_tagging_over_http_answers_with_the_list(client, acme, anna, team_a, workshop):
    services.ensure_vision(acme)
    shown = FindingFactory(
        workshop=workshop, title="Strategy execution", revealed_at=timezone.now()
    )
    attendee_client_for(client, anna)
    url = reverse("vision:vision_finding", args=[team_a.workshop_id, team_a.pk, acme.pk])
    response = client.post(url, {"item": shown.pk, "on": "on"})
    assert response.status_code == 200
    assert "checked" in response.content.decode()
    assert acme.vision.findings.filter(pk=shown.pk).exists()
    bad = client.post(url, {"item": "x", "on": "on"})
    assert bad.status_code == 422


def test_gallery_shows_written_visions_and_the_spotlight_walks_through_them(
    acme, team_b, bo, workshop
):
    other = companies.create_company(team_b, "Birka AB", Author(participant=bo))
    for company, text in ((acme, "Acme vision"), (other, "Birka vision")):
        vision = services.ensure_vision(company)
        vision.statement = text
        vision.save()
    blank = companies.create_company(team_b, "Blank AB", Author(participant=bo))
    services.ensure_vision(blank)
    gallery = selectors.gallery(workshop)
    assert [v.company.name for v in gallery["visions"]] == ["Acme AB", "Birka AB"]
    assert gallery["spotlight"] is None
    services.step_spotlight(workshop, +1)
    assert selectors.gallery(workshop)["spotlight"]["vision"].company == acme
    services.step_spotlight(workshop, +1)
    services.step_spotlight(workshop, +1)  # stays on the last one
    assert selectors.gallery(workshop)["spotlight"]["vision"].company == other
    services.spotlight(workshop, None)
    assert Showcase.objects.get(workshop=workshop).spotlight is None


def test_spotlight_is_for_the_workshops_facilitators_only(
    client, acme, workshop, anna, other_facilitator
):
    vision = services.ensure_vision(acme)
    url = reverse("vision:spotlight", args=[workshop.pk])
    attendee_client_for(client, anna)
    assert client.post(url, {"vision": vision.pk}).status_code in (302, 404)
    client.force_login(other_facilitator)
    assert client.post(url, {"vision": vision.pk}).status_code == 404
    assert not Showcase.objects.filter(workshop=workshop, spotlight=vision).exists()


def test_spotlighting_a_vision_of_another_workshop_is_refused(facilitator_client, workshop):
    from ..factories import TeamFactory

    stranger_team = TeamFactory()
    framework_for(stranger_team.workshop)
    stranger = companies.create_company(stranger_team, "Other AB", Author(user=None))
    vision = services.ensure_vision(stranger)
    response = facilitator_client.post(
        reverse("vision:spotlight", args=[workshop.pk]), {"vision": vision.pk}
    )
    assert response.status_code == 404
    assert not Showcase.objects.filter(spotlight=vision).exists()


def test_the_vision_page_reads_the_same_number_of_queries_whatever_the_dimensions(acme, dims):
    from ..conftest import query_count
    from ..part2_factories import DimensionFactory

    def count():
        vision = services.ensure_vision(acme)
        return query_count(lambda: selectors.vision_page(selectors.fresh_vision(vision.pk)))

    before = count()
    for i in range(4):
        DimensionFactory(framework=dims[0].framework, key=f"extra-{i}", name=f"Extra {i}")
    assert count() == before
