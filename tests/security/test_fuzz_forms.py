"""Every form and every POST that takes what people type, fuzzed with hostile values.

Each `Target` names a URL, the role allowed to use it and its fields with the kind of
value each takes. Hypothesis builds bodies from a valid one (tests/security/sweep_urls.py)
by leaving fields out, sending hostile text (NUL, lone surrogates, 10 000 characters,
right-to-left and zero-width marks, HTML, SQL, template syntax), numbers and dates out
of range, foreign ids, several values for one field, and extra fields. Every answer:

- is never a server error; a 4xx answer says why;
- when it refuses (4xx), no app table changed: nothing half-saved;
- when something was saved, it fits its column and holds no NUL or lone surrogate,
  and a live field stores exactly what was typed (after its documented clean-up).

Every example runs in a savepoint on the module's world and is rolled back.
"""

import itertools
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teams.editables import REGISTRY, Choice

from .conftest import changed_tables, db_state, rolled_back
from .hostile import (
    EXTRA_FIELDS,
    HOSTILE,
    MISSING,
    as_received,
    field_values,
    hostile_id,
    response_problem,
    stored_text_problems,
    urlencoded,
)
from .sweep_urls import post_data, url_for
from .world import World

pytestmark = pytest.mark.django_db

EXAMPLES = settings().max_examples


def one_line(text: str) -> str:
    return " ".join(text.split())


def as_typed(text: str) -> str:
    return text


@dataclass(frozen=True)
class Target:
    url: str
    role: str
    fields: dict  # field name → "text" | "number" | "date" | "bool" | ("id", *world id keys)
    kwargs: dict = field(default_factory=dict)
    method: str = "post"
    # A live field: (model, world id key, stored field, clean-up) — what it must store.
    live: tuple | None = None

    @property
    def name(self) -> str:
        extra = "-".join(str(v) for v in self.kwargs.values())
        return f"{self.url}{'-' + extra if extra else ''}"


def _live(url, role, model, key, stored, cleanup, **kwargs) -> Target:
    return Target(
        url,
        role,
        {"value": "text", "version": "number"},
        kwargs=kwargs,
        live=(model, key, stored, cleanup),
    )


