"""Who may download which pack."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from strategy import pack_views
from strategy.models import PackExport

from ..conftest import PASSWORD, attendee_client_for
from ..factories import UserFactory, WorkshopFactory
from ..part2_factories import CompanyFactory, framework_for
from .pack_helpers import full_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(workshop, team_a):
    framework_for(workshop)
    return full_company(team_a, "Åre Älvdalen Öresund AB")


@pytest.fixture
def team_url(workshop):
    def url(team, company):
        return reverse("strategy:team_pack", args=[workshop.pk, team.pk, company.pk])

    return url


@pytest.fixture
def done_export(workshop):
    return PackExport.objects.create(
        workshop=workshop,
        token="a" * 32,
        status=PackExport.Status.DONE,
        total=1,
        done=1,
        finished_at=timezone.now(),
    )


def organiser_urls(workshop, acme, export):
    return [
        reverse("strategy:packs", args=[workshop.pk]),
        reverse("strategy:pack", args=[workshop.pk, acme.pk]),
        reverse("strategy:pack_export_progress", args=[workshop.pk, export.token]),
        reverse("strategy:pack_export_download", args=[workshop.pk, export.token]),
    ]


def test_a_team_downloads_its_own_company_s_pack(client, anna, acme, team_a, team_url):
    response = attendee_client_for(client, anna).get(team_url(team_a, acme))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        'attachment; filename="Are-Alvdalen-Oresund-AB-PMO-strategy-pack.pdf"; '
        "filename*=UTF-8''%C3%85re%20%C3%84lvdalen%20%C3%96resund%20AB%20-%20PMO%20strategy"
        "%20pack.pdf"
    )


def test_another_team_cannot_download_the_pack(client, bo, acme, team_a, team_b, team_url):
    attendee_client_for(client, bo)
    with mock.patch.object(pack_views, "render_pack") as render:
        # Acme under Bo's own team: no such company there.
        assert client.get(team_url(team_b, acme)).status_code == 404
        # Acme's real address: not Bo's team.
        assert client.get(team_url(team_a, acme)).status_code == 403
    render.assert_not_called()


def test_a_removed_company_has_no_pack(client, anna, acme, team_a, team_url):
    acme.removed_at = timezone.now()
    acme.save()
    assert attendee_client_for(client, anna).get(team_url(team_a, acme)).status_code == 404


def test_an_anonymous_visitor_gets_no_pack(client, acme, team_a, team_url, workshop, done_export):
    assert client.get(team_url(team_a, acme)).status_code == 403
    for url in organiser_urls(workshop, acme, done_export):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("strategy:pack_export", args=[workshop.pk]))
    assert response.status_code == 302
    assert not PackExport.objects.exclude(pk=done_export.pk).exists()


def test_an_organiser_of_another_workshop_gets_404(client, acme, workshop, done_export):
    stranger = UserFactory()
    WorkshopFactory(created_by=stranger).organisers.add(stranger)
    client.login(username=stranger.username, password=PASSWORD)
    with mock.patch.object(pack_views, "render_pack") as render:
        for url in organiser_urls(workshop, acme, done_export):
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("strategy:pack_export", args=[workshop.pk])).status_code == 404
    render.assert_not_called()
    assert PackExport.objects.count() == 1


def test_an_attendee_cannot_use_the_organiser_pages(client, anna, acme, workshop):
    attendee_client_for(client, anna)
    response = client.get(reverse("strategy:packs", args=[workshop.pk]))
    assert response.status_code == 302  # to the login page: attendees have no account


def test_an_organiser_of_this_workshop_downloads_any_pack(client, organiser, acme, workshop):
    client.login(username=organiser.username, password=PASSWORD)
    page = client.get(reverse("strategy:packs", args=[workshop.pk]))
    assert page.status_code == 200
    assert "Åre Älvdalen Öresund AB" in page.content.decode()
    assert "Download all as ZIP" in page.content.decode()
    response = client.get(reverse("strategy:pack", args=[workshop.pk, acme.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_facilitator_downloads_any_pack(facilitator_client, acme, workshop):
    assert facilitator_client.get(reverse("strategy:packs", args=[workshop.pk])).status_code == 200
    response = facilitator_client.get(reverse("strategy:pack", args=[workshop.pk, acme.pk]))
    assert response.status_code == 200


def test_a_facilitator_team_url_works_too(facilitator_client, acme, team_a, team_url):
    assert facilitator_client.get(team_url(team_a, acme)).status_code == 200


def test_a_company_of_another_workshop_is_not_reachable_through_this_one(
    client, organiser, workshop
):
    elsewhere = CompanyFactory()
    client.login(username=organiser.username, password=PASSWORD)
    with mock.patch.object(pack_views, "render_pack") as render:
        response = client.get(reverse("strategy:pack", args=[workshop.pk, elsewhere.pk]))
    assert response.status_code == 404
    render.assert_not_called()


def test_an_export_of_another_workshop_is_not_reachable_through_this_one(
    client, organiser, workshop
):
    other = PackExport.objects.create(
        workshop=WorkshopFactory(), token="b" * 32, status=PackExport.Status.DONE
    )
    client.login(username=organiser.username, password=PASSWORD)
    url = reverse("strategy:pack_export_download", args=[workshop.pk, other.token])
    assert client.get(url).status_code == 404


def test_the_dashboard_links_an_organiser_to_the_packs(client, organiser, workshop):
    client.login(username=organiser.username, password=PASSWORD)
    html = client.get(reverse("workshop:dashboard")).content.decode()
    assert reverse("strategy:packs", args=[workshop.pk]) in html
