"""The maturity framework: the default content, JSON export and import (all or nothing,
matched by key), the editor's services, and the hook that announces every change."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from teams import framework, setup_services
from teams.models import Assessment, Dimension, Framework, Service

from ..factories import WorkshopFactory
from ..part2_factories import (
    AssessmentFactory,
    BaselineFactory,
    CompanyFactory,
    DimensionFactory,
    ServiceFactory,
    TargetFactory,
    VisionFactory,
)

pytestmark = pytest.mark.django_db


def snapshot(workshop) -> tuple:
    """Everything an import or an edit could change."""
    return (
        list(Framework.objects.filter(workshop=workshop).values_list("pk", "name", "sources")),
        list(
            Dimension.objects.filter(framework__workshop=workshop)
            .order_by("pk")
            .values_list(
                "pk",
                "key",
                "name",
                "short_name",
                "description",
                "position",
                "level_1",
                "level_2",
                "level_3",
                "level_4",
                "level_5",
            )
        ),
        list(
            Service.objects.filter(workshop=workshop)
            .order_by("pk")
            .values_list("pk", "name", "description", "position")
        ),
    )


def exported(workshop) -> dict:
    return framework.export_framework(Framework.objects.get(workshop=workshop))


def dimension(workshop, key) -> Dimension:
    return Dimension.objects.get(framework__workshop=workshop, key=key)


def assessed(workshop, key, level=3, team=None) -> Assessment:
    """A baseline of a team of `workshop` with a level for the dimension `key`."""
    baseline = BaselineFactory(company=CompanyFactory(team__workshop=workshop))
    return AssessmentFactory(baseline=baseline, dimension=dimension(workshop, key), level=level)


def refused(workshop, data) -> list[str]:
    """Import `data`, expecting a refusal that changes nothing; the messages."""
    before = snapshot(workshop)
    with pytest.raises(ValidationError) as error:
        framework.import_framework(workshop, data)
    assert snapshot(workshop) == before
    return error.value.messages


@pytest.fixture
def default_data():
    return framework.default_framework_data()


# --- the default framework ------------------------------------------------------------


def test_a_new_workshop_gets_the_default_framework_with_eight_dimensions(workshop):
    fw = Framework.objects.get(workshop=workshop)
    keys = list(fw.dimensions.values_list("key", flat=True))
    assert keys == [
        "governance",
        "methods",
        "people",
        "tools",
        "reporting",
        "benefits",
        "stakeholders",
        "resources",
    ]
    assert "not a certified" in fw.sources


def test_every_default_dimension_has_five_distinct_non_empty_levels(workshop):
    for d in Dimension.objects.filter(framework__workshop=workshop):
        texts = [d.descriptor(n).strip() for n in range(1, 6)]
        assert all(texts), d.key
        assert len(set(texts)) == 5, d.key
        assert d.description and len(d.label) <= 14, d.key


def test_the_default_has_a_services_catalogue(workshop):
    names = list(Service.objects.filter(workshop=workshop).values_list("name", flat=True))
    assert len(names) >= 10
    assert "Portfolio prioritisation" in names
    assert all(Service.objects.filter(workshop=workshop).values_list("description", flat=True))


def test_the_default_file_passes_its_own_validation(default_data):
    content = framework.check_framework(default_data)
    assert len(content.dimensions) == 8


def test_default_content_has_no_statistics(default_data):
    text = json.dumps(default_data)
    assert "%" not in text


# --- export and import ----------------------------------------------------------------


def test_export_then_import_into_another_workshop_gives_the_same_file(workshop):
    setup_services.update_framework(workshop, name="Our PMO yardstick", sources="Our own words.")
    d = dimension(workshop, "benefits")
    fields = {f: getattr(d, f) for f in setup_services.DIMENSION_FIELDS}
    setup_services.update_dimension(d, **{**fields, "level_3": "A rewritten level three."})
    setup_services.move_dimension(d, -2)
    setup_services.add_service(workshop, name="Career ladder", description="Paths for PMO staff.")
    data = exported(workshop)

    other = WorkshopFactory()
    Service.objects.filter(workshop=other, name="Tool administration").delete()
    framework.import_framework(other, data)
    assert exported(other) == data


def test_export_is_in_the_documented_format(workshop):
    data = exported(workshop)
    assert (data["format"], data["version"]) == ("pmo-maturity-framework", 1)
    assert set(data) == {"format", "version", "name", "sources", "dimensions", "services"}
    assert set(data["dimensions"][0]) == {"key", "name", "short_name", "description", "levels"}
    assert len(data["dimensions"][0]["levels"]) == 5


def test_import_accepts_the_raw_bytes_of_a_file(workshop, default_data):
    default_data["name"] = "From bytes"
    framework.import_framework(workshop, json.dumps(default_data).encode())
    assert Framework.objects.get(workshop=workshop).name == "From bytes"


def test_import_matches_dimensions_by_key_and_keeps_the_levels_teams_chose(workshop, default_data):
    assessment = assessed(workshop, "governance", level=4)
    target = TargetFactory(
        vision=VisionFactory(company=assessment.baseline.company),
        dimension=dimension(workshop, "governance"),
        level=5,
    )
    pk = dimension(workshop, "governance").pk
    edited = copy.deepcopy(default_data)
    edited["dimensions"][0]["name"] = "Decision making"
    edited["dimensions"][0]["levels"][3] = "A new level four."
    edited["dimensions"].reverse()

    result = framework.import_framework(workshop, edited)

    governance = dimension(workshop, "governance")
    assert governance.pk == pk
    assert (governance.name, governance.level_4, governance.position) == (
        "Decision making",
        "A new level four.",
        7,
    )
    assessment.refresh_from_db()
    target.refresh_from_db()
    assert (assessment.level, target.level) == (4, 5)
    assert (result.added, result.updated, result.removed) == (0, 8, 0)


def test_import_adds_new_dimensions_and_removes_unused_ones(workshop, default_data):
    default_data["dimensions"] = default_data["dimensions"][:6] + [
        {
            "key": "careers",
            "name": "Careers",
            "levels": ["One.", "Two.", "Three.", "Four.", "Five."],
        }
    ]
    result = framework.import_framework(workshop, default_data)
    keys = list(
        Dimension.objects.filter(framework__workshop=workshop).values_list("key", flat=True)
    )
    assert keys[-1] == "careers" and "resources" not in keys and len(keys) == 7
    assert (result.added, result.removed) == (1, 2)


def test_import_that_swaps_two_names_succeeds(workshop, default_data):
    first, second = default_data["dimensions"][0], default_data["dimensions"][1]
    first["name"], second["name"] = second["name"], first["name"]
    framework.import_framework(workshop, default_data)
    assert dimension(workshop, "governance").name == "Methods and process"
    assert dimension(workshop, "methods").name == "Governance"


def test_import_refuses_to_remove_a_dimension_with_levels(workshop, default_data):
    assessed(workshop, "benefits", level=2)
    default_data["dimensions"] = [d for d in default_data["dimensions"] if d["key"] != "benefits"]
    default_data["name"] = "Must not be saved"
    messages = refused(workshop, default_data)
    assert "Benefits management (benefits)" in messages[0]


def test_import_refuses_to_remove_a_dimension_with_a_vision_target(workshop, default_data):
    TargetFactory(dimension=dimension(workshop, "tools"), level=3)
    default_data["dimensions"] = [d for d in default_data["dimensions"] if d["key"] != "tools"]
    assert "Tools and information (tools)" in refused(workshop, default_data)[0]


def test_a_dimension_whose_baseline_rows_are_empty_may_be_removed(workshop, default_data):
    assessed(workshop, "benefits", level=None)
    default_data["dimensions"] = [d for d in default_data["dimensions"] if d["key"] != "benefits"]
    framework.import_framework(workshop, default_data)
    assert not Dimension.objects.filter(framework__workshop=workshop, key="benefits").exists()


def test_import_without_services_leaves_the_catalogue_alone(workshop, default_data):
    ServiceFactory(workshop=workshop, name="Our own service")
    del default_data["services"]
    framework.import_framework(workshop, default_data)
    assert Service.objects.filter(workshop=workshop, name="Our own service").exists()


def test_import_with_services_replaces_the_catalogue_matching_names(workshop, default_data):
    kept = Service.objects.get(workshop=workshop, name="Benefits tracking")
    default_data["services"] = [
        {"name": "benefits TRACKING", "description": "Renamed by case."},
        {"name": "Brand new", "description": ""},
    ]
    framework.import_framework(workshop, default_data)
    services = list(Service.objects.filter(workshop=workshop).values_list("pk", "name"))
    assert services[0] == (kept.pk, "benefits TRACKING")
    assert [name for _, name in services] == ["benefits TRACKING", "Brand new"]


def test_import_refuses_to_drop_a_ticked_service(workshop, default_data):
    service = Service.objects.get(workshop=workshop, name="Benefits tracking")
    BaselineFactory(company=CompanyFactory(team__workshop=workshop)).services.add(service)
    default_data["services"] = default_data["services"][:2]
    assert "Benefits tracking" in refused(workshop, default_data)[0]


def test_import_creates_the_framework_of_a_workshop_without_one(workshop, default_data):
    Framework.objects.filter(workshop=workshop).delete()
    framework.import_framework(workshop, default_data)
    assert Framework.objects.get(workshop=workshop).dimensions.count() == 8


def test_install_default_goes_through_the_import(workshop, monkeypatch):
    calls = []
    real = framework.import_framework
    monkeypatch.setattr(
        framework, "import_framework", lambda w, d: calls.append(w.pk) or real(w, d)
    )
    Framework.objects.filter(workshop=workshop).delete()
    framework.install_default(workshop)
    assert calls == [workshop.pk]
    assert Framework.objects.get(workshop=workshop).dimensions.count() == 8


# --- malformed files: refused, each with its message, nothing saved ----------------------


def _levels(n=5):
    return [f"Level {i} text." for i in range(1, n + 1)]


def _with(default_data, index=0, **changes):
    data = copy.deepcopy(default_data)
    data["dimensions"][index].update(changes)
    return data


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(format="something-else"), '"format"'),
        (lambda d: d.update(version=2), "reads version 1 only"),
        (lambda d: d.update(version=True), "reads version 1 only"),
        (lambda d: d.pop("dimensions"), '"dimensions" is missing'),
        (lambda d: d.update(dimensions={}), '"dimensions" must be a list'),
        (lambda d: d.update(dimensions=[]), "no dimensions"),
        (lambda d: d.pop("name"), '"name" is missing'),
        (lambda d: d.update(name="   "), '"name" is empty'),
        (lambda d: d.update(colour="blue"), 'unknown field "colour"'),
        (lambda d: d.update(services="all"), '"services" must be a list'),
        (lambda d: d.update(sources="x" * 4001), '"sources" has 4001 characters'),
    ],
)
def test_a_malformed_envelope_is_refused(workshop, default_data, change, message):
    change(default_data)
    messages = refused(workshop, default_data)
    assert any(message in m for m in messages), messages


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"levels": _levels(4)}, '"levels" must be a list of exactly 5 descriptors'),
        ({"levels": _levels(6)}, "it has 6"),
        ({"levels": "five"}, "it has text"),
        ({"levels": ["A.", "B.", "  ", "D.", "E."]}, 'level 3: "text" is empty'),
        ({"levels": ["A.", "B.", 3, "D.", "E."]}, 'level 3: "text" must be text'),
        ({"levels": ["A.", "B.", "C.", "x" * 601, "E."]}, 'level 4: "text" has 601'),
        ({"key": "no spaces allowed"}, '"key" must be 1 to 40 letters'),
        ({"key": "k" * 41}, '"key" must be 1 to 40 letters'),
        ({"name": ""}, '"name" is empty'),
        ({"name": "N" * 81}, '"name" has 81 characters'),
        ({"short_name": "S" * 25}, '"short_name" has 25 characters'),
        ({"description": "D" * 1001}, '"description" has 1001 characters'),
        ({"colour": "red"}, 'unknown field "colour"'),
    ],
)
def test_a_malformed_dimension_is_refused_naming_it(workshop, default_data, changes, message):
    messages = refused(workshop, _with(default_data, 2, **changes))
    assert any(m.startswith("Dimension 3") and message in m for m in messages), messages


def test_a_missing_field_of_a_dimension_is_named(workshop, default_data):
    del default_data["dimensions"][1]["levels"]
    assert refused(workshop, default_data) == [
        'Dimension 2 ("Methods and process"): "levels" is missing.'
    ]


def test_duplicate_keys_are_refused(workshop, default_data):
    data = _with(default_data, 4, key="governance")
    assert any(
        'key "governance" is already used by dimension 1' in m for m in refused(workshop, data)
    )


def test_duplicate_names_are_refused_whatever_the_case(workshop, default_data):
    data = _with(default_data, 4, name="  GOVERNANCE ")
    assert any("the name repeats dimension 1" in m for m in refused(workshop, data))


def test_duplicate_service_names_are_refused(workshop, default_data):
    default_data["services"][3]["name"] = default_data["services"][0]["name"].upper()
    assert any(m.startswith("Service 4") for m in refused(workshop, default_data))


def test_more_than_twenty_dimensions_are_refused(workshop, default_data):
    default_data["dimensions"] = [
        {"key": f"d{i}", "name": f"Dimension {i}", "levels": _levels()} for i in range(21)
    ]
    assert refused(workshop, default_data) == [
        "The file has 21 dimensions; a framework has at most 20."
    ]


def test_every_problem_is_listed_at_once(workshop, default_data):
    data = _with(default_data, 0, levels=_levels(3))
    data["dimensions"][5]["name"] = ""
    assert len(refused(workshop, data)) == 2


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"x" * (1024 * 1024 + 1), "larger than 1 MB"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"", "empty"),
        (b"[1, 2]", "one JSON object"),
        (b'{"name": "a", "name": "b"}', "repeats the name"),
        (b'{"version": NaN}', "not JSON that this app can read"),
    ],
)
def test_a_file_that_is_not_a_json_object_is_refused(workshop, raw, message):
    messages = refused(workshop, raw)
    assert message in messages[0]


def test_a_refused_import_fires_no_hook(
    workshop, default_data, monkeypatch, django_capture_on_commit_callbacks
):
    called = []
    monkeypatch.setattr(framework, "FRAMEWORK_CHANGED_HOOKS", [called.append])
    default_data["version"] = 9
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            framework.import_framework(workshop, default_data)
    assert called == []


# --- the editor's services ---------------------------------------------------------------


def _fields(d: Dimension, **changes) -> dict:
    return {**{f: getattr(d, f) for f in setup_services.DIMENSION_FIELDS}, **changes}


def test_deleting_a_dimension_with_levels_is_refused(workshop):
    assessed(workshop, "people", level=1)
    with pytest.raises(ValidationError) as error:
        setup_services.delete_dimension(dimension(workshop, "people"))
    assert "“People and competence” cannot be deleted" in error.value.messages[0]
    assert "1 baseline" in error.value.messages[0]
    assert dimension(workshop, "people")


def test_deleting_a_dimension_with_only_evidence_is_refused_too(workshop):
    row = assessed(workshop, "people", level=None)
    Assessment.objects.filter(pk=row.pk).update(evidence="We saw a steering group once.")
    with pytest.raises(ValidationError):
        setup_services.delete_dimension(dimension(workshop, "people"))


def test_deleting_an_unused_dimension_renumbers_the_rest(workshop):
    setup_services.delete_dimension(dimension(workshop, "methods"))
    positions = list(
        Dimension.objects.filter(framework__workshop=workshop).values_list("key", "position")
    )
    assert positions[:2] == [("governance", 0), ("people", 1)]
    assert [p for _, p in positions] == list(range(7))


def test_the_last_dimension_is_kept(workshop):
    fw = Framework.objects.get(workshop=workshop)
    fw.dimensions.exclude(key="governance").delete()
    with pytest.raises(ValidationError):
        setup_services.delete_dimension(dimension(workshop, "governance"))


def test_moving_a_dimension(workshop):
    setup_services.move_dimension(dimension(workshop, "resources"), -1)
    keys = list(
        Dimension.objects.filter(framework__workshop=workshop).values_list("key", flat=True)
    )
    assert keys[-2:] == ["resources", "stakeholders"]


def test_a_new_dimension_goes_last(workshop):
    added = setup_services.add_dimension(
        workshop,
        **{
            "key": "careers",
            "name": "Careers",
            "short_name": "",
            "description": "",
            **{f"level_{n}": f"L{n}" for n in range(1, 6)},
        },
    )
    assert list(Dimension.objects.filter(framework__workshop=workshop))[-1] == added


def test_renaming_a_dimension_onto_another_name_is_refused_by_the_database(workshop):
    d = dimension(workshop, "methods")
    with pytest.raises(ValidationError) as error:
        setup_services.update_dimension(d, **_fields(d, name="governance"))
    assert "name" in error.value.message_dict
    assert dimension(workshop, "methods").name == "Methods and process"


def test_deleting_a_ticked_service_unticks_it(workshop):
    service = Service.objects.get(workshop=workshop, name="Benefits tracking")
    baseline = BaselineFactory(company=CompanyFactory(team__workshop=workshop))
    baseline.services.add(service)
    setup_services.delete_service(service)
    assert not Service.objects.filter(pk=service.pk).exists()
    assert baseline.services.count() == 0


def test_service_uses_count_baselines_and_visions(workshop):
    service = Service.objects.get(workshop=workshop, name="Benefits tracking")
    company = CompanyFactory(team__workshop=workshop)
    BaselineFactory(company=company).services.add(service)
    VisionFactory(company=company).services.add(service)
    use = framework.service_uses(workshop)[service.pk]
    assert (use.baselines, use.visions) == (1, 1)
    assert framework.describe_service_use(use) == "1 baseline and 1 vision"


# --- the hook ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "write",
    [
        lambda w: framework.import_framework(w, framework.default_framework_data()),
        lambda w: setup_services.update_framework(w, name="New", sources=""),
        lambda w: setup_services.move_dimension(dimension(w, "tools"), 1),
        lambda w: setup_services.delete_dimension(dimension(w, "tools")),
        lambda w: setup_services.update_dimension(
            dimension(w, "tools"), **_fields(dimension(w, "tools"), name="Tooling")
        ),
        lambda w: setup_services.add_service(w, name="New service", description=""),
        lambda w: setup_services.delete_service(Service.objects.filter(workshop=w).first()),
        lambda w: setup_services.move_service(Service.objects.filter(workshop=w).first(), 1),
        lambda w: setup_services.update_service(
            Service.objects.filter(workshop=w).first(), name="Renamed", description=""
        ),
    ],
)
def test_every_write_calls_the_hooks_with_the_workshop_after_commit(
    workshop, monkeypatch, django_capture_on_commit_callbacks, write
):
    called = []
    monkeypatch.setattr(framework, "FRAMEWORK_CHANGED_HOOKS", [called.append])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        write(workshop)
    assert called == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert called == [workshop.pk]


def test_a_dimension_of_another_workshop_is_not_counted(workshop):
    other = DimensionFactory()
    AssessmentFactory(dimension=other, level=3)
    assert framework.dimension_uses(Framework.objects.get(workshop=workshop)) == {}