def _targets() -> list[Target]:
    from teams.models import CareerPlan, Team
    from workshop.models import Factor, PathStep

    fac, att, anon = "facilitator", "attendee_a", "anonymous"
    text, number, date, boolean = "text", "number", "date", "bool"
    team_ids = ("id", "team_a", "team_b", "w2_team")
    factor_ids = ("id", "factor", "factor_2", "factor_3", "team_factor")
    workshop_form = {
        "title": text,
        "date": date,
        "venue": text,
        "language": text,
        "horizon_year": number,
        "team_choice": text,
    }
    dimension_form = {
        "name": text,
        "key": text,
        "short_name": text,
        "description": text,
        **{f"level_{n}": text for n in range(1, 6)},
    }
    step_form = {"kind": text, "title": text, "provider": text, "target_date": date, "status": text}
    targets = [
        # public pages
        Target("join", anon, {"code": text}),
        Target("set_language", anon, {"language": text, "next": text}),
        Target("join_code", anon, {"display_name": text, "team": team_ids}),
        Target(
            "hosting_request",
            anon,
            {
                "community_name": text,
                "city": text,
                "country": text,
                "contact_name": text,
                "contact_email": text,
                "expected_attendees": number,
                "preferred_dates": text,
                "message": text,
                "website": text,
            },
        ),
        # the facilitator's console, settings and hosting answers
        Target("hosting_request_answer", fac, {"status": text, "organiser_notes": text}),
        Target("workshop:create", fac, workshop_form),
        Target("workshop:edit", fac, workshop_form),
        Target("workshop:phase_add", fac, {"title": text, "planned_minutes": number}),
        Target("workshop:phase_edit", fac, {"title": text, "planned_minutes": number}),
        Target("workshop:timer", fac, {"minutes": number}, kwargs={"action": "extend"}),
        Target("workshop:team_add", fac, {"name": text}),
        Target("workshop:participant_move", fac, {"team": team_ids}),
        Target("workshop:step", fac, {"from_phase": ("id", "current_phase", "phase")}),
        Target("workshop:lock", fac, {"locked": boolean}),
        # Part 1: the map
        Target("workshop:link_review", fac, {"decision": text, "comment": text}),
        Target("workshop:topic_add", fac, {"title": text, "description": text}),
        Target("workshop:team_topics", fac, {"topics": ("id", "topic", "topic_b", "w2_topic")}),
        Target(
            "workshop:room_factor_add",
            fac,
            {
                "label": text,
                "kind": text,
                "topic": ("id", "topic", "w2_topic"),
                "description": text,
            },
        ),
        Target("workshop:merge", fac, {"merged": factor_ids, "kept": factor_ids}),
        Target("workshop:outcome", fac, {"factor": factor_ids}),
        Target("workshop:path_add", fac, {"factor": factor_ids}),
        _live("workshop:factor_label", fac, Factor, "factor", "label", one_line),
        _live("workshop:path_role", fac, PathStep, "path_step", "role_text", as_typed),
        Target(
            "workshop:team_factor_add",
            att,
            {
                "label": text,
                "kind": text,
                "topic": ("id", "topic", "w2_topic"),
                "description": text,
            },
        ),
        Target(
            "workshop:team_link_add",
            att,
            {
                "cause": factor_ids,
                "effect": factor_ids,
                "polarity": number,
                "strength": number,
                "note": text,
            },
        ),
        Target("workshop:team_factor_search", att, {"label": text}, method="get"),
        # framework and reference sets
        Target("teams:framework_settings", fac, {"name": text, "sources": text}),
        Target("teams:framework_dimension_add", fac, dimension_form),
        Target("teams:framework_dimension_edit", fac, dimension_form),
        Target("teams:framework_service_add", fac, {"name": text, "description": text}),
        Target("teams:framework_service_edit", fac, {"name": text, "description": text}),
        Target("teams:benchmark_set_update", fac, {"shown": boolean, "illustrative": boolean}),
        # the team workspace, companies and topics
        _live("teams:field", att, Team, "team_a", "name", one_line, field_name="name"),
        _live("teams:field", att, Team, "team_a", "notes", as_typed, field_name="notes"),
        Target("teams:company_add", att, {"name": text}),
        Target("teams:baseline_add", att, {"name": text}),
        Target(
            "teams:baseline_service",
            att,
            {"service": ("id", "service", "service_2"), "on": boolean},
        ),
        Target("teams:topic_raise", att, {"text": text}),
        # Vision 2030 briefing and visions
        Target("vision:finding_add", fac, {"title": text, "text": text, "image_alt": text}),
        Target(
            "vision:finding_edit",
            fac,
            {"title": text, "text": text, "image_alt": text, "seen": text, "remove_image": boolean},
        ),
        Target("vision:spotlight", fac, {"step": text, "vision": ("id", "vision")}),
        Target("vision:briefing_present", fac, {"from": text}),
        Target("vision:vision_service", att, {"item": ("id", "service"), "on": boolean}),
        Target("vision:vision_finding", att, {"item": ("id", "finding"), "on": boolean}),
        # Part 3: strategy
        Target("strategy:initiative_add", att, {"title": text, "gap": ("id", "gap")}),
        Target("strategy:goal_add", att, {"title": text}),
        Target("strategy:kpi_add", att, {"name": text, "initiative": ("id", "initiative")}),
        Target("strategy:initiative_gap", att, {"item": ("id", "gap"), "on": boolean}),
        Target(
            "strategy:initiative_dependency",
            att,
            {"item": ("id", "initiative", "initiative_2"), "on": boolean},
        ),
        Target("strategy:initiative_move", att, {"direction": text}),
        # career plans
        _live(
            "teams:career_field",
            att,
            CareerPlan,
            "plan",
            "statement",
            as_typed,
            field_name="statement",
        ),
        _live("teams:career_field", att, CareerPlan, "plan", "notes", as_typed, field_name="notes"),
        Target(
            "teams:career_field",
            att,
            {"value": text, "version": number},
            kwargs={"field_name": "target_year"},
        ),
        Target(
            "teams:career_ladder",
            att,
            {"current_role": text, "target_role": text, "version": number},
        ),
        Target(
            "teams:career_competence",
            att,
            {"current": number, "target": number, "note": text, "version": number},
        ),
        Target("teams:career_step_add", att, step_form),
        Target("teams:career_step_edit", att, {**step_form, "version": number}),
        Target("teams:career_milestone_add", att, {"title": text, "target_date": date}),
        Target(
            "teams:career_milestone_edit",
            att,
            {"title": text, "target_date": date, "done": boolean, "version": number},
        ),
        Target("teams:career_milestone_done", att, {"done": boolean, "version": number}),
    ]
    # Every autosaving field and choice of Parts 2 and 3, through the one edit endpoint.
    for kind, editable in sorted(REGISTRY.items()):
        for field_name, spec in editable.fields.items():
            text_spec = not isinstance(spec, Choice) and spec.convert is None
            cleanup = (as_typed if spec.multiline else one_line) if text_spec else None
            targets.append(
                _live(
                    "teams:edit",
                    att,
                    editable.model,
                    kind,
                    field_name,
                    cleanup,
                    kind=kind,
                    obj_id=kind,
                    field_name=field_name,
                )
            )
    return targets


