import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from tests.factories import TeamFactory, WorkshopFactory
from tests.map_factories import FactorFactory, LinkFactory, TopicFactory
from workshop import map_analysis, map_services, map_templates
from workshop.map_templates import (
    export_map,
    import_map,
    load_bundled,
    parse_upload,
    validate_map,
)
from workshop.models import CausalLink, Factor, Topic, Workshop

pytestmark = pytest.mark.django_db

DEMO = "pmo-profession-demo"
DEMO_OUTCOME = "PMO management is a recognised profession"


def small_map() -> dict:
    return {
        "format": "pmo-workshop-causal-map",
        "version": 1,
        "title": "Small map",
        "illustrative": True,
        "note": "Test content.",
        "topics": [{"key": "t1", "title": "Inhibitors", "description": "What holds back."}],
        "factors": [
            {"key": "f1", "label": "Overhead image", "kind": "inhibitor", "topic": "t1"},
            {"key": "f2", "label": "Sponsorship", "kind": "enabler", "topic": None},
            {"key": "f3", "label": "Profession", "kind": "outcome"},
        ],
        "links": [
            {"cause": "f1", "effect": "f2", "polarity": -1, "strength": 2, "note": "cost"},
            {"cause": "f2", "effect": "f3", "polarity": 1, "strength": 3},
        ],
        "outcome": "f3",
    }


def rows() -> dict:
    """Everything an import could write, counted."""
    return {
        "topics": Topic.objects.count(),
        "factors": Factor.objects.count(),
        "links": CausalLink.objects.count(),
        "factor history": Factor.history.count(),
        "link history": CausalLink.history.count(),
        "workshops": list(Workshop.objects.values_list("pk", "outcome_id", "map_version")),
    }


def by_labels(data: dict) -> dict:
    """A template's content with keys replaced by what they point at."""
    topics = {t["key"]: t["title"] for t in data["topics"]}
    labels = {f["key"]: f["label"] for f in data["factors"]}
    return {
        "topics": sorted((t["title"], t["description"]) for t in data["topics"]),
        "factors": sorted(
            (f["label"], f["kind"], topics.get(f["topic"]), f["description"])
            for f in data["factors"]
        ),
        "links": sorted(
            (labels[k["cause"]], labels[k["effect"]], k["polarity"], k["strength"], k["note"])
            for k in data["links"]
        ),
        "outcome": labels.get(data["outcome"]),
    }


@pytest.fixture
def room_map(workshop, team_a):
    """A room map with a topic, factors with and without topic, ± links and an outcome."""
    inhibitors = TopicFactory(workshop=workshop, title="Inhibitors", description="Holding back")
    enablers = TopicFactory(workshop=workshop, title="Enablers")
    team_a.topics.add(inhibitors)
    gap = FactorFactory(
        workshop=workshop, label="No career path", kind="inhibitor", topic=inhibitors
    )
    ladder = FactorFactory(
        workshop=workshop,
        label="Career ladder",
        kind="building_block",
        topic=enablers,
        description="Named steps",
    )
    outcome = FactorFactory(workshop=workshop, label="Recognised profession", kind="outcome")
    LinkFactory(workshop=workshop, cause=ladder, effect=gap, polarity=-1, strength=3, note="why")
    LinkFactory(workshop=workshop, cause=ladder, effect=outcome, polarity=1, strength=2)
    LinkFactory(workshop=workshop, cause=gap, effect=outcome, polarity=-1, strength=1)
    map_services.set_outcome(workshop, outcome)
    return workshop


# --- export and round trip -------------------------------------------------------------------


def test_round_trip_gives_the_same_map(room_map):
    exported = export_map(room_map)
    fresh = WorkshopFactory()

    counts = import_map(fresh, exported)

    assert counts == {"topics": 2, "factors": 3, "links": 3}
    again = export_map(fresh)
    assert by_labels(again) == by_labels(exported)
    assert by_labels(again)["outcome"] == "Recognised profession"


