"""Who may open or post to every named URL of the project, declared in one table.

Each URL name maps to an `Expect`: the methods a browser uses on it and the outcome for
each role of the fixture world (tests/security/world.py). Every (URL, role) is requested
by a fresh client of that role with the declared methods, which must give the declared
outcome, and with the other method when the role is refused (it must be refused too, or
answered 405) or the URL is an action (a GET must not act). A refused request leaves
every app table as it was; nothing answers 500 or redirects off the site.

Team B's own URLs naming team A's rows, and W2's URLs naming W's rows, answer 404.

A URL added without an entry fails `test_every_url_has_an_entry_in_the_matrix`.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from .conftest import changed_tables, db_state, rolled_back
from .hostile import response_problem
from .sweep_urls import ROUTES, post_data, url_for, url_kwargs
from .world import ROLES

pytestmark = pytest.mark.django_db

# Django's own pages: the admin is staff-only behind Django's checks; the auth views
# (login, logout, password reset/change) are public by design.
EXCLUDED_PREFIXES = ("admin:",)
AUTH_VIEWS = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

# --- outcomes ---------------------------------------------------------------------------

OK = "ok"  # 2xx, or 3xx to somewhere other than login or join
LOGIN = "login"  # 302 to the login page
DENIED = "denied"  # 403 or 404
JOIN = "redirect_join"  # 302 to the join page: no participant of this workshop here
OWN_TEAM = "own_team"  # 302 to the workspace of the asker's own team
OWN_PLAN = "own_plan"  # ok, but it is the asker's own career plan, not attendee A's

REFUSALS = {LOGIN, DENIED, JOIN}
SECRET = "Attendee A's private ambition"
# What only team A (and attendee A) may read: no refusal shows any of it.
TEAM_A_SECRETS = (SECRET.encode(), b"Acme AB", b"Team A&#x27;s draft", b"Team A's draft")


def _location(response) -> str:
    return response.get("Location", "")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def outcome_problem(outcome: str, response, world, role: str) -> str:
    """Why `response` is not `outcome` ("" when it is)."""
    status, where = response.status_code, _location(response)
    login = reverse("login") + "?next="
    join = reverse("join")
    if status >= 500:
        return f"server error {status}"
    if outcome == OWN_PLAN:
        if SECRET.encode() in _body(response):
            return "shows attendee A's career plan"
        if status in (409, 422):
            return ""  # their own plan answered; the body carried attendee A's versions
    if outcome in (OK, OWN_PLAN):
        if not 200 <= status < 400:
            return f"expected access, got {status}"
        if status in (301, 302, 303) and (where.startswith(login) or where == join):
            return f"expected access, was sent to {where}"
        return ""
    if any(secret in _body(response) for secret in TEAM_A_SECRETS):
        return f"refused with {status}, but shows team A's data"
    if outcome == LOGIN:
        return "" if status == 302 and where.startswith(login) else f"expected login, got {status}"
    if outcome == DENIED:
        return "" if status in (403, 404) else f"expected 403/404, got {status} {where}"
    if outcome == JOIN:
        return "" if status == 302 and where == join else f"expected join, got {status} {where}"
    if outcome == OWN_TEAM:
        team = world.team_a if role == "attendee_a" else world.team_b
        own = reverse("teams:workspace", args=[world.workshop.pk, team.pk])
        return "" if status == 302 and where == own else f"expected {own}, got {status} {where}"
    raise AssertionError(f"unknown outcome {outcome}")


# --- profiles: who gets what, shared by most URLs ------------------------------------------


def _profile(**outcomes) -> dict[str, str]:
    assert set(outcomes) == set(ROLES), set(ROLES) ^ set(outcomes)
    return outcomes


PUBLIC = _profile(
    anonymous=OK, attendee_a=OK, attendee_b=OK, other_facilitator=OK, organiser=OK, facilitator=OK
)
SIGNED_IN = _profile(
    anonymous=LOGIN,
    attendee_a=LOGIN,
    attendee_b=LOGIN,
    other_facilitator=OK,
    organiser=OK,
    facilitator=OK,
)
# Hosting requests: staff and anyone who runs a workshop (W2's facilitator too).
RUNS_WORKSHOPS = SIGNED_IN
FACILITATOR_ONLY = _profile(
    anonymous=LOGIN,
    attendee_a=LOGIN,
    attendee_b=LOGIN,
    other_facilitator=DENIED,
    organiser=DENIED,
    facilitator=OK,
)
ORGANISER_OR_FACILITATOR = {**FACILITATOR_ONLY, "organiser": OK}
TEAM_A_ONLY = _profile(
    anonymous=DENIED,
    attendee_a=OK,
    attendee_b=DENIED,
    other_facilitator=DENIED,
    organiser=DENIED,
    facilitator=OK,
)
# Votes are an attendee's own: the facilitator may not vote on a team's behalf.
TEAM_A_ATTENDEE_ONLY = {**TEAM_A_ONLY, "facilitator": DENIED}
PARTICIPANT_HOME = _profile(
    anonymous=JOIN,
    attendee_a=OWN_TEAM,
    attendee_b=OWN_TEAM,
    other_facilitator=JOIN,
    organiser=JOIN,
    facilitator=JOIN,
)
# Session career URLs: attendee A owns the plan; attendee B reaches only their own.
CAREER_OWNER = _profile(
    anonymous=DENIED,
    attendee_a=OK,
    attendee_b=OWN_PLAN,
    other_facilitator=DENIED,
    organiser=DENIED,
    facilitator=DENIED,
)
# … and a URL naming a row of attendee A's plan answers 404 to everyone else.
CAREER_OWNER_ROW = {**CAREER_OWNER, "attendee_b": DENIED}
# The private link is the credential: whoever holds it reaches the plan.
LINK_HOLDER = PUBLIC
# A revealed finding's image: the workshop's facilitators and its participants.
REVEALED_TO_PARTICIPANTS = {
    **FACILITATOR_ONLY,
    "anonymous": DENIED,
    "attendee_a": OK,
    "attendee_b": OK,
}

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")


@dataclass(frozen=True)
class Expect:
    profile: dict
    methods: tuple = GET


def page(profile) -> Expect:
    return Expect(profile, GET)


def action(profile) -> Expect:
    return Expect(profile, POST)


def form(profile) -> Expect:
    return Expect(profile, BOTH)


CAREER_ACTIONS = {
    "": page,
    "_pdf": page,
    "_new_link": action,
    "_field": form,
    "_ladder": action,
    "_competence": action,
    "_milestone_done": action,
    "_step_add": action,
    "_step": page,
    "_step_edit": form,
    "_step_remove": action,
    "_step_restore": action,
    "_milestone_add": action,
    "_milestone": page,
    "_milestone_edit": form,
    "_milestone_remove": action,
    "_milestone_restore": action,
}


def _career(suffix: str, kind) -> tuple[Expect, Expect]:
    row = "item_id" in ROUTES[f"teams:career{suffix}"][1].pattern.converters
    return kind(CAREER_OWNER_ROW if row else CAREER_OWNER), kind(LINK_HOLDER)


MATRIX: dict[str, Expect] = {
    # --- joining and public pages
    "home": form(PUBLIC),
    "join": form(PUBLIC),
    "join_code": form(PUBLIC),
    "rejoin": page(PUBLIC),  # the rejoin token is the credential
    "attendee_home": page(PARTICIPANT_HOME),
    "healthz": page(PUBLIC),
    "set_language": action(PUBLIC),
    "hosting_request": form(PUBLIC),
    "hosting_requests": page(RUNS_WORKSHOPS),
    "hosting_request_answer": action(RUNS_WORKSHOPS),
    # --- dashboard and whole-workshop files
    "workshop:dashboard": page(SIGNED_IN),
    "workshop:create": form(SIGNED_IN),
    "workshop:import": form(SIGNED_IN),  # creates a new workshop the importer facilitates
    "workshop:export": page(ORGANISER_OR_FACILITATOR),
    "workshop:export_template": page(ORGANISER_OR_FACILITATOR),
    # --- console and projector
    "workshop:console": page(FACILITATOR_ONLY),
    "workshop:edit": form(FACILITATOR_ONLY),
    "workshop:projector": page(FACILITATOR_ONLY),
    "workshop:join_qr": page(FACILITATOR_ONLY),
    **{
        f"workshop:{name}": action(FACILITATOR_ONLY)
        for name in (
            "step",
            "go_to",
            "phase_add",
            "phase_edit",
            "phase_move",
            "phase_remove",
            "timer",
            "lock",
            "joining",
            "team_add",
            "team_delete",
            "participant_move",
        )
    },
    "workshop:participant_rejoin": form(FACILITATOR_ONLY),
    # --- Part 1: the facilitator's map page
    **{
        f"workshop:{name}": page(FACILITATOR_ONLY)
        for name in ("map", "room_map_view", "path_print", "map_svg", "map_png", "map_json")
    },
    **{
        f"workshop:{name}": action(FACILITATOR_ONLY)
        for name in (
            "link_review",
            "topic_add",
            "team_topics",
            "room_factor_add",
            "merge",
            "undo_merge",
            "outcome",
            "path_propose",
            "path_add",
            "path_move",
            "path_remove",
            "map_import",
        )
    },
    "workshop:factor_label": form(FACILITATOR_ONLY),
    "workshop:path_role": form(FACILITATOR_ONLY),
    # --- Part 1: a team's map
    "workshop:team_factor_add": action(TEAM_A_ONLY),
    "workshop:team_factor_search": page(TEAM_A_ONLY),
    "workshop:team_link_add": action(TEAM_A_ONLY),
    "workshop:team_map_view": page(TEAM_A_ONLY),
    # --- team workspace
    "teams:workspace": page(TEAM_A_ONLY),
    "teams:field": form(TEAM_A_ONLY),
    "teams:lobby": page(PARTICIPANT_HOME),
    "teams:history": page(FACILITATOR_ONLY),
    "teams:restore": action(FACILITATOR_ONLY),
    # --- discussion topics
    "teams:topic_raise": action(TEAM_A_ONLY),
    "teams:topic_vote": action(TEAM_A_ATTENDEE_ONLY),
    "teams:topic_unvote": action(TEAM_A_ATTENDEE_ONLY),
    "teams:topic_moderate": action(FACILITATOR_ONLY),
    # --- framework and reference sets (facilitator setup pages)
    **{
        f"teams:framework{name}": page(FACILITATOR_ONLY)
        for name in ("", "_export", "_dimension", "_service")
    },
    **{
        f"teams:framework_{name}": action(FACILITATOR_ONLY)
        for name in (
            "settings",
            "import",
            "dimension_add",
            "dimension_edit",
            "dimension_move",
            "dimension_delete",
            "service_add",
            "service_edit",
            "service_move",
            "service_delete",
        )
    },
    "teams:benchmarks": page(FACILITATOR_ONLY),
    "teams:benchmarks_demo_csv": page(FACILITATOR_ONLY),
    **{
        f"teams:{name}": action(FACILITATOR_ONLY)
        for name in (
            "benchmarks_import",
            "benchmarks_import_demo",
            "benchmark_set_update",
            "benchmark_set_delete",
        )
    },
    # --- Part 2: companies and baselines (team A's company)
    "teams:company": page(TEAM_A_ONLY),
    "teams:baseline": page(TEAM_A_ONLY),
    "teams:edit": form(TEAM_A_ONLY),
    **{
        f"teams:{name}": action(TEAM_A_ONLY)
        for name in (
            "company_add",
            "company_remove",
            "company_restore",
            "baseline_add",
            "baseline_primary",
            "baseline_remove",
            "baseline_restore",
            "baseline_service",
        )
    },
    # --- Part 2: Vision 2030 briefing, visions and the gallery
    "vision:briefing": page(FACILITATOR_ONLY),
    "vision:briefing_live": page(FACILITATOR_ONLY),
    **{
        f"vision:{name}": action(FACILITATOR_ONLY)
        for name in (
            "briefing_present",
            "briefing_demo",
            "finding_add",
            "finding_undo",
            "finding_edit",
            "finding_delete",
            "finding_move",
            "finding_show",
            "spotlight",
        )
    },
    "vision:finding_image": page(REVEALED_TO_PARTICIPANTS),
    "vision:vision": page(TEAM_A_ONLY),
    "vision:vision_service": action(TEAM_A_ONLY),
    "vision:vision_finding": action(TEAM_A_ONLY),
    "vision:gallery": page(FACILITATOR_ONLY),
    # --- Part 3: strategy (team A's company) and packs
    "strategy:strategy": page(TEAM_A_ONLY),
    "strategy:team_pack": page(TEAM_A_ONLY),
    **{
        f"strategy:{kind}_{name}": action(TEAM_A_ONLY)
        for kind in ("initiative", "goal", "kpi")
        for name in ("add", "remove", "restore", "move")
    },
    "strategy:initiative_gap": action(TEAM_A_ONLY),
    "strategy:initiative_dependency": action(TEAM_A_ONLY),
    "strategy:packs": page(ORGANISER_OR_FACILITATOR),
    "strategy:pack": page(ORGANISER_OR_FACILITATOR),
    "strategy:pack_export": action(ORGANISER_OR_FACILITATOR),
    "strategy:pack_export_progress": page(ORGANISER_OR_FACILITATOR),
    "strategy:pack_export_download": page(ORGANISER_OR_FACILITATOR),
    # --- career plans: attendee A's own (session) and through its private link
    **{
        name: expect
        for suffix, kind in CAREER_ACTIONS.items()
        for name, expect in zip(
            (f"teams:career{suffix}", f"teams:career_private{suffix}"),
            _career(suffix, kind),
            strict=True,
        )
    },
}


def _url_names() -> set[str]:
    return {
        name for name in ROUTES if not name.startswith(EXCLUDED_PREFIXES) and name not in AUTH_VIEWS
    }


def test_every_url_has_an_entry_in_the_matrix():
    missing = sorted(_url_names() - set(MATRIX))
    assert not missing, (
        "These URLs have no entry in MATRIX (tests/security/test_access_matrix.py); add one "
        f"saying which methods they serve and who may use them: {', '.join(missing)}"
    )


def test_every_entry_of_the_matrix_names_a_url_that_exists():
    gone = sorted(set(MATRIX) - _url_names())
    assert not gone, f"MATRIX names URLs that no longer exist; remove them: {', '.join(gone)}"


def test_every_url_kwarg_points_into_the_world(world):
    for name in sorted(MATRIX):
        url_kwargs(name, world)  # raises, naming the kwarg, when a value is missing


# --- the sweep ----------------------------------------------------------------------------


def _request(world, role: str, method: str, name: str, url: str):
    browser = world.client(role)
    if method == "GET":
        return browser.get(url)
    return browser.post(url, post_data(name, world))


CASES = [(name, role) for name in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize("name,role", CASES)
def test_role_gets_the_declared_outcome(world, name, role):
    expect = MATRIX[name]
    outcome = expect.profile[role]
    url = url_for(name, world)
    # The declared methods; the other one too when the role is refused (it must be
    # refused as well) or the URL is an action (a GET must not act). A page is not
    # posted to by those allowed to read it: that would only draw it again.
    methods = [
        method
        for method in ("GET", "POST")
        if method in expect.methods or outcome in REFUSALS or expect.methods == POST
    ]
    problems = []
    for method in methods:
        with rolled_back():
            response = _request(world, role, method, name, url)
            if method in expect.methods:
                problem = outcome_problem(outcome, response, world, role)
            elif outcome in REFUSALS and response.status_code != 405:
                problem = outcome_problem(outcome, response, world, role)
            elif response.status_code >= 500:
                problem = f"server error {response.status_code}"
            else:
                problem = ""
            problem = problem or response_problem(response)  # e.g. a redirect off the site
            if not problem and (outcome in REFUSALS or response.status_code == 405):
                changed = changed_tables(world.state, db_state())
                problem = f"refused, but changed {changed}" if changed else ""
        if problem:
            problems.append(f"{method} {url} as {role}: {problem}")
    assert not problems, "\n".join(problems)


# --- cross-scope: team B's own URL prefix with team A's rows ---------------------------------

# URL kwargs that name a row below the team (the team itself is the asker's own).
ROW_KWARGS = {"company_id", "baseline_id", "obj_id", "item_id", "history_id"}
CROSS_SCOPE = sorted(
    name
    for name, (route, pattern) in ROUTES.items()
    if name in MATRIX
    and "team_id" in pattern.pattern.converters
    and ROW_KWARGS & set(pattern.pattern.converters)
)


def test_cross_scope_urls_are_found():
    assert {"teams:edit", "strategy:kpi_move", "vision:vision", "teams:restore"} <= set(CROSS_SCOPE)


@pytest.mark.parametrize("name", CROSS_SCOPE)
def test_team_b_prefix_with_team_a_rows_answers_404(world, name):
    """Attendee B (or the facilitator, for facilitator pages) on team B's own URLs, naming
    team A's rows: 404 for every method, and nothing changes."""
    expect = MATRIX[name]
    role = "attendee_b" if expect.profile["attendee_b"] != LOGIN else "facilitator"
    url = url_for(name, world, team_id=world.team_b.pk)
    for method in expect.methods:
        with rolled_back():
            response = _request(world, role, method, name, url)
            assert response.status_code == 404, (method, url, response.status_code)
            assert changed_tables(world.state, db_state()) == []


