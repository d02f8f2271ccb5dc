"""The shape of a workshop file: for every kind of item, its keys in file order.

Export writes the keys in this order and import accepts exactly these keys, so the
two cannot drift apart. docs/workshop-format.md explains every section.
"""

from dataclasses import dataclass

from django.db import models

from strategy.models import Gap, Goal, Initiative, Kpi, Strategy
from teams.models import (
    Assessment,
    Baseline,
    Company,
    Dimension,
    DiscussionTopic,
    Framework,
    Participant,
    ReferenceSet,
    ReferenceValue,
    Service,
    Team,
    TopicVote,
)
from vision.models import Finding, Showcase, Target, Vision

from ..models import Activity, CausalLink, Factor, FactorMerge, PathStep, Phase, Topic, Workshop

FORMAT = "pmo-workshop"
VERSION = 1
WORKSHOP, TEMPLATE = "workshop", "template"
KINDS = (WORKSHOP, TEMPLATE)

COLUMN = "column"  # a model field, converted by values.py
QUARTER = "quarter"  # a quarter column, written "2027-Q1"
OWN = "own"  # this item's file-local reference ("factor-3")
REF = "ref"  # a reference to one item (or null)
REFS = "refs"  # a list of references
NESTED = "nested"  # anything else: checked and written by the section's own code


@dataclass(frozen=True)
class Key:
    name: str
    how: str = COLUMN
    target: str = ""  # the kind of item a reference points to
    required: bool = False
    template: bool = True  # written in a template export too


@dataclass(frozen=True)
class Spec:
    model: type[models.Model]
    keys: tuple[Key, ...]

    @property
    def names(self) -> list[str]:
        return [key.name for key in self.keys]


def own(kind: str) -> Key:
    return Key("ref", OWN, kind, required=True)


def col(name: str, *, required: bool = False, template: bool = True) -> Key:
    return Key(name, COLUMN, required=required, template=template)


def ref(name: str, target: str, *, required: bool = False, template: bool = True) -> Key:
    return Key(name, REF, target, required=required, template=template)


def refs(name: str, target: str, *, template: bool = True) -> Key:
    return Key(name, REFS, target, template=template)


def nested(name: str, *, required: bool = False, template: bool = True) -> Key:
    return Key(name, NESTED, required=required, template=template)


def stamp(name: str) -> Key:
    """A moment the data carries (created, removed, revealed …): not in templates."""
    return Key(name, COLUMN, template=False)


