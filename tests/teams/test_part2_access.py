"""A team cannot read or write another team's companies, baselines, visions or
strategies, through any URL or socket. Every company URL is listed here: a new one without an
entry fails `test_every_company_url_is_in_the_matrix`."""

from functools import partial

import pytest
from asgiref.sync import async_to_sync
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from strategy import services as strategy_services
from strategy.models import Gap, Goal, Initiative, Kpi, Strategy
from teams import companies
from teams.models import Assessment, Company
from vision.models import Target
from vision.services import ensure_vision
from workshop.editing import Author

from ..conftest import attendee_client_for, session_key_for_participant, session_key_for_user
from ..part2_factories import framework_for


def _item_args(kind, o):
    return [o["w"], o["team"], o["company"], o[kind]]


# URL name → (method, how to build its args from the fixture dict)
COMPANY_URLS = {
    "teams:company_add": ("post", lambda o: [o["w"], o["team"]]),
    "teams:company": ("get", lambda o: [o["w"], o["team"], o["company"]]),
    "teams:company_remove": ("post", lambda o: [o["w"], o["team"], o["company"]]),
    "teams:company_restore": ("post", lambda o: [o["w"], o["team"], o["company"]]),
    "teams:baseline_add": ("post", lambda o: [o["w"], o["team"], o["company"]]),
    "teams:baseline": ("get", lambda o: [o["w"], o["team"], o["company"], o["baseline"]]),
    "teams:baseline_primary": ("post", lambda o: [o["w"], o["team"], o["company"], o["baseline"]]),
    "teams:baseline_remove": ("post", lambda o: [o["w"], o["team"], o["company"], o["baseline"]]),
    "teams:baseline_restore": ("post", lambda o: [o["w"], o["team"], o["company"], o["baseline"]]),
    "teams:baseline_service": ("post", lambda o: [o["w"], o["team"], o["company"], o["baseline"]]),
    "teams:edit": ("post", lambda o: [o["w"], o["team"], "assessment", o["assessment"], "level"]),
    "vision:vision": ("get", lambda o: [o["w"], o["team"], o["company"]]),
    "vision:vision_service": ("post", lambda o: [o["w"], o["team"], o["company"]]),
    "vision:vision_finding": ("post", lambda o: [o["w"], o["team"], o["company"]]),
    "strategy:strategy": ("get", lambda o: [o["w"], o["team"], o["company"]]),
    "strategy:team_pack": ("get", lambda o: [o["w"], o["team"], o["company"]]),
    "strategy:initiative_add": ("post", lambda o: [o["w"], o["team"], o["company"]]),
    "strategy:goal_add": ("post", lambda o: [o["w"], o["team"], o["company"]]),
    "strategy:kpi_add": ("post", lambda o: [o["w"], o["team"], o["company"]]),
    **{
        f"strategy:{kind}_{action}": ("post", partial(_item_args, kind))
        for kind in ("initiative", "goal", "kpi")
        for action in ("remove", "restore", "move")
    },
    "strategy:initiative_gap": ("post", partial(_item_args, "initiative")),
    "strategy:initiative_dependency": ("post", partial(_item_args, "initiative")),
}