# --- cross-workshop: W2's facilitator on W2's own URL prefix with W's rows ------------------

WORKSHOP_ROW_KWARGS = ROW_KWARGS | {
    "team_id",
    "phase_id",
    "participant_id",
    "link_id",
    "factor_id",
    "merge_id",
    "step_id",
    "dimension_id",
    "service_id",
    "set_id",
    "topic_id",
    "finding_id",
    "token",
}
CROSS_WORKSHOP = sorted(
    name
    for name, (route, pattern) in ROUTES.items()
    if name in MATRIX
    and not name.startswith("teams:career")  # the attendee's own plan: no workshop rows
    and "pk" in pattern.pattern.converters
    and WORKSHOP_ROW_KWARGS & set(pattern.pattern.converters)
)


@pytest.mark.parametrize("name", CROSS_WORKSHOP)
def test_w2_prefix_with_w_rows_answers_404(world, name):
    """W2's facilitator passes the access check on W2's URLs; every row they name from W
    must then be out of reach: 404 for every method, and nothing changes."""
    url = url_for(name, world, pk=world.other_workshop.pk)
    for method in MATRIX[name].methods:
        with rolled_back():
            response = _request(world, "other_facilitator", method, name, url)
            assert response.status_code == 404, (method, url, response.status_code)
            assert changed_tables(world.state, db_state()) == []


