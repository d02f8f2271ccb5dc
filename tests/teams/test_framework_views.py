"""The facilitator's framework page: who may open it, the dimension editor with errors
beside the field, reordering and deleting, the services catalogue, import and export."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teams import framework
from teams.models import Dimension, Framework, Service

from ..conftest import attendee_client_for, errors_beside
from ..part2_factories import AssessmentFactory, BaselineFactory, CompanyFactory

pytestmark = pytest.mark.django_db

LEVELS = {f"level_{n}": f"What level {n} looks like." for n in range(1, 6)}


def url(name, workshop, *args):
    return reverse(f"teams:{name}", args=[workshop.pk, *args])


def dimension(workshop, key) -> Dimension:
    return Dimension.objects.get(framework__workshop=workshop, key=key)


def keys(workshop) -> list[str]:
    return list(
        Dimension.objects.filter(framework__workshop=workshop).values_list("key", flat=True)
    )


def service_names(workshop) -> list[str]:
    return list(Service.objects.filter(workshop=workshop).values_list("name", flat=True))


def dimension_post(d: Dimension, **changes) -> dict:
    data = {
        "key": d.key,
        "name": d.name,
        "short_name": d.short_name,
        "description": d.description,
        **{f"level_{n}": d.descriptor(n) for n in range(1, 6)},
    }
    data.update(changes)
    return data


def upload(data, name="framework.json") -> SimpleUploadedFile:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, raw, content_type="application/json")


# --- access -------------------------------------------------------------------------------


def test_the_facilitator_sees_every_dimension_with_its_five_levels(facilitator_client, workshop):
    response = facilitator_client.get(url("framework", workshop))
    html = response.content.decode()
    assert response.status_code == 200
    for d in Dimension.objects.filter(framework__workshop=workshop):
        assert d.name in html
        assert html.count(f'id="fw-dimension-{d.pk}"') == 1
    governance = dimension(workshop, "governance")
    for n in range(1, 6):
        assert governance.descriptor(n).replace("'", "&#x27;") in html
    assert "Portfolio prioritisation" in html
    assert reverse("workshop:console", args=[workshop.pk]) in html


def test_an_anonymous_visitor_is_sent_to_login(client, workshop):
    response = client.get(url("framework", workshop))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_attendee_is_sent_to_login_and_sees_nothing(client, workshop, anna):
    attendee = attendee_client_for(client, anna)
    response = attendee.get(url("framework", workshop))
    assert response.status_code == 302
    assert "Governance" not in response.content.decode()


def test_a_facilitator_of_another_workshop_gets_404(client, workshop, other_facilitator):
    client.force_login(other_facilitator)
    assert client.get(url("framework", workshop)).status_code == 404
    assert client.get(url("framework_export", workshop)).status_code == 404


def test_a_facilitator_of_another_workshop_changes_nothing(client, workshop, other_facilitator):
    client.force_login(other_facilitator)
    d = dimension(workshop, "tools")
    response = client.post(
        url("framework_dimension_edit", workshop, d.pk), dimension_post(d, name="Hijacked")
    )
    assert response.status_code == 404
    assert client.post(url("framework_dimension_delete", workshop, d.pk)).status_code == 404
    assert dimension(workshop, "tools").name == "Tools and information"


def test_a_dimension_of_another_workshop_is_404(facilitator_client, workshop, other_facilitator):
    foreign = Dimension.objects.filter(framework__workshop__facilitators=other_facilitator).first()
    response = facilitator_client.post(url("framework_dimension_delete", workshop, foreign.pk))
    assert response.status_code == 404
    assert Dimension.objects.filter(pk=foreign.pk).exists()


# --- editing a dimension --------------------------------------------------------------------


def test_editing_a_dimension_saves_and_returns_to_the_page(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    response = facilitator_client.post(
        url("framework_dimension_edit", workshop, d.pk),
        dimension_post(d, name="  Tools   and data ", level_2="Shared tools, used unevenly."),
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.name, d.level_2) == ("Tools and data", "Shared tools, used unevenly.")


def test_editing_over_htmx_answers_with_the_card_in_view_mode(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    response = facilitator_client.post(
        url("framework_dimension_edit", workshop, d.pk),
        dimension_post(d, short_name="Tooling"),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith(f'<article id="fw-dimension-{d.pk}"')
    assert "Tooling" in html and "<textarea" not in html


def test_the_edit_toggle_answers_with_the_card_as_a_form(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    response = facilitator_client.get(
        url("framework_dimension", workshop, d.pk) + "?edit=1", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert f'id="dimension-{d.pk}-level_5"' in html
    assert d.level_5 in html


def test_without_htmx_the_edit_toggle_opens_the_form_on_the_page(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    response = facilitator_client.get(url("framework", workshop) + f"?edit_dimension={d.pk}")
    assert f'id="dimension-{d.pk}-level_5"' in response.content.decode()


def test_an_empty_level_is_refused_beside_it_and_nothing_is_saved(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    response = facilitator_client.post(
        url("framework_dimension_edit", workshop, d.pk),
        dimension_post(d, name="Should not be saved", level_3="   "),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert errors_beside(html, f"dimension-{d.pk}-level_3") == [
        "Describe what level 3 (defined) looks like."
    ]
    assert errors_beside(html, f"dimension-{d.pk}-name") == []
    assert dimension(workshop, "tools").name == "Tools and information"


def test_a_name_another_dimension_has_is_refused_beside_the_name(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    response = facilitator_client.post(
        url("framework_dimension_edit", workshop, d.pk), dimension_post(d, name="GOVERNANCE")
    )
    assert response.status_code == 422
    assert errors_beside(response.content.decode(), f"dimension-{d.pk}-name") == [
        "Another dimension already has this name."
    ]
    assert dimension(workshop, "tools").name == "Tools and information"


def test_a_key_another_dimension_uses_is_refused_beside_the_key(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    response = facilitator_client.post(
        url("framework_dimension_edit", workshop, d.pk), dimension_post(d, key="benefits")
    )
    assert errors_beside(response.content.decode(), f"dimension-{d.pk}-key") == [
        "Another dimension already uses this key."
    ]
    assert dimension(workshop, "tools").key == "tools"


def test_an_invalid_key_is_refused_beside_the_key(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    response = facilitator_client.post(
        url("framework_dimension_edit", workshop, d.pk), dimension_post(d, key="has spaces")
    )
    assert errors_beside(response.content.decode(), f"dimension-{d.pk}-key") == [
        "Use only letters, digits, hyphens and underscores."
    ]


def test_editing_keeps_the_levels_teams_chose(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    assessment = AssessmentFactory(
        baseline=BaselineFactory(company=CompanyFactory(team__workshop=workshop)),
        dimension=d,
        level=2,
    )
    facilitator_client.post(
        url("framework_dimension_edit", workshop, d.pk), dimension_post(d, key="tooling")
    )
    assessment.refresh_from_db()
    assert (assessment.dimension.key, assessment.level) == ("tooling", 2)


# --- adding, moving, deleting dimensions ------------------------------------------------------


def test_adding_a_dimension_derives_the_key_from_the_name(facilitator_client, workshop):
    response = facilitator_client.post(
        url("framework_dimension_add", workshop),
        {"name": "Career paths", "key": "", "short_name": "", "description": "", **LEVELS},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert keys(workshop)[-1] == "career-paths"
    assert "Career paths" in response.content.decode()


def test_adding_a_dimension_with_errors_shows_them_and_adds_nothing(facilitator_client, workshop):
    before = keys(workshop)
    response = facilitator_client.post(
        url("framework_dimension_add", workshop),
        {"name": "", "key": "", **{**LEVELS, "level_5": ""}},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert errors_beside(html, "new-dimension-name") == ["A dimension needs a name."]
    assert errors_beside(html, "new-dimension-level_5") == [
        "Describe what level 5 (optimised) looks like."
    ]
    assert keys(workshop) == before


def test_moving_a_dimension_up(facilitator_client, workshop):
    d = dimension(workshop, "people")
    response = facilitator_client.post(
        url("framework_dimension_move", workshop, d.pk, "up"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert keys(workshop)[:3] == ["governance", "people", "methods"]
    html = response.content.decode()
    assert html.index("People and competence") < html.index("Methods and process")


def test_moving_the_first_dimension_up_changes_nothing(facilitator_client, workshop):
    before = keys(workshop)
    d = dimension(workshop, "governance")
    facilitator_client.post(url("framework_dimension_move", workshop, d.pk, "up"))
    assert keys(workshop) == before


def test_an_unknown_direction_is_404(facilitator_client, workshop):
    d = dimension(workshop, "people")
    response = facilitator_client.post(url("framework_dimension_move", workshop, d.pk, "left"))
    assert response.status_code == 404


def test_deleting_an_unused_dimension(facilitator_client, workshop):
    d = dimension(workshop, "people")
    response = facilitator_client.post(
        url("framework_dimension_delete", workshop, d.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "people" not in keys(workshop)
    assert "Deleted “People and competence”." in response.content.decode()


def test_deleting_a_dimension_with_levels_is_refused_with_a_message(facilitator_client, workshop):
    d = dimension(workshop, "people")
    AssessmentFactory(
        baseline=BaselineFactory(company=CompanyFactory(team__workshop=workshop)),
        dimension=d,
        level=3,
    )
    response = facilitator_client.post(
        url("framework_dimension_delete", workshop, d.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "cannot be deleted" in response.content.decode()
    assert "people" in keys(workshop)


def test_deleting_a_used_dimension_without_htmx_explains_on_the_page(facilitator_client, workshop):
    d = dimension(workshop, "people")
    AssessmentFactory(
        baseline=BaselineFactory(company=CompanyFactory(team__workshop=workshop)),
        dimension=d,
        level=3,
    )
    response = facilitator_client.post(
        url("framework_dimension_delete", workshop, d.pk), follow=True
    )
    assert "cannot be deleted" in response.content.decode()
    assert "people" in keys(workshop)


# --- the framework's name ---------------------------------------------------------------------


def test_renaming_the_framework(facilitator_client, workshop):
    response = facilitator_client.post(
        url("framework_settings", workshop),
        {"name": "Our yardstick", "sources": "Our words."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert Framework.objects.get(workshop=workshop).name == "Our yardstick"


def test_the_framework_needs_a_name(facilitator_client, workshop):
    response = facilitator_client.post(
        url("framework_settings", workshop), {"name": " ", "sources": ""}
    )
    assert response.status_code == 422
    assert errors_beside(response.content.decode(), "framework-name") == [
        "The framework needs a name."
    ]
    assert Framework.objects.get(workshop=workshop).name.startswith("PMO maturity framework")


# --- import and export ---------------------------------------------------------------------


def test_export_downloads_json_named_after_the_workshop(facilitator_client, workshop):
    workshop.title = "Göteborg PMO day"
    workshop.save()
    response = facilitator_client.get(url("framework_export", workshop))
    assert (
        response["Content-Disposition"] == 'attachment; filename="goteborg-pmo-day-framework.json"'
    )
    assert json.loads(response.content) == framework.export_framework(workshop.framework)


def test_importing_a_file_replaces_the_framework(facilitator_client, workshop):
    data = framework.default_framework_data()
    data["name"] = "Imported framework"
    data["dimensions"][0]["levels"][0] = "Imported level one."
    response = facilitator_client.post(url("framework_import", workshop), {"file": upload(data)})
    assert response.status_code == 302
    assert Framework.objects.get(workshop=workshop).name == "Imported framework"
    assert dimension(workshop, "governance").level_1 == "Imported level one."
    page = facilitator_client.get(response["Location"]).content.decode()
    assert "Imported “Imported framework”: 0 dimensions added, 8 updated, 0 removed." in page


def test_a_bad_file_is_refused_beside_the_file_field(facilitator_client, workshop):
    data = framework.default_framework_data()
    data["dimensions"][1]["levels"] = data["dimensions"][1]["levels"][:4]
    data["name"] = "Not saved"
    response = facilitator_client.post(url("framework_import", workshop), {"file": upload(data)})
    assert response.status_code == 422
    errors = errors_beside(response.content.decode(), "import-file")
    assert len(errors) == 1 and errors[0].startswith('Dimension 2 ("Methods and process")')
    assert Framework.objects.get(workshop=workshop).name != "Not saved"


def test_a_file_that_is_not_json_is_refused_beside_the_file_field(facilitator_client, workshop):
    response = facilitator_client.post(
        url("framework_import", workshop), {"file": upload(b"<html>not json</html>")}
    )
    assert "not valid JSON" in errors_beside(response.content.decode(), "import-file")[0]


def test_importing_without_a_file_asks_for_one(facilitator_client, workshop):
    response = facilitator_client.post(url("framework_import", workshop), {})
    assert errors_beside(response.content.decode(), "import-file") == [
        "Choose a JSON file to import."
    ]


def test_the_default_framework_can_be_loaded_again(facilitator_client, workshop):
    d = dimension(workshop, "tools")
    facilitator_client.post(
        url("framework_dimension_edit", workshop, d.pk), dimension_post(d, name="Renamed")
    )
    response = facilitator_client.post(
        url("framework_import", workshop), {"default": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == url("framework", workshop)
    assert dimension(workshop, "tools").name == "Tools and information"


def test_a_workshop_without_a_framework_is_offered_the_default(facilitator_client, workshop):
    Framework.objects.filter(workshop=workshop).delete()
    page = facilitator_client.get(url("framework", workshop))
    assert "No framework yet" in page.content.decode()
    assert facilitator_client.get(url("framework_export", workshop)).status_code == 404
    facilitator_client.post(url("framework_import", workshop), {"default": "1"})
    assert len(keys(workshop)) == 8


# --- the services catalogue -------------------------------------------------------------------


def test_adding_a_service(facilitator_client, workshop):
    response = facilitator_client.post(
        url("framework_service_add", workshop),
        {"name": "  Career ladder ", "description": "Paths for PMO staff."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert service_names(workshop)[-1] == "Career ladder"
    assert "Career ladder" in response.content.decode()


def test_a_service_name_already_taken_is_refused_beside_the_name(facilitator_client, workshop):
    before = service_names(workshop)
    response = facilitator_client.post(
        url("framework_service_add", workshop),
        {"name": "benefits tracking", "description": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert errors_beside(response.content.decode(), "new-service-name") == [
        "The catalogue already has a service with this name."
    ]
    assert service_names(workshop) == before


def test_editing_a_service(facilitator_client, workshop):
    service = Service.objects.get(workshop=workshop, name="Benefits tracking")
    response = facilitator_client.post(
        url("framework_service_edit", workshop, service.pk),
        {"name": "Benefits follow-up", "description": "After handover too."},
        HTTP_HX_REQUEST="true",
    )
    assert response.content.decode().strip().startswith(f'<li id="fw-service-{service.pk}"')
    service.refresh_from_db()
    assert (service.name, service.description) == ("Benefits follow-up", "After handover too.")


def test_editing_a_service_with_an_empty_name_is_refused(facilitator_client, workshop):
    service = Service.objects.get(workshop=workshop, name="Benefits tracking")
    response = facilitator_client.post(
        url("framework_service_edit", workshop, service.pk),
        {"name": "", "description": "x"},
    )
    assert errors_beside(response.content.decode(), f"service-{service.pk}-name") == [
        "A service needs a name."
    ]
    service.refresh_from_db()
    assert service.description != "x"


def test_moving_a_service_down(facilitator_client, workshop):
    first, second = service_names(workshop)[:2]
    service = Service.objects.get(workshop=workshop, name=first)
    facilitator_client.post(url("framework_service_move", workshop, service.pk, "down"))
    assert service_names(workshop)[:2] == [second, first]


def test_the_delete_step_says_how_many_baselines_tick_the_service(facilitator_client, workshop):
    service = Service.objects.get(workshop=workshop, name="Benefits tracking")
    for _ in range(2):
        BaselineFactory(company=CompanyFactory(team__workshop=workshop)).services.add(service)
    response = facilitator_client.get(
        url("framework_service", workshop, service.pk) + "?mode=delete", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Delete “Benefits tracking”?" in html
    assert "It is ticked in 2 baselines; those ticks are removed too." in html
    assert Service.objects.filter(pk=service.pk).exists()


def test_deleting_a_service(facilitator_client, workshop):
    service = Service.objects.get(workshop=workshop, name="Benefits tracking")
    baseline = BaselineFactory(company=CompanyFactory(team__workshop=workshop))
    baseline.services.add(service)
    response = facilitator_client.post(
        url("framework_service_delete", workshop, service.pk), HTTP_HX_REQUEST="true"
    )
    assert "Deleted “Benefits tracking”." in response.content.decode()
    assert "Benefits tracking" not in service_names(workshop)
    assert baseline.services.count() == 0


def test_a_service_of_another_workshop_is_404(facilitator_client, workshop, other_facilitator):
    foreign = Service.objects.filter(workshop__facilitators=other_facilitator).first()
    response = facilitator_client.post(url("framework_service_delete", workshop, foreign.pk))
    assert response.status_code == 404
    assert Service.objects.filter(pk=foreign.pk).exists()
