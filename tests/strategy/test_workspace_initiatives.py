"""Initiatives: adding, removing with undo, moving, the gaps they close, their
dependencies (no self, no other company, no cycle), quarters, and every check on them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from strategy import selectors, services
from strategy.editables import parse_quarter
from strategy.models import Initiative, quarter_index
from workshop.editing import Author, EditingLocked
from workshop.models import Phase

from ..conftest import attendee_client_for
from .workspace_setup import dimensions, edit_url, gap_of, page_args, ready_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def dims(workshop):
    return dimensions(workshop)


@pytest.fixture
def acme(team_a, anna, dims):
    return ready_company(team_a, anna, levels=(2, 2, 2), targets=(4, 3, 3))


@pytest.fixture
def author(anna):
    return Author(participant=anna)


def add(company, title, author, **kw) -> Initiative:
    return services.add_initiative(company, title, author, **kw)


def kinds_for(company, initiative) -> list[str]:
    return [w.kind for w in selectors.warnings(company) if w.initiative_id == initiative.pk]


def edit(client, row, field, value):
    row.refresh_from_db()
    return client.post(
        edit_url("initiative", row, field, row.company.team),
        {"value": value, "version": row.version},
    )


# --- adding, removing, moving ----------------------------------------------------


def test_an_initiative_added_with_a_gap_closes_that_gap(acme, author, dims):
    initiative = add(acme, "  Portfolio   board ", author, gap_id=gap_of(acme, dims[0]).pk)
    assert initiative.title == "Portfolio board"
    assert list(initiative.gaps.all()) == [gap_of(acme, dims[0])]
    rows = {r.dimension.pk: r for r in selectors.gap_rows(acme)}
    assert [i.pk for i in rows[dims[0].pk].initiatives] == [initiative.pk]


def test_an_initiative_needs_a_title(acme, author):
    with pytest.raises(ValidationError) as error:
        add(acme, "   ", author)
    assert "name" in str(error.value)
    assert not Initiative.objects.filter(company=acme).exists()


def test_removing_an_initiative_can_be_undone_with_its_links(acme, author, dims):
    first = add(acme, "First", author, gap_id=gap_of(acme, dims[0]).pk)
    second = add(acme, "Second", author)
    services.set_dependency(second, first.pk, True, author)
    services.remove_initiative(first, author)
    snap = selectors.snapshot(acme)
    assert [i.pk for i in snap.initiatives] == [second.pk]
    assert list(snap.initiatives[0].depends_on.all()) == []  # hidden while removed
    services.restore_initiative(first, author)
    second = next(i for i in selectors.snapshot(acme).initiatives if i.pk == second.pk)
    assert [d.pk for d in second.depends_on.all()] == [first.pk]
    assert first.gaps.count() == 1


def test_moving_an_initiative_renumbers_it(acme, author):
    a, b, c = (add(acme, title, author) for title in ("A", "B", "C"))
    services.move_initiative(c, -1, author)
    assert [i.title for i in selectors.snapshot(acme).initiatives] == ["A", "C", "B"]
    services.move_initiative(a, -1, author)  # already first: nothing happens
    assert [i.number for i in selectors.snapshot(acme).initiatives] == [1, 2, 3]


def test_a_gap_of_another_company_cannot_be_ticked(acme, author, team_b, bo, dims):
    other = ready_company(team_b, bo, "Other AB")
    initiative = add(acme, "Board", author)
    with pytest.raises(ValidationError):
        services.set_initiative_gap(initiative, gap_of(other, dims[0]).pk, True, author)
    assert not initiative.gaps.exists()


def test_nothing_is_added_while_editing_is_locked(acme, author, workshop, facilitator):
    workshop.current_phase = workshop.phases.get(kind=Phase.Kind.STRATEGY)
    workshop.save()
    workshop.current_phase.locked = True
    workshop.current_phase.save()
    with pytest.raises(EditingLocked):
        add(acme, "Board", author)
    add(acme, "Board", Author(user=facilitator))  # the facilitator still can


# --- dependencies ----------------------------------------------------------------------


def test_an_initiative_cannot_depend_on_itself(acme, author):
    a = add(acme, "A", author)
    with pytest.raises(ValidationError) as error:
        services.set_dependency(a, a.pk, True, author)
    assert "itself" in str(error.value)


def test_an_initiative_cannot_depend_on_another_companys(acme, author, team_b, bo):
    a = add(acme, "A", author)
    foreign = add(ready_company(team_b, bo, "Other AB"), "Theirs", Author(participant=bo))
    with pytest.raises(ValidationError):
        services.set_dependency(a, foreign.pk, True, author)
    assert not a.depends_on.exists()


def test_a_dependency_that_closes_a_circle_is_refused(acme, author):
    a, b, c = (add(acme, title, author) for title in ("A", "B", "C"))
    services.set_dependency(a, b.pk, True, author)  # A needs B
    services.set_dependency(b, c.pk, True, author)  # B needs C
    with pytest.raises(ValidationError) as error:
        services.set_dependency(c, a.pk, True, author)  # C needs A: a circle
    assert "circle" in str(error.value)
    assert not c.depends_on.exists()
    services.set_dependency(a, c.pk, True, author)  # A needs C too: no circle, fine


def test_ticking_a_dependency_over_http_answers_with_the_cards_ticks(client, acme, anna, author):
    a, b = add(acme, "A", author), add(acme, "B", author)
    attendee_client_for(client, anna)
    url = reverse("strategy:initiative_dependency", args=[*page_args(acme), b.pk])
    response = client.post(url, {"item": a.pk, "on": "on"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="initiative-links-{b.pk}"' in response.content.decode()
    assert list(b.depends_on.all()) == [a]
    refused = client.post(
        reverse("strategy:initiative_dependency", args=[*page_args(acme), a.pk]),
        {"item": b.pk, "on": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 422
    assert "circle" in refused.content.decode()


# --- quarters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["2027 Q1", "Q1 2027", "2027-Q1", "2027Q1", "q1/2027", "2027 K1", " 2027  q1 "]
)
def test_quarters_are_read_in_the_usual_ways(typed):
    assert parse_quarter(typed) == quarter_index(2027, 1)


@pytest.mark.parametrize("typed", ["2027", "Q5 2027", "2027 Q0", "next spring", "1899 Q1"])
def test_other_text_is_not_a_quarter(typed):
    with pytest.raises(ValidationError):
        parse_quarter(typed)


def test_an_empty_quarter_clears_it():
    assert parse_quarter("  ") is None


def test_a_bad_quarter_is_explained_beside_the_field(client, acme, anna, author):
    a = add(acme, "A", author)
    attendee_client_for(client, anna)
    response = edit(client, a, "start_quarter", "spring")
    assert response.status_code == 422
    assert "2027 Q1" in response.content.decode()
    a.refresh_from_db()
    assert a.start_quarter is None


def test_an_end_before_the_start_is_saved_and_flagged_until_fixed(client, acme, anna, author):
    a = add(acme, "A", author)
    attendee_client_for(client, anna)
    assert edit(client, a, "start_quarter", "2028 Q1").status_code == 200
    assert edit(client, a, "end_quarter", "Q4 2027").status_code == 200
    a.refresh_from_db()
    assert (a.start_label, a.end_label) == ("2028 Q1", "2027 Q4")
    assert "ends_before_start" in kinds_for(acme, a)
    card = selectors.initiative_cards(acme)[0]
    assert [f.short for f in card.flags if f.kind == "ends_before_start"]
    assert edit(client, a, "end_quarter", "2028 Q4").status_code == 200
    assert "ends_before_start" not in kinds_for(acme, a)


# --- the checks on initiatives --------------------------------------------------------


def test_an_initiative_closing_no_gap_is_warned_until_a_gap_is_ticked(acme, author, dims):
    a = add(acme, "A", author)
    assert "no_gap" in kinds_for(acme, a)
    services.set_initiative_gap(a, gap_of(acme, dims[0]).pk, True, author)
    assert "no_gap" not in kinds_for(acme, a)
    services.set_initiative_gap(a, gap_of(acme, dims[0]).pk, False, author)
    assert "no_gap" in kinds_for(acme, a)  # allowed, but warned


def test_an_initiative_without_kpi_is_warned_until_one_measures_it(acme, author):
    a = add(acme, "A", author)
    assert "no_kpi" in kinds_for(acme, a)
    kpi = services.add_kpi(acme, "Decisions in the board", author, initiative_id=a.pk)
    assert "no_kpi" not in kinds_for(acme, a)
    services.remove_kpi(kpi, author)
    assert "no_kpi" in kinds_for(acme, a)


def test_starting_before_a_dependency_ends_is_warned_until_moved(acme, author):
    a, b = add(acme, "A", author), add(acme, "B", author)
    Initiative.objects.filter(pk=a.pk).update(
        start_quarter=quarter_index(2027, 1), end_quarter=quarter_index(2027, 3)
    )
    Initiative.objects.filter(pk=b.pk).update(
        start_quarter=quarter_index(2027, 3), end_quarter=quarter_index(2028, 2)
    )
    services.set_dependency(b, a.pk, True, author)
    found = [w for w in selectors.warnings(acme) if w.kind == "starts_before_dependency"]
    assert len(found) == 1 and "“A”" in found[0].message and found[0].initiative_id == b.pk
    Initiative.objects.filter(pk=b.pk).update(start_quarter=quarter_index(2027, 4))
    assert "starts_before_dependency" not in kinds_for(acme, b)


def test_circles_and_self_dependencies_made_elsewhere_are_warned(acme, author):
    """The service refuses them; data imported or restored may still hold them."""
    a, b = add(acme, "A", author), add(acme, "B", author)
    a.depends_on.add(b)
    b.depends_on.add(a)
    assert "cycle" in kinds_for(acme, a) and "cycle" in kinds_for(acme, b)
    b.depends_on.remove(a)
    assert "cycle" not in kinds_for(acme, a)
    a.depends_on.add(a)
    assert "self_dependency" in kinds_for(acme, a)
    a.depends_on.remove(a)
    assert "self_dependency" not in kinds_for(acme, a)


def test_a_conflicting_title_edit_answers_409_and_keeps_both(client, acme, anna, alex, author):
    a = add(acme, "Portfolio board", author)
    url = edit_url("initiative", a, "title", acme.team)
    attendee_client_for(client, alex)
    assert client.post(url, {"value": "Portfolio board (monthly)", "version": 1}).status_code == 200
    attendee_client_for(client, anna)
    response = client.post(url, {"value": "Investment board", "version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Portfolio board (monthly)" in html and "Investment board" in html
    a.refresh_from_db()
    assert a.title == "Portfolio board (monthly)"


def test_a_title_cannot_be_emptied(client, acme, anna, author):
    a = add(acme, "Board", author)
    attendee_client_for(client, anna)
    assert edit(client, a, "title", "  ").status_code == 422
    a.refresh_from_db()
    assert a.title == "Board"


def test_the_add_form_answers_with_itself(client, acme, anna, dims):
    attendee_client_for(client, anna)
    url = reverse("strategy:initiative_add", args=page_args(acme))
    gap = gap_of(acme, dims[0])
    response = client.post(url, {"title": "Board", "gap": gap.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="initiative-add"' in response.content.decode()
    assert Initiative.objects.get(company=acme).gaps.get() == gap
    empty = client.post(url, {"title": ""}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 422
    assert "Give the initiative a name" in empty.content.decode()


def test_remove_and_undo_over_http(client, acme, anna, author):
    a = add(acme, "Board", author)
    attendee_client_for(client, anna)
    url = reverse("strategy:initiative_remove", args=[*page_args(acme), a.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Board" in response.content.decode()
    assert not Initiative.objects.active().filter(pk=a.pk).exists()
    assert client.post(url, HTTP_HX_REQUEST="true").status_code == 404  # already removed
    restore = reverse("strategy:initiative_restore", args=[*page_args(acme), a.pk])
    assert client.post(restore, HTTP_HX_REQUEST="true").status_code == 200
    assert Initiative.objects.active().filter(pk=a.pk).exists()
