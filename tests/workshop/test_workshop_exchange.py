"""Whole-workshop export → import → export gives the same file, with nothing lost."""

import json

import pytest
from django.apps import apps

from teams.models import Participant
from vision.models import Finding
from workshop import exchange
from workshop.models import Workshop

from ..factories import UserFactory, WorkshopFactory
from .workshop_exchange_setup import counts, empty_the_database, every_model_has_rows, rich_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(db):
    return rich_workshop()


def export_text(workshop, **kwargs) -> str:
    return exchange.dumps(exchange.export_workshop(workshop, **kwargs))


def test_the_rich_workshop_has_a_row_of_every_exported_model(rich):
    assert every_model_has_rows() == []


def test_export_import_into_an_empty_database_export_gives_the_same_file(rich):
    first = export_text(rich)
    user = UserFactory()
    empty_the_database()
    imported = exchange.import_workshop(json.loads(first), user=user)
    second = export_text(imported)
    assert second == first


def test_round_trip_into_a_database_that_holds_another_workshop(rich):
    first = export_text(rich)
    imported = exchange.import_workshop(json.loads(first), user=UserFactory())
    assert imported.pk != rich.pk
    assert export_text(imported) == first
    assert export_text(rich) == first  # the original is untouched


# --- nothing dropped ---------------------------------------------------------------------


def rows_in_file(doc: dict) -> dict[str, int]:
    """How many rows of each exported model the file holds."""
    companies = doc["companies"]
    baselines = [b for c in companies for b in c["baselines"]]
    visions = [c["vision"] for c in companies if c["vision"]]
    initiatives = [i for c in companies for i in c["initiatives"]]
    return {
        "workshop.Workshop": 1,
        "workshop.Phase": len(doc["agenda"]),
        "teams.Framework": 1 if doc["framework"] else 0,
        "teams.Dimension": len(doc["framework"]["dimensions"]),
        "teams.Service": len(doc["services"]),
        "teams.ReferenceSet": len(doc["reference_sets"]),
        "teams.ReferenceValue": sum(len(r["values"]) for r in doc["reference_sets"]),
        "workshop.Topic": len(doc["map"]["topics"]),
        "workshop.Factor": len(doc["map"]["factors"]),
        "workshop.CausalLink": len(doc["map"]["links"]),
        "workshop.FactorMerge": len(doc["map"]["merges"]),
        "workshop.PathStep": len(doc["map"]["path"]),
        "vision.Finding": len(doc["findings"]),
        "vision.Showcase": 1 if doc["showcase"] else 0,
        "teams.Team": len(doc["teams"]),
        "teams.Participant": len(doc["participants"]),
        "teams.Company": len(companies),
        "teams.Baseline": len(baselines),
        "teams.Assessment": sum(len(b["assessments"]) for b in baselines),
        "vision.Vision": len(visions),
        "vision.Target": sum(len(v["targets"]) for v in visions),
        "strategy.Strategy": sum(1 for c in companies if c["strategy"]),
        "strategy.Gap": sum(len(c["gaps"]) for c in companies),
        "strategy.Initiative": len(initiatives),
        "strategy.Goal": sum(len(c["goals"]) for c in companies),
        "strategy.Kpi": sum(len(c["kpis"]) for c in companies),
        "teams.DiscussionTopic": len(doc["discussion_topics"]),
        "teams.TopicVote": sum(len(t["votes"]) for t in doc["discussion_topics"]),
        "workshop.Activity": len(doc["activity"]),
        # many-to-many ticks
        "team topics": sum(len(t["topics"]) for t in doc["teams"]),
        "baseline services": sum(len(b["services"]) for b in baselines),
        "vision services": sum(len(v["services"]) for v in visions),
        "vision findings": sum(len(v["findings"]) for v in visions),
        "initiative gaps": sum(len(i["gaps"]) for i in initiatives),
        "initiative dependencies": sum(len(i["depends_on"]) for i in initiatives),
    }


def rows_in_database() -> dict[str, int]:
    from strategy.models import Initiative
    from teams.models import Baseline, Team
    from vision.models import Vision

    found = {label: n for label, n in counts().items() if "history" not in label}
    return found | {
        "team topics": Team.topics.through.objects.count(),
        "baseline services": Baseline.services.through.objects.count(),
        "vision services": Vision.services.through.objects.count(),
        "vision findings": Vision.findings.through.objects.count(),
        "initiative gaps": Initiative.gaps.through.objects.count(),
        "initiative dependencies": Initiative.depends_on.through.objects.count(),
    }


def test_the_file_holds_every_row_of_the_workshop(rich):
    Workshop.objects.exclude(pk=rich.pk).delete()  # the seed's users may own other rows
    in_file = rows_in_file(exchange.export_workshop(rich))
    assert in_file == rows_in_database()
    assert [name for name, n in in_file.items() if n == 0] == []


def test_the_import_creates_every_row_of_the_file(rich):
    doc = exchange.export_workshop(rich)
    empty_the_database()
    exchange.import_workshop(doc, user=UserFactory())
    assert rows_in_database() == rows_in_file(doc)


def test_every_model_of_the_apps_is_exported_or_left_out_on_purpose():
    """A new model must be a decision: in the file, or listed with the reason it is not."""
    exported = {model._meta.label for model in exchange.EXPORTED_MODELS}
    undecided = [
        model._meta.label
        for app in ("workshop", "teams", "vision", "strategy")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        and model._meta.label not in exported
        and model._meta.label not in exchange.NOT_EXPORTED
        and not model.__module__.startswith(exchange.PRIVATE_MODULES)
    ]
    assert undecided == []


