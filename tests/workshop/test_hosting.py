import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from workshop.models import HostingRequest

from ..conftest import attendee_client_for
from ..factories import UserFactory, WorkshopFactory

GOOD = {
    "community_name": "PMO Community Gothenburg",
    "city": "Gothenburg",
    "country": "Sweden",
    "contact_name": "Greta Lind",
    "contact_email": "greta@example.org",
    "expected_attendees": "35",
    "preferred_dates": "March or April 2027",
    "message": "We meet monthly and would love a full day on the profession.",
    "website": "",
}


def send(client, follow=False, **changes):
    return client.post(reverse("hosting_request"), {**GOOD, **changes}, follow=follow)


@pytest.fixture
def organiser(db):
    user = UserFactory()
    WorkshopFactory().organisers.add(user)
    return user


@pytest.fixture
def hosting_request(db):
    return HostingRequest.objects.create(**{k: v for k, v in GOOD.items() if k != "website"})


# --- the public form ----------------------------------------------------------------------


def test_public_page_shows_the_form_and_a_hidden_honeypot(client, db):
    page = client.get(reverse("hosting_request")).content.decode()
    assert "Bring this workshop to your PMO community" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'aria-hidden="true"' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page and 'autocomplete="off"' in page


def test_good_request_is_stored_and_sends_one_email(
    client, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)
    assert response.status_code == 302
    stored = HostingRequest.objects.get()
    assert (stored.community_name, stored.status) == ("PMO Community Gothenburg", "new")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "PMO Community Gothenburg" in mail.subject
    assert "greta@example.org" in mail.body and "March or April 2027" in mail.body
    assert organiser.email in mail.to  # with the workshop's facilitator: both run workshops
    assert mail.reply_to == ["greta@example.org"]


def test_good_request_ends_on_the_thank_you(client, db):
    response = send(client)
    page = client.get(response["Location"]).content.decode()
    assert "Thank you" in page and 'name="community_name"' not in page


def test_notification_goes_to_hosting_notify_when_set(
    client, organiser, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.HOSTING_NOTIFY = ["events@example.org", "board@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    assert mailoutbox[0].to == ["events@example.org", "board@example.org"]


def test_bad_email_is_refused_beside_the_field_and_nothing_stored(
    client, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, contact_email="greta-at-example")
    assert response.status_code == 400
    assert "Enter an e-mail address we can answer" in response.content.decode()
    assert response.context["form"].errors["contact_email"]
    assert not HostingRequest.objects.exists()
    assert mailoutbox == []


def test_attendee_count_outside_1_to_1000_is_refused(client, db):
    assert send(client, expected_attendees="1001").status_code == 400
    assert send(client, expected_attendees="0").status_code == 400
    assert not HostingRequest.objects.exists()


def test_filled_honeypot_shows_thank_you_and_stores_and_sends_nothing(
    client, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, website="http://spam.example", follow=True)
    assert "Thank you" in response.content.decode()
    assert not HostingRequest.objects.exists()
    assert mailoutbox == []


def test_sixth_request_in_a_minute_is_refused_and_not_stored(client, db):
    for _ in range(5):
        assert send(client).status_code == 302
    response = send(client, community_name="Sixth community")
    assert response.status_code == 429
    assert "Too many requests from this address" in response.content.decode()
    assert HostingRequest.objects.count() == 5
    assert not HostingRequest.objects.filter(community_name="Sixth community").exists()


def test_rate_limit_is_per_client_address(client, db):
    for _ in range(5):
        send(client)
    response = client.post(reverse("hosting_request"), GOOD, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_request_without_csrf_token_is_refused(db):
    response = Client(enforce_csrf_checks=True).post(reverse("hosting_request"), GOOD)
    assert response.status_code == 403
    assert not HostingRequest.objects.exists()


def test_join_page_links_to_the_hosting_form(client, db):
    assert reverse("hosting_request") in client.get(reverse("join")).content.decode()


# --- the organisers' list -----------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("hosting_requests"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_plain_user_gets_404(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("hosting_requests")).status_code == 404


def test_attendee_gets_404(client, anna):
    client.force_login(UserFactory())
    attendee = attendee_client_for(client, anna)
    assert attendee.get(reverse("hosting_requests")).status_code == 404


def test_attendee_without_account_is_sent_to_login(client, anna):
    attendee = attendee_client_for(client, anna)
    assert attendee.get(reverse("hosting_requests")).status_code == 302


def test_organiser_sees_the_requests(client, organiser, hosting_request):
    client.force_login(organiser)
    response = client.get(reverse("hosting_requests"))
    assert response.status_code == 200
    assert "PMO Community Gothenburg" in response.content.decode()


def test_facilitator_and_staff_see_the_requests(client, facilitator, workshop, db):
    client.force_login(facilitator)
    assert client.get(reverse("hosting_requests")).status_code == 200
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("hosting_requests")).status_code == 200


def test_status_filter_shows_only_that_status(client, organiser, hosting_request):
    other = HostingRequest.objects.get(pk=hosting_request.pk)
    other.pk = None
    other.community_name = "Declined club"
    other.status = "declined"
    other.save()
    client.force_login(organiser)
    page = client.get(reverse("hosting_requests"), {"status": "declined"}).content.decode()
    assert "Declined club" in page and "PMO Community Gothenburg" not in page


def test_organiser_changes_status_and_note(client, organiser, hosting_request):
    client.force_login(organiser)
    url = reverse("hosting_request_answer", args=[hosting_request.pk])
    response = client.post(
        url, {"status": "contacted", "organiser_notes": "Called Greta"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    hosting_request.refresh_from_db()
    assert (hosting_request.status, hosting_request.organiser_notes) == (
        "contacted",
        "Called Greta",
    )
    assert hosting_request.handled_by == organiser


def test_bad_status_is_refused_and_changes_nothing(client, organiser, hosting_request):
    client.force_login(organiser)
    url = reverse("hosting_request_answer", args=[hosting_request.pk])
    response = client.post(url, {"status": "approved", "organiser_notes": "x"})
    assert response.status_code == 400
    assert "Choose new, contacted, scheduled or declined." in response.content.decode()
    hosting_request.refresh_from_db()
    assert (hosting_request.status, hosting_request.organiser_notes) == ("new", "")


def test_plain_user_cannot_change_a_status(client, hosting_request):
    client.force_login(UserFactory())
    url = reverse("hosting_request_answer", args=[hosting_request.pk])
    assert client.post(url, {"status": "declined"}).status_code == 404
    hosting_request.refresh_from_db()
    assert hosting_request.status == "new"
