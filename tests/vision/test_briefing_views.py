"""The facilitator's briefing page: who may open it, its forms and presenter controls."""

import pytest
from django.urls import reverse

from vision import briefing
from vision.models import Finding, Showcase

from ..conftest import attendee_client_for, errors_beside
from ..part2_factories import FindingFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def findings(workshop):
    return [
        FindingFactory(workshop=workshop, position=i, title=title)
        for i, title in enumerate(["Strategy execution", "Value over activity", "Hybrid work"])
    ]


def url(name, workshop, *args):
    return reverse(f"vision:{name}", args=[workshop.pk, *args])


# --- access -------------------------------------------------------------------------


def test_the_facilitator_opens_the_briefing_page(facilitator_client, workshop, findings):
    response = facilitator_client.get(url("briefing", workshop))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-keys="console"' in html
    assert 'id="key-next"' in html and 'id="key-prev"' in html
    assert "Strategy execution" in html and "Hybrid work" in html


def test_an_anonymous_visitor_is_sent_to_login(client, workshop):
    response = client.get(url("briefing", workshop))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_attendee_is_not_let_in(client, workshop, anna):
    """Attendees have no account: facilitator_required treats them as anonymous."""
    attendee_client_for(client, anna)
    response = client.get(url("briefing", workshop))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(url("briefing_present", workshop, "next")).status_code == 302
    assert not Showcase.objects.filter(workshop=workshop, finding__isnull=False).exists()


def test_another_facilitator_gets_a_404(client, workshop, findings, other_facilitator):
    client.force_login(other_facilitator)
    assert client.get(url("briefing", workshop)).status_code == 404
    assert client.post(url("briefing_present", workshop, "next"), **HTMX).status_code == 404
    assert client.post(url("finding_delete", workshop, findings[0].pk)).status_code == 404
    assert not Finding.objects.filter(revealed_at__isnull=False).exists()
    assert Finding.objects.filter(workshop=workshop).count() == 3


@pytest.mark.parametrize(
    "name,args",
    [
        ("briefing_present", ("next",)),
        ("finding_add", ()),
        ("briefing_demo", ()),
        ("finding_undo", ()),
    ],
)
def test_writes_are_post_only(facilitator_client, workshop, name, args):
    assert facilitator_client.get(url(name, workshop, *args)).status_code == 405


def test_a_finding_of_another_workshop_cannot_be_touched(facilitator_client, workshop):
    stranger = FindingFactory()
    for name in ("finding_show", "finding_delete"):
        assert facilitator_client.post(url(name, workshop, stranger.pk)).status_code == 404
    assert Finding.objects.filter(pk=stranger.pk, revealed_at__isnull=True).exists()


def test_writes_need_the_csrf_token(workshop, facilitator, findings):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(facilitator)
    assert strict.post(url("briefing_present", workshop, "next"), **HTMX).status_code == 403
    assert not Showcase.objects.filter(finding__isnull=False).exists()


# --- forms --------------------------------------------------------------------------


def test_adding_a_finding_redirects_to_it(facilitator_client, workshop):
    response = facilitator_client.post(
        url("finding_add", workshop), {"title": "Careers", "text": "A recognised path."}
    )
    finding = Finding.objects.get(workshop=workshop)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#finding-{finding.pk}")


