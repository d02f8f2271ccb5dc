"""URL kwargs and POST bodies that point into workshop W and team A, for every named URL.

Every value names a real row of the fixture world (tests/security/world.py), so a
refusal in the matrix is about who asks, never a 404 from a made-up id; and an
allowed request does what it says (the bodies are valid, with current versions).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from teams.benchmarks import demo_reference_bytes

from .world import World


def named_routes(resolver=None, namespace="", prefix=""):
    """(name, route, pattern) of every named URL, namespaces included."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry


ROUTES = {name: (route, pattern) for name, route, pattern in named_routes()}


def _by_kind(name: str, kinds: dict[str, str]) -> str | None:
    for marker, key in kinds.items():
        if marker in name:
            return key
    return None


def _item_key(name: str) -> str:
    """Which row an `item_id` names: strategy lists and career steps/milestones."""
    removed = name.endswith("_restore")
    kind = _by_kind(
        name,
        {
            "initiative": "initiative",
            "goal": "goal",
            "kpi": "kpi",
            "career_step": "step",
            "career_private_step": "step",
            "milestone": "milestone",
        },
    )
    assert kind, f"no item kind known for {name}"
    return f"removed_{kind}" if removed else kind


# URL-specific values: (url name, kwarg) → key in world.ids, or a literal in LITERALS.
LITERALS = {
    ("workshop:step", "direction"): "next",
    ("workshop:timer", "action"): "start",
    ("workshop:joining", "action"): "close",
    ("vision:briefing_present", "action"): "next",
    ("teams:topic_moderate", "action"): "screen",
    ("teams:edit", "kind"): "baseline",
    ("teams:edit", "field_name"): "strengths",
    ("teams:field", "field_name"): "notes",
}
IDS = {
    ("teams:company_restore", "company_id"): "removed_company",
    ("teams:baseline_restore", "baseline_id"): "removed_baseline",
    ("teams:baseline_remove", "baseline_id"): "baseline_2",
    ("teams:baseline_primary", "baseline_id"): "baseline_2",
    ("teams:edit", "obj_id"): "baseline",
    ("rejoin", "token"): "rejoin_token",
}


def url_kwargs(name: str, world: World, **overrides) -> dict:
    """Every kwarg of `name`, pointing into W and team A (overrides win)."""
    ids = world.ids
    defaults = {
        "pk": ids["workshop"],
        "team_id": ids["team_a"],
        "company_id": ids["company"],
        "baseline_id": ids["baseline"],
        "phase_id": ids["phase"],
        "participant_id": ids["attendee_a"],
        "link_id": ids["link"],
        "factor_id": ids["factor"],
        "merge_id": ids["merge"],
        "step_id": ids["path_step"],
        "history_id": ids["history"],
        "dimension_id": ids["dimension"],
        "service_id": ids["service_2"],
        "set_id": ids["reference_set"],
        "topic_id": ids["discussion_topic"],
        "finding_id": ids["finding"],
        "request_id": ids["hosting_request"],
        "code": ids["code"],
        "key": "portfolio_prioritisation",
        "direction": "down",
    }
    kwargs = {}
    for key in ROUTES[name][1].pattern.converters:
        if key in overrides:
            kwargs[key] = overrides[key]
        elif (name, key) in LITERALS:
            kwargs[key] = LITERALS[name, key]
        elif (name, key) in IDS:
            kwargs[key] = ids[IDS[name, key]]
        elif key == "token":
            kwargs[key] = ids["pack_token" if name.startswith("strategy:") else "career_token"]
        elif key == "item_id":
            kwargs[key] = ids[_item_key(name)]
        elif key == "field_name":
            kwargs[key] = "statement"  # the career plan's fields
        elif key in defaults:
            kwargs[key] = defaults[key]
        else:
            raise AssertionError(
                f"{name}: no value for URL kwarg {key!r}; add one to tests/security/requests.py"
            )
    return kwargs


def url_for(name: str, world: World, **overrides) -> str:
    return reverse(name, kwargs=url_kwargs(name, world, **overrides))