def _names(resolver, prefix="", route=""):
    """(name, route) of every named URL."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _names(
                entry,
                prefix + (f"{entry.namespace}:" if entry.namespace else ""),
                route + str(entry.pattern),
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name, route + str(entry.pattern)


def test_every_company_url_is_in_the_matrix():
    """Company pages are named teams:company…, teams:baseline…, vision:vision…, use the
    team edit endpoint, or are strategy URLs under a team; each must have an entry above."""
    company_urls = {
        name
        for name, route in _names(get_resolver())
        if name.startswith(("teams:company", "teams:baseline", "vision:vision"))
        or name == "teams:edit"
        or (name.startswith("strategy:") and "teams/<int:team_id>/" in route)
    }
    assert company_urls == set(COMPANY_URLS)


@pytest.fixture
def setting(workshop, team_a, team_b, anna, bo):
    framework_for(workshop)
    author = Author(participant=anna)
    acme = companies.create_company(team_a, "Acme AB", author)
    vision = ensure_vision(acme)
    baseline = acme.primary_baseline()
    strategy_services.ensure_strategy(acme)
    initiative = strategy_services.add_initiative(acme, "Board", author)
    other = strategy_services.add_initiative(acme, "Ladder", author)
    goal = strategy_services.add_goal(acme, "One view", author)
    kpi = strategy_services.add_kpi(acme, "Decisions", author)
    return {
        "initiative": initiative.pk,
        "other_initiative": other.pk,
        "goal": goal.pk,
        "kpi": kpi.pk,
        "w": workshop.pk,
        "team": team_a.pk,
        "company": acme.pk,
        "baseline": baseline.pk,
        "assessment": baseline.assessments.first().pk,
        "vision": vision.pk,
        "acme": acme,
    }


def snapshot(acme):
    baseline = acme.primary_baseline()
    return (
        Company.objects.filter(pk=acme.pk).values_list("name", "removed_at", "version").get(),
        list(
            Assessment.objects.filter(baseline=baseline).values_list("level", "evidence", "version")
        ),
        list(baseline.services.values_list("pk", flat=True)),
        list(acme.baselines.values_list("label", "is_primary", "removed_at")),
        list(Target.objects.filter(vision__company=acme).values_list("level", "version")),
        list(Strategy.objects.filter(company=acme).values_list("summary", "version")),
        list(Gap.objects.filter(company=acme).values_list("priority", "note", "version")),
        list(
            Initiative.objects.filter(company=acme).values_list(
                "title", "removed_at", "position", "start_quarter", "version"
            )
        ),
        list(Initiative.gaps.through.objects.values_list("initiative_id", "gap_id")),
        list(Initiative.depends_on.through.objects.values_list("from_initiative", "to_initiative")),
        list(Goal.objects.filter(company=acme).values_list("title", "removed_at", "position")),
        list(Kpi.objects.filter(company=acme).values_list("name", "removed_at", "target_value")),
    )


POST_DATA = {
    "name": "Hijack",
    "title": "Hijack",
    "direction": "up",
    "value": "5",
    "version": "1",
    "service": "1",
    "item": "1",
    "on": "on",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(COMPANY_URLS))
def test_an_attendee_of_another_team_gets_nothing(client, setting, bo, name):
    method, args = COMPANY_URLS[name]
    before = snapshot(setting["acme"])
    attendee_client_for(client, bo)
    url = reverse(name, args=args(setting))
    response = getattr(client, method)(url, POST_DATA if method == "post" else None)
    assert response.status_code in (403, 404)
    assert "Acme AB" not in response.content.decode()
    assert snapshot(setting["acme"]) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(COMPANY_URLS))
def test_an_anonymous_visitor_gets_nothing(client, setting, name):
    method, args = COMPANY_URLS[name]
    before = snapshot(setting["acme"])
    response = getattr(client, method)(
        reverse(name, args=args(setting)), POST_DATA if method == "post" else None
    )
    assert response.status_code in (302, 403, 404)
    assert snapshot(setting["acme"]) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(COMPANY_URLS))
def test_a_facilitator_of_another_workshop_gets_nothing(client, setting, other_facilitator, name):
    method, args = COMPANY_URLS[name]
    before = snapshot(setting["acme"])
    client.force_login(other_facilitator)
    response = getattr(client, method)(
        reverse(name, args=args(setting)), POST_DATA if method == "post" else None
    )
    assert response.status_code in (403, 404)
    assert snapshot(setting["acme"]) == before


@pytest.mark.django_db
def test_team_b_cannot_reach_team_a_rows_through_its_own_team_url(client, setting, team_b, bo):
    """Team B's own URL prefix with team A's ids: every kind of editable row answers 404."""
    attendee_client_for(client, bo)
    before = snapshot(setting["acme"])
    rows = {
        "company": setting["company"],
        "baseline": setting["baseline"],
        "assessment": setting["assessment"],
        "vision": setting["vision"],
        "target": Target.objects.filter(vision_id=setting["vision"]).first().pk,
        "strategy": Strategy.objects.get(company_id=setting["company"]).pk,
        "gap": Gap.objects.filter(company_id=setting["company"]).first().pk,
        "initiative": setting["initiative"],
        "goal": setting["goal"],
        "kpi": setting["kpi"],
    }
    fields = {
        "company": "name",
        "baseline": "label",
        "assessment": "evidence",
        "vision": "statement",
        "target": "level",
        "strategy": "mission",
        "gap": "priority",
        "initiative": "title",
        "goal": "title",
        "kpi": "target_value",
    }
    for kind, pk in rows.items():
        url = reverse("teams:edit", args=[setting["w"], team_b.pk, kind, pk, fields[kind]])
        assert client.get(url).status_code == 404, kind
        assert client.post(url, {"value": "5", "version": 1}).status_code == 404, kind
    for name in ("teams:baseline", "teams:company", "vision:vision", "strategy:strategy"):
        args = [setting["w"], team_b.pk, setting["company"]]
        if name == "teams:baseline":
            args.append(setting["baseline"])
        assert client.get(reverse(name, args=args)).status_code == 404
    assert snapshot(setting["acme"]) == before


@pytest.mark.django_db
def test_the_own_team_and_the_facilitator_can(client, setting, anna, facilitator):
    attendee_client_for(client, anna)
    args = [setting["w"], setting["team"], setting["company"], setting["baseline"]]
    assert client.get(reverse("teams:baseline", args=args)).status_code == 200
    client.logout()
    client.force_login(facilitator)
    assert client.get(reverse("teams:baseline", args=args)).status_code == 200
    assert client.get(reverse("vision:vision", args=args[:3])).status_code == 200


# --- sockets ---------------------------------------------------------------------


def company_socket_path(setting, team_id=None, page="baseline"):
    path = (
        f"/ws/w/{setting['w']}/teams/{team_id or setting['team']}/companies/{setting['company']}/"
    )
    return path + f"?page={page}&baseline={setting['baseline']}"


def _connect(path, session_key):
    from channels.testing import WebsocketCommunicator

    from workshop.asgi import application

    from ..workshop.test_consumers import TIMEOUT, socket_headers

    async def run():
        communicator = WebsocketCommunicator(application, path, socket_headers(session_key))
        accepted, _ = await communicator.connect(timeout=TIMEOUT)
        texts = []
        if accepted:
            while not await communicator.receive_nothing(timeout=0.5):
                message = await communicator.receive_output(timeout=TIMEOUT)
                if message["type"] == "websocket.close":
                    break
                texts.append(message.get("text", ""))
        await communicator.disconnect(timeout=TIMEOUT)
        return accepted, "".join(texts)

    return async_to_sync(run)()


@pytest.mark.django_db(transaction=True)
def test_company_socket_of_another_team_hears_nothing_of_it(setting, bo, team_b):
    key = session_key_for_participant(bo)
    for team_id in (setting["team"], team_b.pk):
        accepted, text = _connect(company_socket_path(setting, team_id), key)
        assert "Acme AB" not in text
        assert "choice-assessment" not in text


@pytest.mark.django_db(transaction=True)
def test_company_socket_of_an_anonymous_visitor_or_stranger_facilitator_is_refused(
    setting, other_facilitator
):
    assert _connect(company_socket_path(setting), None)[0] is False
    key = session_key_for_user(other_facilitator)
    assert _connect(company_socket_path(setting), key)[0] is False


@pytest.mark.django_db(transaction=True)
def test_company_socket_of_the_team_gets_the_whole_baseline_page(setting, anna):
    accepted, text = _connect(company_socket_path(setting), session_key_for_participant(anna))
    assert accepted
    assert f'id="choice-assessment-{setting["assessment"]}-level"' in text
    assert "Acme AB" in text
    assert "data-synced" in text


@pytest.mark.django_db(transaction=True)
def test_a_baseline_id_of_another_company_sends_the_socket_back_to_the_workspace(
    setting, anna, team_b, bo
):
    other = companies.create_company(team_b, "Other AB", Author(participant=bo))
    path = company_socket_path(setting).replace(
        f"baseline={setting['baseline']}", f"baseline={other.primary_baseline().pk}"
    )
    accepted, text = _connect(path, session_key_for_participant(anna))
    assert "Other AB" not in text
    assert f"/w/{setting['w']}/teams/{setting['team']}/" in text