TARGETS = _targets()


def test_every_editable_field_is_fuzzed():
    fuzzed = {(t.kwargs["kind"], t.kwargs["field_name"]) for t in TARGETS if t.url == "teams:edit"}
    assert fuzzed == {(kind, name) for kind, e in REGISTRY.items() for name in e.fields}


def _url(target: Target, world: World) -> str:
    kwargs = {
        key: world.ids[value] if key == "obj_id" else value for key, value in target.kwargs.items()
    }
    return url_for(target.url, world, **kwargs)


def _valid(target: Target, world: World) -> dict:
    body = post_data(target.url, world)
    if target.live:
        model, key, _stored, _cleanup = target.live
        body["version"] = str(model.objects.get(pk=world.ids[key]).version)
    return body


def _strategy(target: Target, world: World):
    valid = _valid(target, world)
    fields = {}
    for name, kind in target.fields.items():
        if isinstance(kind, tuple):
            hostile = hostile_id(*(world.ids[key] for key in kind[1:]))
        else:
            hostile = HOSTILE[kind]
        fields[name] = field_values(str(valid.get(name, "")), hostile)
    return st.fixed_dictionaries(fields), EXTRA_FIELDS


# Each example comes from an address of its own: rate limits (join, hosting requests)
# count per address, and would otherwise answer every later example with 429.
ADDRESSES = (f"172.{n // 250 % 250 + 16}.{n % 250}.9" for n in itertools.count())


def _send(target: Target, world: World, body: dict):
    browser = world.client(target.role, REMOTE_ADDR=next(ADDRESSES))
    url = _url(target, world)
    if target.method == "get":
        return browser.get(url + "?" + urlencoded(body).decode())
    return browser.post(url, urlencoded(body), content_type="application/x-www-form-urlencoded")


def _stored_value(target: Target, world: World):
    model, key, stored, _cleanup = target.live
    return getattr(model.objects.get(pk=world.ids[key]), stored)


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: f"{t.name}-{'-'.join(t.fields)}")
def test_hostile_input_is_refused_cleanly_or_stored_whole(world, target):
    fields, extras = _strategy(target, world)

    @settings(max_examples=EXAMPLES)
    @given(body=fields, extra=extras)
    def check(body, extra):
        body = {**extra, **body}
        with rolled_back():
            response = _send(target, world, body)
            problem = response_problem(response)
            assert not problem, f"{problem}: {body!r}"
            after = db_state()
            if response.status_code >= 400:
                changed = changed_tables(world.state, after)
                assert not changed, f"refused with {response.status_code}, changed {changed}"
                return
            assert stored_text_problems(world.state, after) == [], body
            if target.live and target.live[3] and changed_tables(world.state, after):
                sent = body.get("value")
                if sent is not MISSING and len(sent) == 1:
                    expected = target.live[3](as_received(sent[0]))
                    assert _stored_value(target, world) == expected, body

    check()