def _upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_data(name: str, world: World) -> dict:
    """A valid body for `name`'s POST: what an allowed role would send."""
    ids, versions = world.ids, world.versions
    workshop = world.workshop
    version = {
        "teams:field": versions["team_a"],
        "teams:edit": versions["baseline"],
        "workshop:factor_label": versions["factor"],
        "workshop:path_role": versions["path_step"],
        "teams:career_field": versions["plan"],
        "teams:career_ladder": versions["plan"],
        "teams:career_competence": versions["rating"],
        "teams:career_step_edit": versions["step"],
        "teams:career_milestone_edit": versions["milestone"],
        "teams:career_milestone_done": versions["milestone"],
    }.get(name.replace("career_private", "career"), 1)
    common = {
        "value": "Written in the security sweep",
        "version": str(version),
        "title": "Sweep title",
        "name": "Sweep name",
        "text": "Sweep text for a topic or finding",
        "description": "",
    }
    specific = {
        "home": {"code": ids["code"]},
        "join": {"code": ids["code"]},
        "join_code": {"display_name": "Newcomer", "team": ids["team_a"]},
        "set_language": {"language": "en", "next": "/"},
        "hosting_request": {
            "community_name": "PMO Community Malmö",
            "city": "Malmö",
            "country": "Sweden",
            "contact_name": "Ola",
            "contact_email": "ola@example.org",
            "expected_attendees": "20",
            "preferred_dates": "Spring",
            "message": "",
        },
        "hosting_request_answer": {"status": "contacted", "organiser_notes": "Called"},
        "workshop:create": {
            "title": "Created in the sweep",
            "date": workshop.date.isoformat(),
            "language": "en",
            "team_choice": "choose",
            "venue": "",
            "horizon_year": "",
        },
        "workshop:edit": {
            "title": "Renamed in the sweep",
            "date": workshop.date.isoformat(),
            "language": "en",
            "team_choice": "choose",
            "venue": "",
            "horizon_year": str(workshop.horizon_year),
        },
        "workshop:import": {
            "file": lambda: _upload("w.json", world.template_json, "application/json")
        },
        "workshop:step": {"from_phase": ids["current_phase"]},
        "workshop:phase_add": {"title": "Extra phase", "planned_minutes": "10"},
        "workshop:phase_edit": {"title": "Renamed phase", "planned_minutes": "15"},
        "workshop:lock": {"locked": "1"},
        "workshop:team_add": {"name": "Team C"},
        "workshop:participant_move": {"team": ids["team_b"]},
        "workshop:link_review": {"decision": "accept", "comment": "Agreed"},
        "workshop:topic_add": {"title": "A new map topic"},
        "workshop:team_topics": {"topics": [ids["topic"], ids["topic_b"]]},
        "workshop:room_factor_add": {"label": "A room factor", "kind": "enabler"},
        "workshop:merge": {"merged": ids["factor_2"], "kept": ids["factor_3"]},
        "workshop:outcome": {"factor": ids["factor"]},
        "workshop:path_add": {"factor": ids["factor_3"]},
        "workshop:map_import": {"bundled": "pmo-profession-demo"},
        "workshop:team_factor_add": {
            "label": "Another team factor",
            "kind": "enabler",
            "topic": ids["topic"],
        },
        "workshop:team_link_add": {
            "cause": ids["team_factor"],
            "effect": ids["factor_3"],
            "polarity": "1",
            "strength": "2",
        },
        "teams:framework_settings": {"name": "Sweep framework", "sources": ""},
        "teams:framework_import": {"default": "1"},
        "teams:framework_dimension_add": _dimension("A sweep dimension"),
        "teams:framework_dimension_edit": _dimension("A renamed dimension"),
        "teams:framework_service_add": {"name": "A sweep service", "description": ""},
        "teams:framework_service_edit": {"name": "A renamed service", "description": ""},
        "teams:benchmarks_import": {
            "file": lambda: _upload("sets.csv", demo_reference_bytes("en"), "text/csv")
        },
        "teams:benchmark_set_update": {"shown": "true"},
        "teams:company_add": {"name": "New company AB"},
        "teams:baseline_add": {"name": "A third baseline"},
        "teams:baseline_service": {"service": ids["service"], "offered": "on"},
        "teams:topic_raise": {"text": "Can we talk about PMO careers?"},
        "vision:finding_add": {"title": "A new finding", "text": "What it says."},
        "vision:finding_edit": {"title": "Edited", "text": "Edited.", "image_alt": "A chart"},
        "vision:spotlight": {"step": "next"},
        "vision:vision_service": {"item": ids["service"], "on": "on"},
        "vision:vision_finding": {"item": ids["finding"], "on": "on"},
        "strategy:initiative_add": {"title": "A new initiative"},
        "strategy:goal_add": {"title": "A new goal"},
        "strategy:kpi_add": {"name": "A new KPI"},
        "strategy:initiative_gap": {"item": ids["gap"], "on": "on"},
        "strategy:initiative_dependency": {"item": ids["initiative_2"], "on": "on"},
        "teams:career_ladder": {"current_role": "pmo_manager", "target_role": "head_of_pmo"},
        "teams:career_competence": {"current": "2", "target": "4", "note": ""},
        "teams:career_step_add": _step("A new course"),
        "teams:career_step_edit": _step("An edited course"),
        "teams:career_milestone_add": {"title": "A new milestone", "target_date": "2030-01"},
        "teams:career_milestone_edit": {
            "title": "An edited milestone",
            "target_date": "2030-02",
            "done": "on",
        },
        "teams:career_milestone_done": {"done": "on"},
    }
    for strategy_kind in ("initiative", "goal", "kpi"):
        specific[f"strategy:{strategy_kind}_move"] = {"direction": "down"}
    body = {**common, **specific.get(name.replace("career_private", "career"), {})}
    return {key: value() if callable(value) else value for key, value in body.items()}


def _dimension(name: str) -> dict:
    return {
        "name": name,
        "key": "",
        "short_name": "",
        "description": "",
        **{f"level_{n}": f"Level {n} looks like this." for n in range(1, 6)},
    }


def _step(title: str) -> dict:
    return {
        "kind": "course",
        "title": title,
        "provider": "A school",
        "target_date": "2029-09",
        "status": "planned",
    }