def test_form_errors_are_shown_beside_the_field(facilitator_client, workshop):
    response = facilitator_client.post(
        url("finding_add", workshop), {"title": "", "text": "x" * 4001}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert errors_beside(html, "id_title") == ["Give the finding a short title."]
    assert any("4000 characters" in e for e in errors_beside(html, "id_text"))
    assert not Finding.objects.filter(workshop=workshop).exists()


def test_editing_a_finding_saves_it(facilitator_client, workshop, findings):
    page = facilitator_client.get(url("briefing", workshop) + f"?edit={findings[1].pk}")
    assert 'value="Value over activity"' in page.content.decode()
    seen = briefing.fingerprint(findings[1])
    response = facilitator_client.post(
        url("finding_edit", workshop, findings[1].pk),
        {"title": "Value first", "text": "Benefits over reports.", "seen": seen},
    )
    assert response.status_code == 302
    assert Finding.objects.get(pk=findings[1].pk).title == "Value first"


def test_a_second_editor_sees_the_first_ones_change_and_decides(
    facilitator_client, workshop, findings
):
    seen = briefing.fingerprint(findings[0])
    briefing.update_finding(findings[0], title="Theirs", text="Their text.")
    response = facilitator_client.post(
        url("finding_edit", workshop, findings[0].pk),
        {"title": "Mine", "text": "My text.", "seen": seen},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this finding" in html and "Their text." in html
    assert 'value="Mine"' in html
    assert Finding.objects.get(pk=findings[0].pk).title == "Theirs"  # nothing overwritten
    fresh_seen = briefing.fingerprint(Finding.objects.get(pk=findings[0].pk))
    assert f'value="{fresh_seen}"' in html
    facilitator_client.post(
        url("finding_edit", workshop, findings[0].pk),
        {"title": "Mine", "text": "My text.", "seen": fresh_seen},
    )
    assert Finding.objects.get(pk=findings[0].pk).title == "Mine"


def test_delete_can_be_undone(facilitator_client, workshop, findings):
    response = facilitator_client.post(url("finding_delete", workshop, findings[1].pk), **HTMX)
    assert response.status_code == 200
    assert 'id="briefing-undo"' in response.content.decode()
    assert Finding.objects.filter(workshop=workshop).count() == 2
    facilitator_client.post(url("finding_undo", workshop), **HTMX)
    assert list(
        Finding.objects.filter(workshop=workshop)
        .order_by("position")
        .values_list("title", flat=True)
    ) == ["Strategy execution", "Value over activity", "Hybrid work"]


def test_the_demo_button_fills_an_empty_briefing(facilitator_client, workshop):
    facilitator_client.post(url("briefing_demo", workshop))
    assert Finding.objects.filter(workshop=workshop).count() >= 6


# --- presenter ----------------------------------------------------------------------


def test_next_answers_with_the_presenter_and_the_list(facilitator_client, workshop, findings):
    response = facilitator_client.post(
        url("briefing_present", workshop, "next"), {"from": "overview"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="briefing-presenter"' in html and 'id="briefing-findings"' in html
    assert "1 of 3" in html
    assert Showcase.objects.get(workshop=workshop).finding == findings[0]


def test_a_stale_next_says_so_and_changes_nothing(facilitator_client, workshop, findings):
    briefing.reveal_next(workshop)
    response = facilitator_client.post(
        url("briefing_present", workshop, "next"), {"from": "overview"}, **HTMX
    )
    assert "already moved on" in response.content.decode()
    assert Showcase.objects.get(workshop=workshop).finding == findings[0]


def test_presenter_actions(facilitator_client, workshop, findings):
    def post(name, *args):
        return facilitator_client.post(url(name, workshop, *args), **HTMX)

    post("finding_show", findings[2].pk)
    assert Showcase.objects.get(workshop=workshop).finding == findings[2]
    post("briefing_present", "previous")
    assert Showcase.objects.get(workshop=workshop).finding == findings[1]
    post("briefing_present", "overview")
    assert Showcase.objects.get(workshop=workshop).finding is None
    post("briefing_present", "reset")
    assert not Finding.objects.filter(workshop=workshop, revealed_at__isnull=False).exists()
    assert post("briefing_present", "sideways").status_code == 404


def test_moving_a_finding_over_http(facilitator_client, workshop, findings):
    facilitator_client.post(url("finding_move", workshop, findings[2].pk, "up"), **HTMX)
    assert list(
        Finding.objects.filter(workshop=workshop)
        .order_by("position")
        .values_list("title", flat=True)
    ) == ["Strategy execution", "Hybrid work", "Value over activity"]


def test_a_reconnecting_page_refetches_its_live_parts(facilitator_client, workshop, findings):
    briefing.show(workshop, findings[1])
    response = facilitator_client.get(url("briefing_live", workshop), **HTMX)
    html = response.content.decode()
    assert 'id="briefing-presenter"' in html and "2 of 3" in html


def test_the_projector_shows_the_briefing_during_its_phase(facilitator_client, workshop, findings):
    from workshop.models import Phase

    workshop.current_phase = workshop.phases.get(kind=Phase.Kind.BRIEFING)
    workshop.save(update_fields=["current_phase"])
    briefing.show(workshop, findings[0])
    response = facilitator_client.get(reverse("workshop:projector", args=[workshop.pk]))
    html = response.content.decode()
    assert 'id="briefing-stage"' in html
    assert "Strategy execution" in html and "Finding 1 of 3" in html
    assert "Value over activity" not in html


def test_the_team_workspace_shows_revealed_findings_as_cards(client, workshop, findings, anna):
    briefing.show(workshop, findings[1])
    attendee_client_for(client, anna)
    response = client.get(reverse("teams:workspace", args=[workshop.pk, anna.team_id]))
    html = response.content.decode()
    assert 'id="finding-cards"' in html
    assert "Value over activity" in html
    assert "Hybrid work" not in html and "Strategy execution" not in html