def test_export_is_stable_valid_and_keyed_by_pk(room_map):
    first, second = export_map(room_map), export_map(room_map)

    assert first == second
    assert validate_map(first) == []
    assert {f["key"] for f in first["factors"]} == {
        f"f{pk}" for pk in room_map.factors.values_list("pk", flat=True)
    }
    assert first["topics"][0]["key"] == f"t{room_map.topics.get(title='Inhibitors').pk}"


def test_export_carries_no_teams_or_attendees(room_map, team_a, anna):
    FactorFactory(workshop=room_map, label="Team draft", author_team=team_a)

    text = json.dumps(export_map(room_map), ensure_ascii=False)

    assert team_a.name not in text
    assert anna.display_name not in text
    assert "author" not in text


def test_merged_factors_and_unaccepted_links_are_not_exported(room_map, facilitator, team_a):
    kept = Factor.objects.get(label="Career ladder")
    duplicate = FactorFactory(workshop=room_map, label="Careers ladder", kind="building_block")
    map_services.merge_factors(kept, duplicate, user=facilitator)
    a = FactorFactory(workshop=room_map, label="Community")
    b = FactorFactory(workshop=room_map, label="Certifications")
    LinkFactory(workshop=room_map, cause=a, effect=b, status=CausalLink.Status.PROPOSED)
    LinkFactory(workshop=room_map, cause=b, effect=a, status=CausalLink.Status.REJECTED)

    exported = export_map(room_map)

    labels = {f["label"] for f in exported["factors"]}
    assert "Careers ladder" not in labels
    assert {"Community", "Certifications"} <= labels
    pairs = {(k["cause"], k["effect"]) for k in exported["links"]}
    assert (f"f{a.pk}", f"f{b.pk}") not in pairs
    assert (f"f{b.pk}", f"f{a.pk}") not in pairs
    assert len(exported["links"]) == 3


def test_links_absorbed_by_a_merge_are_not_exported(workshop, facilitator):
    a = FactorFactory(workshop=workshop, label="A")
    b = FactorFactory(workshop=workshop, label="B")
    b_twin = FactorFactory(workshop=workshop, label="B twin")
    LinkFactory(workshop=workshop, cause=a, effect=b)
    LinkFactory(workshop=workshop, cause=a, effect=b_twin)
    map_services.merge_factors(b, b_twin, user=facilitator)

    exported = export_map(workshop)

    assert [(k["cause"], k["effect"]) for k in exported["links"]] == [(f"f{a.pk}", f"f{b.pk}")]


# --- import ----------------------------------------------------------------------------------


def test_import_adds_facilitator_content_accepted_links_and_outcome(workshop, facilitator):
    version = workshop.map_version

    import_map(workshop, small_map(), user=facilitator)

    workshop.refresh_from_db()
    assert workshop.outcome.label == "Profession"
    assert workshop.map_version == version + 1
    assert not workshop.factors.filter(author_team__isnull=False).exists()
    assert set(workshop.links.values_list("status", flat=True)) == {"accepted"}
    assert workshop.topics.get().title == "Inhibitors"
    assert Factor.objects.get(label="Overhead image").topic.title == "Inhibitors"
    assert Factor.objects.get(label="Sponsorship").topic is None
    assert set(Factor.history.values_list("history_user", flat=True)) == {facilitator.pk}


def test_import_after_existing_topics_keeps_them_first(workshop):
    TopicFactory(workshop=workshop, title="Existing", position=5)

    import_map(workshop, small_map())

    assert list(workshop.topics.values_list("title", flat=True)) == ["Existing", "Inhibitors"]


