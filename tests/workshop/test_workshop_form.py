"""Creating a workshop and changing its settings."""

import datetime

import pytest
from django.urls import reverse

from workshop import services
from workshop.models import Phase, Workshop

from ..conftest import errors_beside

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 14)
STANDARD_AGENDA = [
    ("welcome", "Welcome & join"),
    ("causal_map", "Part 1 — Path to a profession"),
    ("baseline", "Part 2a — Company PMO baselines"),
    ("briefing", "Part 2b — PMO Vision 2030 briefing"),
    ("vision", "Part 2c — Company PMO vision"),
    ("strategy", "Part 3 — Strategy"),
    ("wrap_up", "Wrap-up"),
]


def form_data(**overrides) -> dict:
    data = {
        "title": "PMO as a Profession — Vision & Strategy",
        "date": DAY.isoformat(),
        "venue": "Stockholm",
        "language": "en",
        "horizon_year": "",
        "team_choice": "choose",
    }
    data.update(overrides)
    return data


def create(client, **overrides):
    return client.post(reverse("workshop:create"), form_data(**overrides))


def created() -> Workshop:
    return Workshop.objects.get(venue="Stockholm")


# --- creating ---------------------------------------------------------------------------


def test_new_workshop_form_opens_for_a_signed_in_user(facilitator_client):
    response = facilitator_client.get(reverse("workshop:create"))
    assert response.status_code == 200
    assert "Create workshop" in response.content.decode()


def test_creating_a_workshop_opens_its_console(facilitator_client):
    response = create(facilitator_client)
    assert response["Location"] == reverse("workshop:console", args=[created().pk])


def test_missing_title_is_refused_beside_the_field(facilitator_client):
    content = create(facilitator_client, title="").content.decode()
    assert errors_beside(content, "id_title") == ["This field is required."]
    assert not Workshop.objects.filter(venue="Stockholm").exists()


def test_horizon_before_the_workshop_year_is_refused(facilitator_client):
    content = create(facilitator_client, horizon_year=str(DAY.year - 1)).content.decode()
    assert errors_beside(content, "id_horizon_year") == [
        "The vision horizon cannot lie before the workshop date."
    ]
    assert not Workshop.objects.filter(venue="Stockholm").exists()


def test_horizon_in_the_workshop_year_is_accepted(facilitator_client):
    create(facilitator_client, horizon_year=str(DAY.year))
    assert created().horizon_year == DAY.year


def test_horizon_defaults_to_three_years_after_the_workshop(facilitator_client):
    create(facilitator_client)
    assert created().horizon_year == DAY.year + 3


def test_creator_facilitates_the_workshop(facilitator_client, facilitator):
    create(facilitator_client)
    assert list(created().facilitators.all()) == [facilitator]


def test_creator_organises_the_workshop(facilitator_client, facilitator):
    create(facilitator_client)
    assert list(created().organisers.all()) == [facilitator]


def test_new_workshop_has_the_standard_agenda_in_order(facilitator_client):
    create(facilitator_client)
    phases = Phase.objects.filter(workshop=created())
    assert [(p.kind, p.title) for p in phases] == STANDARD_AGENDA


def test_new_workshop_starts_at_the_first_phase(facilitator_client):
    create(facilitator_client)
    workshop = created()
    assert workshop.current_phase == workshop.phases.first()


def test_new_workshop_joining_stays_open_until_the_end_of_the_day_after(facilitator_client):
    create(facilitator_client)
    assert created().code_expires_at == Workshop.default_code_expiry(DAY)


def test_new_workshop_is_on_the_creators_dashboard(facilitator_client):
    create(facilitator_client, title="Spring PMO day")
    content = facilitator_client.get(reverse("workshop:dashboard")).content.decode()
    assert "Spring PMO day" in content


# --- settings ---------------------------------------------------------------------------


def edit(client, workshop, **overrides):
    data = form_data(title=workshop.title, date=workshop.date.isoformat(), venue=workshop.venue)
    data.update(overrides)
    return client.post(reverse("workshop:edit", args=[workshop.pk]), data)


def test_settings_change_the_title(facilitator_client, workshop):
    edit(facilitator_client, workshop, title="Autumn PMO day")
    assert Workshop.objects.get(pk=workshop.pk).title == "Autumn PMO day"


def test_settings_refuse_a_horizon_before_the_workshop_year(facilitator_client, workshop):
    response = edit(facilitator_client, workshop, horizon_year=str(workshop.date.year - 1))
    assert "The vision horizon cannot lie before the workshop date." in response.content.decode()
    assert Workshop.objects.get(pk=workshop.pk).horizon_year == workshop.horizon_year


def test_moving_the_workshop_date_moves_when_joining_closes(facilitator_client, workshop):
    later = workshop.date + datetime.timedelta(days=30)
    edit(facilitator_client, workshop, date=later.isoformat())
    assert Workshop.objects.get(pk=workshop.pk).code_expires_at == Workshop.default_code_expiry(
        later
    )


def test_moving_the_date_through_the_service_moves_when_joining_closes(workshop):
    later = workshop.date + datetime.timedelta(days=30)
    services.update_workshop(Workshop.objects.get(pk=workshop.pk), date=later)
    assert Workshop.objects.get(pk=workshop.pk).code_expires_at == Workshop.default_code_expiry(
        later
    )
