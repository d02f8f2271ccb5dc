"""The causal-map endpoints: scope, bad input through HTTP, exports."""

import json

import pytest

from tests.conftest import attendee_client_for
from tests.factories import UserFactory
from tests.map_factories import FactorFactory, LinkFactory, TopicFactory
from workshop.models import CausalLink, Factor

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def topic(workshop, team_a, team_b):
    topic = TopicFactory(workshop=workshop, title="Enablers of a PMO profession")
    topic.teams.add(team_a, team_b)
    return topic


def url(workshop, team, action):
    return f"/workshops/{workshop.pk}/teams/{team.pk}/map/{action}/"


def test_team_adds_a_factor_in_its_topic(client, workshop, team_a, anna, topic):
    c = attendee_client_for(client, anna)
    response = c.post(
        url(workshop, team_a, "factors"),
        {"label": "Career ladder", "kind": "building_block", "topic": topic.pk},
        **HTMX,
    )
    assert response.status_code == 200
    factor = Factor.objects.get(label="Career ladder")
    assert factor.author_team == team_a and factor.topic == topic


def test_overlong_label_gets_a_message_beside_the_field_and_saves_nothing(
    client, workshop, team_a, anna, topic
):
    c = attendee_client_for(client, anna)
    response = c.post(
        url(workshop, team_a, "factors"),
        {"label": "x" * 2000, "kind": "enabler", "topic": topic.pk},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Keep labels to 80 characters" in response.content.decode()
    assert not Factor.objects.exists()


def test_forged_factor_of_another_team_is_refused_with_a_message(
    client, workshop, team_a, team_b, anna, topic
):
    mine = FactorFactory(workshop=workshop, author_team=team_a, topic=topic)
    their_draft = FactorFactory(workshop=workshop, author_team=team_b, topic=topic)
    c = attendee_client_for(client, anna)
    response = c.post(
        url(workshop, team_a, "links"),
        {"cause": mine.pk, "effect": their_draft.pk, "polarity": 1, "strength": 2},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Choose a factor your team can see" in response.content.decode()
    assert not CausalLink.objects.exists()


def test_self_link_through_http_is_refused(client, workshop, team_a, anna, topic):
    mine = FactorFactory(workshop=workshop, author_team=team_a, topic=topic)
    c = attendee_client_for(client, anna)
    response = c.post(
        url(workshop, team_a, "links"),
        {"cause": mine.pk, "effect": mine.pk, "polarity": -1, "strength": 3},
        **HTMX,
    )
    assert response.status_code == 422
    assert "cannot cause itself" in response.content.decode()
    assert not CausalLink.objects.exists()


@pytest.mark.parametrize("action", ["factors", "links", "search", "view"])
def test_attendee_cannot_use_another_teams_map_endpoints(
    client, workshop, team_b, anna, topic, action
):
    c = attendee_client_for(client, anna)
    method = c.get if action in ("search", "view") else c.post
    response = method(
        url(workshop, team_b, action), {"label": "x", "kind": "enabler", "topic": topic.pk}
    )
    assert response.status_code == 403
    assert not Factor.objects.exists()


def test_locked_phase_refuses_attendee_edits(client, workshop, team_a, anna, topic):
    phase = workshop.current_phase
    phase.locked = True
    phase.save()
    c = attendee_client_for(client, anna)
    response = c.post(
        url(workshop, team_a, "factors"),
        {"label": "Career ladder", "kind": "enabler", "topic": topic.pk},
        **HTMX,
    )
    assert response.status_code == 423
    assert not Factor.objects.exists()


def test_search_shows_visible_matching_factors_only(client, workshop, team_a, team_b, anna, topic):
    FactorFactory(workshop=workshop, author_team=None, label="Recognised certifications")
    FactorFactory(workshop=workshop, author_team=team_b, label="Certification body (draft)")
    c = attendee_client_for(client, anna)
    html = c.get(url(workshop, team_a, "search"), {"label": "certif"}).content.decode()
    assert "Recognised certifications" in html
    assert "Certification body" not in html


@pytest.mark.parametrize(
    "path", ["map/", "map.svg", "map.png", "map.json", "map/path/print/", "map/view/"]
)
def test_map_pages_are_for_the_workshops_facilitators_only(client, workshop, anna, path):
    assert (
        attendee_client_for(client, anna).get(f"/workshops/{workshop.pk}/{path}").status_code == 302
    )
    client.force_login(UserFactory())
    assert client.get(f"/workshops/{workshop.pk}/{path}").status_code == 404


def test_exports_hold_the_accepted_map(facilitator_client, workshop):
    cause = FactorFactory(workshop=workshop, label="Åtagande från ledningen")
    effect = FactorFactory(workshop=workshop, label="Recognition")
    LinkFactory(workshop=workshop, cause=cause, effect=effect, polarity=-1)
    svg = facilitator_client.get(f"/workshops/{workshop.pk}/map.svg")
    assert (
        svg["Content-Type"] == "image/svg+xml" and "Åtagande från ledningen" in svg.content.decode()
    )
    png = facilitator_client.get(f"/workshops/{workshop.pk}/map.png")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads(facilitator_client.get(f"/workshops/{workshop.pk}/map.json").content)
    assert [link["polarity"] for link in data["links"]] == [-1]


def test_facilitator_reviews_and_merges_through_the_page(facilitator_client, workshop, team_a):
    link = LinkFactory(workshop=workshop, status="proposed", author_team=team_a)
    response = facilitator_client.post(
        f"/workshops/{workshop.pk}/map/links/{link.pk}/review/",
        {"decision": "reject", "comment": "Too vague"},
        **HTMX,
    )
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.status == "rejected" and link.review_comment == "Too vague"

    kept, dup = FactorFactory(workshop=workshop), FactorFactory(workshop=workshop)
    response = facilitator_client.post(
        f"/workshops/{workshop.pk}/map/merge/", {"merged": dup.pk, "kept": kept.pk}, **HTMX
    )
    assert response.status_code == 200
    dup.refresh_from_db()
    assert dup.merged_into == kept
    bad = facilitator_client.post(
        f"/workshops/{workshop.pk}/map/merge/", {"merged": kept.pk, "kept": kept.pk}, **HTMX
    )
    assert bad.status_code == 422 and "two different factors" in bad.content.decode()


def test_bundled_template_import_from_the_page(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/workshops/{workshop.pk}/map/template/import/", {"bundled": "pmo-profession-demo"}
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.outcome.label == "PMO management is a recognised profession"
    assert workshop.links.filter(status="accepted").count() > 10


# Every Part 1 URL and who may use it; a new URL without an entry fails the test below.
FACILITATOR_MAP_URLS = {
    "map",
    "room_map_view",
    "link_review",
    "topic_add",
    "team_topics",
    "room_factor_add",
    "factor_label",
    "merge",
    "undo_merge",
    "outcome",
    "path_propose",
    "path_add",
    "path_move",
    "path_remove",
    "path_role",
    "path_print",
    "map_svg",
    "map_png",
    "map_json",
    "map_import",
}
TEAM_MAP_URLS = {"team_factor_add", "team_factor_search", "team_link_add", "team_map_view"}
SAMPLE_KWARGS = {
    "link_id": 1,
    "team_id": 1,
    "factor_id": 1,
    "merge_id": 1,
    "step_id": 1,
    "direction": "up",
}


def test_every_map_url_has_an_access_entry():
    from workshop.urls import map_patterns

    assert {p.name for p in map_patterns} == FACILITATOR_MAP_URLS | TEAM_MAP_URLS


@pytest.mark.parametrize("name", sorted(FACILITATOR_MAP_URLS))
def test_facilitator_map_urls_refuse_attendees_and_other_facilitators(client, workshop, anna, name):
    from django.urls import reverse

    from workshop.urls import map_patterns

    route = next(p for p in map_patterns if p.name == name)
    kwargs = {
        "pk": workshop.pk,
        **{k: v for k, v in SAMPLE_KWARGS.items() if k in route.pattern.converters},
    }
    target = reverse(f"workshop:{name}", kwargs=kwargs)
    before = (Factor.objects.count(), CausalLink.objects.count(), workshop.topics.count())
    attendee = attendee_client_for(client, anna)
    for method in (attendee.get, attendee.post):
        # to login (attendees are not facilitators), or 405 for a GET on a POST-only action
        assert method(target).status_code in (302, 405)
    assert attendee.post(target).status_code == 302
    client.force_login(UserFactory())
    for method in (client.get, client.post):
        assert method(target).status_code in (404, 405)
    assert (Factor.objects.count(), CausalLink.objects.count(), workshop.topics.count()) == before


def test_projector_shows_which_team_has_which_topic(facilitator_client, workshop, team_a, topic):
    html = facilitator_client.get(f"/workshops/{workshop.pk}/projector/").content.decode()
    tile = html[html.index(f'data-team="{team_a.pk}"') :]
    assert "Enablers of a PMO profession" in tile[: tile.index("</article>")]


def test_factor_label_edit_saves_and_a_stale_version_gets_the_conflict(
    facilitator_client, workshop
):
    factor = FactorFactory(workshop=workshop, label="Career path")
    target = f"/workshops/{workshop.pk}/map/factors/{factor.pk}/label/"
    ok = facilitator_client.post(
        target, {"value": "PMO career path", "version": factor.version}, **HTMX
    )
    assert ok.status_code == 200 and "Saved at" in ok.content.decode()
    stale = facilitator_client.post(
        target, {"value": "Career ladder", "version": factor.version}, **HTMX
    )
    assert stale.status_code == 200  # same author: their own earlier save is no conflict
    factor.refresh_from_db()
    assert factor.label == "Career ladder" and factor.version == 3
    empty = facilitator_client.post(target, {"value": "  ", "version": factor.version}, **HTMX)
    assert empty.status_code == 422 and "short label" in empty.content.decode()
    factor.refresh_from_db()
    assert factor.label == "Career ladder"


def test_path_role_text_is_saved_and_limited(facilitator_client, workshop):
    from workshop import map_services

    factor = FactorFactory(workshop=workshop, label="Career ladder", kind="building_block")
    step = map_services.add_path_step(workshop, factor)
    target = f"/workshops/{workshop.pk}/map/path/{step.pk}/role/"
    too_long = facilitator_client.post(target, {"value": "x" * 2001, "version": 1}, **HTMX)
    assert too_long.status_code == 422
    done = facilitator_client.post(
        target, {"value": "Mentor a junior PMO analyst", "version": 1}, **HTMX
    )
    assert done.status_code == 200
    step.refresh_from_db()
    assert step.role_text == "Mentor a junior PMO analyst"


def test_map_view_filters_by_topic_and_highlights_a_loop(facilitator_client, workshop):
    careers = TopicFactory(workshop=workshop, title="Careers")
    bodies = TopicFactory(workshop=workshop, title="Professional bodies")
    a = FactorFactory(workshop=workshop, label="Career ladder", topic=careers)
    b = FactorFactory(workshop=workshop, label="Mentoring", topic=careers)
    c = FactorFactory(workshop=workshop, label="Certification body", topic=bodies)
    d = FactorFactory(workshop=workshop, label="Code of conduct", topic=bodies)
    LinkFactory(workshop=workshop, cause=a, effect=b)
    LinkFactory(workshop=workshop, cause=b, effect=a, polarity=-1)
    LinkFactory(workshop=workshop, cause=c, effect=d)
    view = f"/workshops/{workshop.pk}/map/view/"

    everything = facilitator_client.get(view).content.decode()
    careers_only = facilitator_client.get(view, {"topic": careers.pk}).content.decode()
    assert "Certification body" in everything
    assert "Career ladder" in careers_only and "Certification body" not in careers_only

    plain = facilitator_client.get(view, {"topic": careers.pk}).content.decode()
    highlighted = facilitator_client.get(
        view, {"topic": careers.pk, "loop": f"{a.pk}-{b.pk}"}
    ).content.decode()
    assert highlighted != plain  # the loop's factors and links are drawn differently
    junk = facilitator_client.get(view, {"topic": "x", "loop": "1-x"})
    assert junk.status_code == 200