EDITABLE_ROWS = {
    "company": ("company", "name"),
    "baseline": ("baseline", "label"),
    "assessment": ("assessment", "evidence"),
    "vision": ("vision", "statement"),
    "target": ("target", "level"),
    "strategy": ("strategy", "mission"),
    "gap": ("gap", "note"),
    "initiative": ("initiative", "title"),
    "goal": ("goal", "title"),
    "kpi": ("kpi", "target_value"),
}


def test_every_editable_kind_is_checked_across_teams():
    from teams.editables import REGISTRY

    assert set(EDITABLE_ROWS) == set(REGISTRY)


@pytest.mark.parametrize("kind", sorted(EDITABLE_ROWS))
def test_team_b_cannot_edit_team_a_rows_of_any_kind(world, kind):
    key, field_name = EDITABLE_ROWS[kind]
    url = url_for(
        "teams:edit",
        world,
        team_id=world.team_b.pk,
        kind=kind,
        obj_id=world.ids[key],
        field_name=field_name,
    )
    for method in ("GET", "POST"):
        with rolled_back():
            browser = world.client("attendee_b")
            response = getattr(browser, method.lower())(url, {"value": "3", "version": "1"})
            assert response.status_code == 404, (kind, method, response.status_code)
            assert changed_tables(world.state, db_state()) == []