def test_import_pushes_the_map_after_commit(workshop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_map(workshop, small_map())

    assert len(callbacks) == 1


def test_factor_label_clash_refuses_the_whole_import(workshop):
    FactorFactory(workshop=workshop, label="no defined pmo career path")
    before = rows()

    with pytest.raises(ValidationError) as error:
        import_map(workshop, load_bundled(DEMO))

    assert "“no defined pmo career path”" in " ".join(error.value.messages)
    assert error.value.messages[0].startswith("factors[0]:")
    assert rows() == before


def test_topic_title_clash_refuses_the_whole_import(workshop):
    TopicFactory(workshop=workshop, title="INHIBITORS")
    before = rows()

    with pytest.raises(ValidationError) as error:
        import_map(workshop, small_map())

    assert error.value.messages == ["topics[0]: this workshop already has the topic “INHIBITORS”."]
    assert rows() == before


def test_label_of_a_merged_away_factor_does_not_clash(workshop, facilitator):
    kept = FactorFactory(workshop=workshop, label="Kept")
    merged = FactorFactory(workshop=workshop, label="Sponsorship")
    map_services.merge_factors(kept, merged, user=facilitator)

    assert import_map(workshop, small_map())["factors"] == 3


def test_a_database_failure_midway_leaves_nothing_behind(workshop, monkeypatch):
    real = map_templates.bulk_create_with_history

    def fail_on_links(objs, model, **kwargs):
        if model is CausalLink:
            raise IntegrityError("simulated")
        return real(objs, model, **kwargs)

    monkeypatch.setattr(map_templates, "bulk_create_with_history", fail_on_links)
    before = rows()

    with pytest.raises(ValidationError, match="nothing was imported"):
        import_map(workshop, small_map())

    assert rows() == before


# --- the bundled demo ----------------------------------------------------------------------


def test_bundled_demo_is_listed_valid_and_labelled_illustrative():
    data = load_bundled(DEMO)

    assert (DEMO, data["title"]) in map_templates.bundled_templates()
    assert validate_map(data) == []
    assert data["illustrative"] is True
    assert "illustrative" in data["note"].lower()
    assert "not a research finding" in data["note"]
    labels = [f["label"] for f in data["factors"]]
    assert len({label.lower() for label in labels}) == len(labels)
    assert all(len(label) <= 80 for label in labels)
    assert 14 <= len(labels) <= 18
    assert 20 <= len(data["links"]) <= 26
    assert {f["kind"] for f in data["factors"]} == set(Factor.Kind.values)
    outcome = next(f for f in data["factors"] if f["key"] == data["outcome"])
    assert outcome["label"] == DEMO_OUTCOME
    assert [t["title"] for t in data["topics"]] == [
        "Inhibitors of a PMO career",
        "Enablers of a PMO profession",
    ]


def test_bundled_demo_imports_with_reinforcing_and_balancing_loops(workshop):
    counts = import_map(workshop, load_bundled(DEMO))

    workshop.refresh_from_db()
    assert workshop.outcome.label == DEMO_OUTCOME
    assert counts["factors"] == workshop.factors.count()
    edges = [
        map_analysis.Edge(k.cause_id, k.effect_id, k.polarity, k.strength)
        for k in workshop.links.all()
    ]
    factors = list(workshop.factors.values_list("pk", flat=True))
    kinds = {loop.kind for loop in map_analysis.analyse(factors, edges).loops}
    assert kinds == {map_analysis.REINFORCING, map_analysis.BALANCING}


def test_unknown_or_path_like_bundled_names_are_refused():
    for name in ("no-such-template", "../settings", "/etc/passwd"):
        with pytest.raises(ValidationError, match="no bundled map template"):
            load_bundled(name)


# --- validation: each problem names the item ---------------------------------------------


def _set(path, value):
    def change(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _drop(path):
    def change(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


def _append(section, item):
    return lambda data: data[section].append(item)


MALFORMED = {
    "wrong format": (_set(["format"], "other"), '"format" is "other"'),
    "missing format": (_drop(["format"]), '"format" is missing'),
    "newer version": (_set(["version"], 2), '"version" is 2'),
    "version as text": (_set(["version"], "1"), '"version" is "1"'),
    "missing version": (_drop(["version"]), '"version" is missing'),
    "missing factors": (_drop(["factors"]), '"factors" is missing'),
    "factors not a list": (_set(["factors"], {"f1": {}}), '"factors" must be a list'),
    "unknown top field": (_set(["teams"], []), 'Unknown field "teams"'),
    "illustrative not bool": (_set(["illustrative"], "yes"), '"illustrative" must be true'),
    "too many topics": (
        _set(["topics"], [{"key": f"t{i}", "title": f"T{i}"} for i in range(51)]),
        '"topics" has 51 items; a template holds at most 50',
    ),
    "too many factors": (
        _set(
            ["factors"], [{"key": f"f{i}", "label": f"F{i}", "kind": "enabler"} for i in range(501)]
        ),
        '"factors" has 501 items; a template holds at most 500',
    ),
    "too many links": (
        _set(["links"], [{"cause": "f1", "effect": "f2", "polarity": 1, "strength": 1}] * 2001),
        '"links" has 2001 items; a template holds at most 2000',
    ),
    "topic not an object": (_set(["topics", 0], "Inhibitors"), "topics[0]: must be an object"),
    "topic without title": (_drop(["topics", 0, "title"]), 'topics[0]: "title" is missing'),
    "empty topic title": (_set(["topics", 0, "title"], "  "), 'topics[0]: "title" is empty'),
    "repeated topic key": (
        _append("topics", {"key": "t1", "title": "Other"}),
        'topics[1]: key "t1" is already used by topics[0]',
    ),
    "repeated topic title": (
        _append("topics", {"key": "t2", "title": "inhibitors"}),
        'topics[1]: title "inhibitors" repeats topics[0]',
    ),
    "factor without key": (_drop(["factors", 1, "key"]), 'factors[1]: "key" is missing'),
    "factor key not text": (_set(["factors", 0, "key"], 7), 'factors[0]: "key" must be short'),
    "factor without label": (_drop(["factors", 0, "label"]), 'factors[0]: "label" is missing'),
    "label not text": (_set(["factors", 0, "label"], 5), 'factors[0]: "label" must be text'),
    "empty label": (_set(["factors", 0, "label"], " \t"), 'factors[0]: "label" is empty'),
    "long label": (
        _set(["factors", 0, "label"], "x" * 81),
        'factors[0]: "label" has 81 characters; keep it to 80',
    ),
    "long description": (
        _set(["factors", 2, "description"], "x" * 2001),
        'factors[2]: "description" has 2001 characters',
    ),
    "unknown kind": (_set(["factors", 1, "kind"], "driver"), 'factors[1]: kind "driver" is not'),
    "misspelt field": (_set(["factors", 1, "lable"], "x"), 'factors[1]: unknown field "lable"'),
    "unknown topic": (_set(["factors", 0, "topic"], "t9"), 'factors[0]: topic "t9" is not a topic'),
    "repeated factor key": (
        _set(["factors", 1, "key"], "f1"),
        'factors[1]: key "f1" is already used by factors[0]',
    ),
    "repeated label in other case": (
        _set(["factors", 1, "label"], "OVERHEAD  image"),
        'factors[1]: label "OVERHEAD image" repeats factors[0]',
    ),
    "unknown effect": (
        _set(["links", 1, "effect"], "f99"),
        'links[1]: effect "f99" is not a factor key',
    ),
    "unknown cause": (
        _set(["links", 0, "cause"], None),
        "links[0]: cause null is not a factor key",
    ),
    "self link": (_set(["links", 0, "effect"], "f1"), 'links[0]: cause and effect are both "f1"'),
    "repeated link": (
        _append("links", {"cause": "f1", "effect": "f2", "polarity": 1, "strength": 1}),
        'links[2]: the link "f1" → "f2" repeats links[0]',
    ),
    "polarity zero": (_set(["links", 0, "polarity"], 0), "links[0]: polarity must be 1"),
    "polarity true": (_set(["links", 0, "polarity"], True), "links[0]: polarity must be 1"),
    "polarity text": (_set(["links", 0, "polarity"], "+"), "links[0]: polarity must be 1"),
    "strength four": (_set(["links", 1, "strength"], 4), "links[1]: strength must be 1, 2 or 3"),
    "strength fraction": (_set(["links", 1, "strength"], 2.5), "links[1]: strength must be 1"),
    "missing strength": (_drop(["links", 1, "strength"]), 'links[1]: "strength" is missing'),
    "long note": (_set(["links", 0, "note"], "x" * 2001), 'links[0]: "note" has 2001 characters'),
    "link not an object": (_set(["links", 0], ["f1", "f2"]), "links[0]: must be an object"),
    "unknown outcome": (_set(["outcome"], "f99"), 'outcome: "f99" is not a factor key'),
    "outcome not a key": (_set(["outcome"], 3), '"outcome" must be a factor key or null'),
    "long template note": (_set(["note"], "x" * 2001), '"note" has 2001 characters'),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_template_gives_a_message_naming_the_item(case, workshop):
    change, expected = MALFORMED[case]
    data = small_map()
    change(data)
    before = rows()

    problems = validate_map(data)
    with pytest.raises(ValidationError) as error:
        import_map(workshop, data)

    assert any(expected in problem for problem in problems), problems
    assert error.value.messages == problems
    assert rows() == before


def test_every_problem_is_reported_at_once():
    data = small_map()
    data["factors"][1]["kind"] = "driver"
    data["links"][0]["polarity"] = 0
    data["links"][1]["effect"] = "f99"

    problems = validate_map(data)

    assert [p.split(":")[0] for p in problems] == ["factors[1]", "links[0]", "links[1]"]


def test_a_json_value_that_is_not_an_object_is_refused():
    assert validate_map([small_map()]) == [
        "A map template is one JSON object {…}; this holds a list."
    ]


def test_a_valid_small_map_has_no_problems():
    assert validate_map(small_map()) == []


def test_messages_quote_hostile_values_briefly():
    data = small_map()
    data["factors"][1]["kind"] = "k" * 100_000

    (problem,) = validate_map(data)

    assert len(problem) < 200


# --- uploads -----------------------------------------------------------------------------


def _json(data) -> bytes:
    return json.dumps(data).encode()


def _with(change) -> bytes:
    data = small_map()
    change(data)
    return _json(data)


HOSTILE_UPLOADS = {
    "wrong version": (_with(_set(["version"], 99)), '"version" is 99'),
    "missing keys": (_with(_drop(["factors", 0, "key"])), 'factors[0]: "key" is missing'),
    "reference to a missing id": (
        _with(_set(["links", 0, "cause"], "f404")),
        'links[0]: cause "f404" is not a factor key',
    ),
    "3 MB file": (b'{"format": "' + b"x" * (3 * 1024 * 1024) + b'"}', "at most 2 MB"),
    "invalid UTF-8": (b'{"format": "\xff\xfe"}', "not UTF-8"),
    "not JSON": (b"format: pmo-workshop-causal-map\n", "not valid JSON"),
    "truncated JSON": (_json(small_map())[:-10], "not valid JSON"),
    "a JSON list": (_json([small_map()]), "this file holds a list"),
    "a JSON string": (b'"hello"', "this file holds text"),
    "empty file": (b"", "The file is empty"),
    "NaN strength": (
        _json(small_map()).replace(b'"strength": 3', b'"strength": NaN'),
        "not JSON that this app can read",
    ),
    "repeated name": (
        _json(small_map()).replace(b'"polarity": -1', b'"polarity": 1, "polarity": -1'),
        'repeats the name "polarity"',
    ),
    "absurd nesting": (b"[" * 100_000 + b"]" * 100_000, "not JSON that this app can read"),
}


def _upload(workshop, raw: bytes) -> dict:
    return import_map(workshop, parse_upload(raw))


@pytest.mark.parametrize("case", HOSTILE_UPLOADS)
def test_hostile_upload_is_refused_and_nothing_is_imported(case, workshop):
    raw, expected = HOSTILE_UPLOADS[case]
    FactorFactory(workshop=workshop, label="Already here")
    before = rows()

    with pytest.raises(ValidationError) as error:
        _upload(workshop, raw)

    assert any(expected in message for message in error.value.messages), error.value.messages
    assert rows() == before


def test_upload_with_byte_order_mark_is_read(workshop):
    assert _upload(workshop, b"\xef\xbb\xbf" + _json(small_map()))["links"] == 2


def test_upload_of_exactly_two_megabytes_is_not_refused_for_its_size():
    padding = map_templates.MAX_UPLOAD_BYTES - len(_json(small_map())) - len(b', "title": ""')
    data = small_map()
    data["title"] = ""
    raw = _json(data)[:-1] + b" " * padding + b"}"

    assert len(raw) <= map_templates.MAX_UPLOAD_BYTES
    assert parse_upload(raw)["format"] == "pmo-workshop-causal-map"


# --- management commands ------------------------------------------------------------------


def test_export_command_prints_the_map_as_utf8_json(room_map, capsys):
    FactorFactory(workshop=room_map, label="Förening för PMO")

    call_command("export_map_template", room_map.pk)

    out = capsys.readouterr().out
    assert "Förening för PMO" in out
    assert json.loads(out) == export_map(room_map)


def test_export_command_writes_a_file_that_imports(room_map, tmp_path):
    target = tmp_path / "map.json"
    fresh = WorkshopFactory()

    call_command("export_map_template", room_map.pk, "-o", str(target))
    call_command("import_map_template", fresh.pk, str(target))

    assert by_labels(export_map(fresh)) == by_labels(export_map(room_map))


def test_import_command_loads_a_bundled_template_by_name(workshop, capsys):
    call_command("import_map_template", workshop.pk, DEMO)

    out = capsys.readouterr().out
    assert f"Outcome: “{DEMO_OUTCOME}”" in out
    assert f"{workshop.factors.count()} factors" in out
    assert f"{workshop.links.count()} links" in out


def test_import_command_lists_the_problems_and_exits_with_an_error(workshop, tmp_path):
    data = small_map()
    data["links"][0]["polarity"] = 0
    data["outcome"] = "f99"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = rows()

    with pytest.raises(CommandError) as error:
        call_command("import_map_template", workshop.pk, str(bad))

    message = str(error.value)
    assert "Nothing was imported" in message
    assert "links[0]: polarity must be 1" in message
    assert 'outcome: "f99" is not a factor key' in message
    assert error.value.returncode == 1
    assert rows() == before


def test_import_command_refuses_a_missing_file_or_workshop(workshop):
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_map_template", workshop.pk, "missing.json")
    with pytest.raises(CommandError, match="no bundled map template"):
        call_command("import_map_template", workshop.pk, "no-such-template")
    with pytest.raises(CommandError, match="no workshop with id"):
        call_command("import_map_template", workshop.pk + 1000, DEMO)
    with pytest.raises(CommandError, match="no workshop with id"):
        call_command("export_map_template", workshop.pk + 1000)


def test_import_command_refuses_a_label_clash(workshop):
    FactorFactory(workshop=workshop, label="Recognised certifications")

    with pytest.raises(CommandError, match="already has the factor “Recognised certifications”"):
        call_command("import_map_template", workshop.pk, DEMO)
    assert workshop.factors.count() == 1


def test_a_round_trip_brings_no_teams_along(room_map):
    TeamFactory(workshop=room_map, name="Team Zeta")
    fresh = WorkshopFactory()

    import_map(fresh, export_map(room_map))

    assert not fresh.teams.exists()
    assert not fresh.topics.filter(teams__isnull=False).exists()
