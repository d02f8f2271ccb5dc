"""Companies and baselines: adding, removing with undo, primary baseline, choosing
levels and writing evidence through the one edit endpoint, conflicts, locking."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teams import companies, part2_selectors
from teams.models import Assessment, Baseline, Company
from workshop.editing import Author, EditingLocked

from ..conftest import attendee_client_for
from ..factories import ParticipantFactory
from ..part2_factories import ServiceFactory, framework_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dims(workshop):
    return list(framework_for(workshop).dimensions.all())


@pytest.fixture
def acme(team_a, anna, dims):
    return companies.create_company(team_a, "Åre Älvdalen Öresund AB", Author(participant=anna))


def edit_url(kind, row, field, team):
    return reverse("teams:edit", args=[team.workshop_id, team.pk, kind, row.pk, field])


def level_row(company, dimension) -> Assessment:
    return Assessment.objects.get(baseline__company=company, dimension=dimension)


# --- services ---------------------------------------------------------------------


def test_a_new_company_gets_a_primary_baseline_with_one_row_per_dimension(acme, dims):
    baseline = acme.primary_baseline()
    assert baseline.is_primary
    assert sorted(baseline.assessments.values_list("dimension_id", flat=True)) == sorted(
        d.pk for d in dims
    )
    assert all(a.level is None for a in baseline.assessments.all())


def test_company_names_are_unique_in_a_team_whatever_the_case(acme, team_a, anna):
    with pytest.raises(ValidationError) as error:
        companies.create_company(team_a, "  åre älvdalen   öresund ab ", Author(participant=anna))
    assert "already has a company" in str(error.value)
    assert Company.objects.filter(team=team_a).count() == 1


def test_another_team_may_use_the_same_company_name(acme, team_b, bo):
    other = companies.create_company(team_b, acme.name, Author(participant=bo))
    assert other.pk != acme.pk


def test_removing_a_company_can_be_undone(acme, anna):
    author = Author(participant=anna)
    companies.remove_company(acme, author)
    assert not Company.objects.active().filter(pk=acme.pk).exists()
    companies.restore_company(acme, author)
    assert Company.objects.active().filter(pk=acme.pk).exists()
    assert acme.primary_baseline() is not None


def test_restoring_is_refused_when_the_name_was_taken_meanwhile(acme, team_a, anna):
    author = Author(participant=anna)
    companies.remove_company(acme, author)
    companies.create_company(team_a, acme.name, author)
    with pytest.raises(ValidationError):
        companies.restore_company(acme, author)


def test_only_one_baseline_is_primary_and_the_primary_cannot_be_removed(acme, anna):
    author = Author(participant=anna)
    first = acme.primary_baseline()
    unit = companies.add_baseline(acme, "IT division", author)
    assert not unit.is_primary
    companies.make_primary(unit, author)
    assert list(acme.baselines.filter(is_primary=True)) == [unit]
    with pytest.raises(ValidationError):
        companies.remove_baseline(unit, author)
    companies.remove_baseline(first, author)
    assert list(acme.baselines.active()) == [unit]


def test_a_service_of_another_workshop_cannot_be_ticked(acme, anna):
    foreign = ServiceFactory()
    with pytest.raises(ValidationError):
        companies.set_service(acme.primary_baseline(), foreign.pk, True, Author(participant=anna))
    assert not acme.primary_baseline().services.exists()


def test_attendees_cannot_add_companies_while_editing_is_locked(workshop, team_a, anna, dims):
    workshop.current_phase.locked = True
    workshop.current_phase.save()
    with pytest.raises(EditingLocked):
        companies.create_company(team_a, "Locked AB", Author(participant=anna))
    assert not Company.objects.exists()


# --- choosing levels and writing evidence over HTTP ---------------------------------


def test_choosing_a_level_saves_it_and_answers_with_the_chosen_tile(
    client, acme, anna, dims, team_a
):
    row = level_row(acme, dims[0])
    attendee_client_for(client, anna)
    response = client.post(
        edit_url("assessment", row, "level", team_a), {"value": "3", "version": 1}
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.level, row.version) == (3, 2)
    html = response.content.decode()
    assert f'id="choice-assessment-{row.pk}-level"' in html
    assert 'value="3" checked' in html
    assert dims[0].level_3 in html  # the descriptor is read, not a bare number


def test_a_level_outside_1_to_5_is_refused_beside_the_choice(client, acme, anna, dims, team_a):
    row = level_row(acme, dims[0])
    attendee_client_for(client, anna)
    response = client.post(
        edit_url("assessment", row, "level", team_a), {"value": "7", "version": 1}
    )
    assert response.status_code == 422
    assert "Choose one of the options shown." in response.content.decode()
    row.refresh_from_db()
    assert row.level is None


def test_two_team_mates_choosing_at_once_the_second_is_told_and_nothing_is_overwritten(
    client, acme, anna, dims, team_a
):
    alex = ParticipantFactory(team=team_a, display_name="Alex")
    row = level_row(acme, dims[0])
    attendee_client_for(client, anna)
    assert (
        client.post(
            edit_url("assessment", row, "level", team_a), {"value": "2", "version": 1}
        ).status_code
        == 200
    )
    client.logout()
    attendee_client_for(client, alex)
    # Alex's page still shows version 1: he chose 4 without seeing Anna's 2.
    response = client.post(
        edit_url("assessment", row, "level", team_a), {"value": "4", "version": 1}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Anna chose “Repeatable”" in html
    assert 'value="2" checked' in html
    row.refresh_from_db()
    assert row.level == 2
    # Choosing again from the version now shown goes through.
    again = client.post(
        edit_url("assessment", row, "level", team_a), {"value": "4", "version": row.version}
    )
    assert again.status_code == 200
    row.refresh_from_db()
    assert row.level == 4


def test_clearing_a_level(client, acme, anna, dims, team_a):
    row = level_row(acme, dims[1])
    attendee_client_for(client, anna)
    client.post(edit_url("assessment", row, "level", team_a), {"value": "5", "version": 1})
    client.post(edit_url("assessment", row, "level", team_a), {"value": "", "version": 2})
    row.refresh_from_db()
    assert row.level is None


def test_evidence_autosaves_and_keeps_history_with_the_author(client, acme, anna, dims, team_a):
    row = level_row(acme, dims[0])
    attendee_client_for(client, anna)
    response = client.post(
        edit_url("assessment", row, "evidence", team_a),
        {"value": "Steering groups meet monthly.", "version": 1},
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.evidence == "Steering groups meet monthly."
    assert row.history.first().history_participant == anna


def test_a_target_year_that_is_not_a_year_is_refused(client, acme, anna, team_a):
    from vision.services import ensure_vision

    vision = ensure_vision(acme)
    attendee_client_for(client, anna)
    response = client.post(
        edit_url("vision", vision, "target_year", team_a), {"value": "soon", "version": 1}
    )
    assert response.status_code == 422
    assert "Type a year such as 2030." in response.content.decode()
    vision.refresh_from_db()
    assert vision.target_year == acme.team.workshop.horizon_year


def test_a_locked_phase_refuses_a_level_and_keeps_the_old_one(
    client, workshop, acme, anna, dims, team_a
):
    row = level_row(acme, dims[0])
    workshop.current_phase.locked = True
    workshop.current_phase.save()
    attendee_client_for(client, anna)
    response = client.post(
        edit_url("assessment", row, "level", team_a), {"value": "3", "version": 1}
    )
    assert response.status_code == 423
    row.refresh_from_db()
    assert row.level is None


def test_company_add_over_htmx_sends_the_team_to_the_new_baseline(client, team_a, anna, dims):
    attendee_client_for(client, anna)
    response = client.post(
        reverse("teams:company_add", args=[team_a.workshop_id, team_a.pk]),
        {"name": "Birka Energi"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    company = Company.objects.get(name="Birka Energi")
    assert response["HX-Redirect"].endswith(
        f"/companies/{company.pk}/baselines/{company.primary_baseline().pk}/"
    )


def test_company_add_with_an_empty_name_shows_the_message_beside_the_field(
    client, team_a, anna, dims
):
    attendee_client_for(client, anna)
    response = client.post(
        reverse("teams:company_add", args=[team_a.workshop_id, team_a.pk]),
        {"name": "   "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Give the company a name." in response.content.decode()
    assert not Company.objects.exists()


def test_baseline_page_shows_every_dimension_with_its_five_descriptors(
    client, acme, anna, dims, team_a
):
    attendee_client_for(client, anna)
    baseline = acme.primary_baseline()
    response = client.get(
        reverse("teams:baseline", args=[team_a.workshop_id, team_a.pk, acme.pk, baseline.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    for dimension in dims:
        assert dimension.name in html
        for n in range(1, 6):
            assert dimension.descriptor(n) in html
    assert "Åre Älvdalen Öresund AB" in html
    assert "<svg" in html  # the profile radar


# --- progress --------------------------------------------------------------------


def test_progress_counts_levels_of_the_primary_baseline_only(acme, anna, dims, workshop):
    author = Author(participant=anna)
    primary = acme.primary_baseline()
    other = companies.add_baseline(acme, "IT division", author)
    Assessment.objects.filter(baseline=primary, dimension__in=dims[:2]).update(level=3)
    Assessment.objects.filter(baseline=other).update(level=1)
    [item] = part2_selectors.progress(workshop)["progress_rows"][0][1]
    assert (item.levels, item.dimensions, item.baseline_complete) == (2, len(dims), False)
    Assessment.objects.filter(baseline=primary).update(level=2)
    [item] = part2_selectors.progress(workshop)["progress_rows"][0][1]
    assert item.baseline_complete


def test_removed_baselines_are_out_of_reach_of_the_edit_endpoint(client, acme, anna, dims, team_a):
    author = Author(participant=anna)
    unit = companies.add_baseline(acme, "IT division", author)
    companies.remove_baseline(unit, author)
    row = Assessment.objects.get(baseline=unit, dimension=dims[0])
    attendee_client_for(client, anna)
    response = client.post(
        edit_url("assessment", row, "level", team_a), {"value": "3", "version": 1}
    )
    assert response.status_code == 404
    assert Baseline.objects.get(pk=unit.pk).assessments.get(dimension=dims[0]).level is None


def test_the_baseline_page_reads_the_same_number_of_queries_whatever_the_dimensions(acme, dims):
    from ..conftest import query_count
    from ..part2_factories import DimensionFactory

    def count():
        baseline = acme.primary_baseline()
        companies.ensure_assessments(baseline)
        fresh = part2_selectors.fresh_baseline(baseline.pk)
        return query_count(lambda: part2_selectors.baseline_page(fresh))

    before = count()
    for i in range(4):
        DimensionFactory(framework=dims[0].framework, key=f"extra-{i}", name=f"Extra {i}")
    assert count() == before