WORKSHOP_SPEC = Spec(
    Workshop,
    (
        col("title", required=True),
        col("date", required=True),
        col("venue"),
        col("language"),
        col("horizon_year", required=True),
        col("team_choice"),
        stamp("code_expires_at"),
        ref("current_phase", "phase", template=False),
        stamp("created_at"),
    ),
)
PHASE = Spec(
    Phase,
    (
        own("phase"),
        col("kind"),
        col("title", required=True),
        col("planned_minutes", required=True),
        col("locked", template=False),
        stamp("timer_ends_at"),
        col("timer_remaining", template=False),
    ),
)
FRAMEWORK = Spec(
    Framework, (col("name", required=True), col("sources"), nested("dimensions", required=True))
)
# A dimension's `key` is its reference: assessments, targets, gaps and reference values
# name the dimension by key, as framework and CSV files do.
DIMENSION = Spec(
    Dimension,
    (
        col("key", required=True),
        col("name", required=True),
        col("short_name"),
        col("description"),
        nested("levels", required=True),
    ),
)
SERVICE = Spec(Service, (own("service"), col("name", required=True), col("description")))
REFERENCE_SET = Spec(
    ReferenceSet,
    (
        col("name", required=True),
        col("source"),
        col("illustrative"),
        col("shown"),
        stamp("imported_at"),
        nested("values"),
    ),
)
REFERENCE_VALUE = Spec(
    ReferenceValue,
    (
        ref("dimension", "dimension", required=True),
        col("mean", required=True),
        col("spread", required=True),
        col("respondents"),
    ),
)
MAP_KEYS = ("topics", "factors", "links", "merges", "path", "outcome")
TOPIC = Spec(Topic, (own("topic"), col("title", required=True), col("description")))
FACTOR = Spec(
    Factor,
    (
        own("factor"),
        col("label", required=True),
        col("kind"),
        col("description"),
        ref("topic", "topic"),
        ref("author_team", "team", template=False),
        ref("merged_into", "factor", template=False),
        stamp("created_at"),
    ),
)
LINK = Spec(
    CausalLink,
    (
        own("link"),
        ref("cause", "factor", required=True),
        ref("effect", "factor", required=True),
        col("polarity"),
        col("strength"),
        col("note"),
        col("status"),
        ref("author_team", "team", template=False),
        col("review_comment", template=False),
        stamp("reviewed_at"),
        ref("absorbed_by", "merge", template=False),
        stamp("created_at"),
    ),
)
MERGE = Spec(
    FactorMerge,
    (
        own("merge"),
        ref("kept", "factor", required=True),
        ref("merged", "factor", required=True),
        nested("repointed"),
        stamp("created_at"),
        stamp("undone_at"),
    ),
)
PATH_STEP = Spec(PathStep, (ref("factor", "factor", required=True), col("role_text")))
FINDING = Spec(
    Finding,
    (
        own("finding"),
        col("title", required=True),
        col("text", required=True),
        nested("image"),
        col("image_alt"),
        stamp("revealed_at"),
    ),
)
SHOWCASE = Spec(Showcase, (ref("finding", "finding"), ref("spotlight", "company")))
TEAM = Spec(Team, (own("team"), col("name", required=True), col("notes"), refs("topics", "topic")))
PARTICIPANT = Spec(
    Participant,
    (
        own("participant"),
        col("display_name", required=True),
        ref("team", "team"),
        stamp("joined_at"),
        stamp("last_seen_at"),
    ),
)
COMPANY = Spec(
    Company,
    (
        own("company"),
        ref("team", "team", required=True),
        col("name", required=True),
        col("sector"),
        stamp("created_at"),
        stamp("removed_at"),
        nested("baselines"),
        nested("vision"),
        nested("strategy"),
        nested("gaps"),
        nested("initiatives"),
        nested("goals"),
        nested("kpis"),
    ),
)
BASELINE = Spec(
    Baseline,
    (
        col("label", required=True),
        col("is_primary"),
        col("pmo_type"),
        col("scope"),
        col("size"),
        col("sponsor"),
        col("strengths"),
        col("pain_points"),
        refs("services", "service"),
        stamp("created_at"),
        stamp("removed_at"),
        nested("assessments"),
    ),
)
ASSESSMENT = Spec(
    Assessment, (ref("dimension", "dimension", required=True), col("level"), col("evidence"))
)
VISION = Spec(
    Vision,
    (
        col("statement"),
        col("target_year"),
        col("pmo_type"),
        col("scope"),
        col("success"),
        refs("services", "service"),
        refs("findings", "finding"),
        nested("targets"),
    ),
)
TARGET = Spec(Target, (ref("dimension", "dimension", required=True), col("level")))
STRATEGY = Spec(Strategy, (col("mission"), col("principles"), col("services_note"), col("summary")))
GAP = Spec(Gap, (ref("dimension", "dimension", required=True), col("priority"), col("note")))
INITIATIVE = Spec(
    Initiative,
    (
        own("initiative"),
        col("title", required=True),
        col("description"),
        col("owner"),
        Key("start_quarter", QUARTER),
        Key("end_quarter", QUARTER),
        col("band"),
        # The gaps it closes, by dimension key: a company has one gap per dimension.
        refs("gaps", "dimension"),
        refs("depends_on", "initiative"),
        stamp("created_at"),
        stamp("removed_at"),
    ),
)
GOAL = Spec(
    Goal, (own("goal"), col("title", required=True), col("description"), stamp("removed_at"))
)
KPI = Spec(
    Kpi,
    (
        col("name", required=True),
        col("unit"),
        col("baseline_value"),
        col("target_value"),
        col("frequency"),
        ref("goal", "goal"),
        ref("initiative", "initiative"),
        stamp("removed_at"),
    ),
)
DISCUSSION_TOPIC = Spec(
    DiscussionTopic,
    (
        col("text", required=True),
        col("status"),
        ref("raised_by", "participant"),
        stamp("created_at"),
        nested("votes"),
    ),
)
VOTE = Spec(TopicVote, (ref("participant", "participant", required=True), stamp("created_at")))
ACTIVITY = Spec(Activity, (col("message", required=True), stamp("created_at")))

# The top of the file, in order; True = required.
TOP = {
    "format": True,
    "version": True,
    "kind": True,
    "workshop": True,
    "agenda": True,
    "framework": False,
    "services": False,
    "reference_sets": False,
    "map": False,
    "findings": False,
    "showcase": False,
    "teams": False,
    "participants": False,
    "companies": False,
    "discussion_topics": False,
    "activity": False,
}
# What a template leaves out: everything about the people in the room and their work.
TEAM_SECTIONS = ("showcase", "teams", "participants", "companies", "discussion_topics", "activity")

# Every model a workshop file carries, and the ones it leaves out on purpose (the
# tests hold these two lists against the apps' models, so a new model is a decision).
EXPORTED_MODELS = [
    spec.model
    for spec in (
        WORKSHOP_SPEC, PHASE, FRAMEWORK, DIMENSION, SERVICE, REFERENCE_SET, REFERENCE_VALUE,
        TOPIC, FACTOR, LINK, MERGE, PATH_STEP, FINDING, SHOWCASE, TEAM, PARTICIPANT, COMPANY,
        BASELINE, ASSESSMENT, VISION, TARGET, STRATEGY, GAP, INITIATIVE, GOAL, KPI,
        DISCUSSION_TOPIC, VOTE, ACTIVITY,
    )
]  # fmt: skip
NOT_EXPORTED = {
    "workshop.HostingRequest": "not part of a workshop: requests to host one",
    "strategy.PackRender": "a cache of rendered PDFs, rebuilt on demand",
    "strategy.PackExport": "a cache of ZIP downloads, rebuilt on demand",
}
# Career plans are private to each attendee: never in a file an organiser downloads.
PRIVATE_MODULES = ("teams.models.career",)