# --- what the import makes ----------------------------------------------------------------


def test_the_importing_user_facilitates_and_organises_the_new_workshop(rich):
    user = UserFactory()
    imported = exchange.import_workshop(exchange.export_workshop(rich), user=user)
    assert list(imported.facilitators.all()) == [user]
    assert list(imported.organisers.all()) == [user]


def test_secrets_stay_behind_and_the_import_gets_new_ones(rich):
    text = export_text(rich)
    assert rich.code not in text
    tokens = list(Participant.objects.filter(workshop=rich).values_list("rejoin_token", flat=True))
    assert not [token for token in tokens if token in text]
    imported = exchange.import_workshop(json.loads(text), user=UserFactory())
    assert imported.code != rich.code
    new_tokens = Participant.objects.filter(workshop=imported).values_list(
        "rejoin_token", flat=True
    )
    assert not set(new_tokens) & set(tokens)


def test_imported_rows_start_at_version_1_with_one_history_record_each(rich):
    imported = exchange.import_workshop(exchange.export_workshop(rich), user=UserFactory())
    for model in exchange.EXPORTED_MODELS:
        if getattr(model, "history", None) is None:
            continue
        rows = model._default_manager.filter(pk__in=_rows_of(imported, model))
        assert rows.exists(), model
        assert set(rows.values_list("version", flat=True)) == {1}, model
        history = model.history.filter(id__in=rows.values("pk"))
        assert history.count() == rows.count(), model
        assert set(history.values_list("history_change_reason", flat=True)) == {
            "imported from a workshop file"
        }


def _rows_of(workshop, model):
    """The pks of `model`'s rows that belong to `workshop`."""
    paths = {
        "workshop": "workshop",
        "team": "team__workshop",
        "company": "company__team__workshop",
        "baseline": "baseline__company__team__workshop",
        "vision": "vision__company__team__workshop",
    }
    for field, path in paths.items():
        try:
            model._meta.get_field(field)
        except Exception:  # noqa: BLE001 - this model has no such field: try the next
            continue
        return model._default_manager.filter(**{path: workshop}).values("pk")
    raise AssertionError(model)


def test_an_imported_text_can_be_edited_with_the_version_check(rich):
    from workshop.editing import Author, save_field

    imported = exchange.import_workshop(exchange.export_workshop(rich), user=UserFactory())
    team = imported.teams.order_by("position").first()
    saved = save_field(team, "notes", "Edited after the import.", 1, Author())
    assert (saved.notes, saved.version) == ("Edited after the import.", 2)


def test_moments_and_images_come_back_exactly(rich):
    imported = exchange.import_workshop(exchange.export_workshop(rich), user=UserFactory())
    assert imported.created_at == rich.created_at
    original = Finding.objects.filter(workshop=rich).exclude(image="").get()
    copy = Finding.objects.filter(workshop=imported).exclude(image="").get()
    assert copy.image.name != original.image.name
    assert copy.image.read() == original.image.read()
    assert copy.revealed_at == original.revealed_at


# --- templates ----------------------------------------------------------------------------


def test_a_template_carries_no_teams_people_or_their_work(rich):
    doc = exchange.export_workshop(rich, template=True)
    assert doc["kind"] == "template"
    for section in ("teams", "participants", "companies", "discussion_topics", "activity"):
        assert section not in doc
    text = exchange.dumps(doc)
    for name in ("Team Aurora", "Anna Lindqvist", "Åre Älvdalen Öresund AB", "author_team"):
        assert name not in text
    assert doc["map"]["merges"] == []
    assert {link["status"] for link in doc["map"]["links"]} == {"accepted"}
    assert "Team Aurora's draft idea" not in text  # a team's draft stays with the team
    assert doc["framework"]["dimensions"] and doc["services"] and doc["findings"]


def test_a_template_becomes_a_usable_new_workshop(rich):
    user = UserFactory()
    template = exchange.export_workshop(rich, template=True)
    imported = exchange.import_workshop(template, user=user)
    assert imported.current_phase == imported.phases.order_by("position").first()
    assert imported.phases.count() == rich.phases.count()
    assert not imported.phases.filter(locked=True).exists()
    assert imported.framework.dimensions.count() == rich.framework.dimensions.count()
    assert not imported.teams.exists() and imported.joining_open
    assert Finding.objects.filter(workshop=imported, revealed_at__isnull=False).count() == 0
    assert exchange.export_workshop(imported, template=True) == template


def test_a_template_used_for_a_new_date_moves_the_horizon_with_it(rich):
    template = exchange.export_workshop(rich, template=True)
    new_date = rich.date.replace(year=rich.date.year + 1)
    imported = exchange.import_workshop(
        template, user=UserFactory(), title="Next year's workshop", date=new_date
    )
    assert (imported.title, imported.date) == ("Next year's workshop", new_date)
    assert imported.horizon_year == rich.horizon_year + 1
    assert imported.code_expires_at == Workshop.default_code_expiry(new_date)


def test_a_workshop_made_in_the_app_round_trips_as_a_template(db):
    workshop = WorkshopFactory()
    template = exchange.export_workshop(workshop, template=True)
    imported = exchange.import_workshop(template, user=UserFactory())
    assert exchange.export_workshop(imported, template=True) == template
