"""Writing a checked workshop file (a Plan) as a new workshop, all or nothing.

Everything is written inside one transaction: a problem anywhere leaves nothing
behind (image files saved on the way are deleted again). Rows are inserted in bulk
in file order, so the database keeps the file's order and a new export gives the
same file. Versioned rows get their history record last, once every value (the
file's timestamps included) is final: the first record a later edit is checked
against is then the imported state, at version 1.
"""

import datetime
import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.translation import gettext as _

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

from ..models import (
    Activity,
    CausalLink,
    Factor,
    FactorMerge,
    PathStep,
    Phase,
    Topic,
    Workshop,
    new_join_code,
)
from .checker import Item
from .checks import Plan

CHANGE_REASON = "imported from a workshop file"
BATCH = 500


class Writer:
    def __init__(self, user):
        self.user = user
        self.rows: dict[str, dict[str, models.Model]] = defaultdict(dict)  # kind → ref → row
        self.versioned: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.files: list[str] = []  # image files saved so far (deleted again on failure)

    def insert(self, model, pairs: list[tuple[Item, models.Model]], kind: str = "") -> list:
        """Insert the rows in file order; put back the moments the file carries in
        auto_now(_add) columns (which an insert overwrites with "now")."""
        objs = [obj for _item, obj in pairs]
        model.objects.bulk_create(objs, batch_size=BATCH)
        automatic = [
            f.name
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        restored = set()
        for item, obj in pairs:
            for name in automatic:
                if name in item.fields:
                    setattr(obj, name, item.fields[name])
                    restored.add(name)
        if restored:
            model.objects.bulk_update(objs, sorted(restored), batch_size=BATCH)
        if kind:
            for item, obj in pairs:
                self.rows[kind][item.ref] = obj
        if getattr(model, "history", None) is not None:
            self.versioned[model].extend(objs)
        return objs

    def one(self, kind: str, ref: str | None):
        return None if ref is None else self.rows[kind][ref]

    def link(self, through, left: str, right: str, pairs) -> None:
        through.objects.bulk_create(
            [through(**{f"{left}_id": a.pk, f"{right}_id": b.pk}) for a, b in pairs],
            batch_size=BATCH,
        )

    def history(self) -> None:
        for model, objs in self.versioned.items():
            model.history.bulk_history_create(
                objs,
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=CHANGE_REASON,
            )


def import_plan(
    plan: Plan, *, user=None, title: str = "", date: datetime.date | None = None
) -> Workshop:
    """A new workshop from a checked file; `user` becomes its facilitator and organiser.
    `title` and `date` replace the file's (a template used for a new event); the vision
    horizon then keeps its distance from the date. Raises ValidationError."""
    writer = Writer(user)
    try:
        with transaction.atomic():
            workshop = _write(writer, plan, title, date)
    except (IntegrityError, DataError) as exc:
        _delete_files(writer)
        raise ValidationError(
            _(
                "The database refused the file, so nothing was imported (%(reason)s). The "
                "file's rows contradict each other in a way the check did not catch."
            )
            % {"reason": (str(exc).splitlines() or [""])[0][:200]}
        ) from exc
    except BaseException:
        _delete_files(writer)
        raise
    return workshop


def _delete_files(writer: Writer) -> None:
    storage = Finding._meta.get_field("image").storage
    for name in writer.files:
        storage.delete(name)


def _write(w: Writer, plan: Plan, title: str, date: datetime.date | None) -> Workshop:
    workshop = _workshop(w, plan.workshop, title, date)
    phases = w.insert(
        Phase,
        [
            (item, Phase(workshop=workshop, position=n, **item.fields))
            for n, item in enumerate(plan.agenda)
        ],
        "phase",
    )
    _framework(w, workshop, plan.framework)
    w.insert(
        Service,
        [
            (item, Service(workshop=workshop, position=n, **item.fields))
            for n, item in enumerate(plan.services)
        ],
        "service",
    )
    _reference_sets(w, workshop, plan.reference_sets)
    _people(w, workshop, plan)
    _map(w, workshop, plan)
    if "current_phase" in plan.workshop.links:
        workshop.current_phase = w.one("phase", plan.workshop.links["current_phase"])
    else:  # a template: the room starts at the first phase
        workshop.current_phase = phases[0]
    workshop.outcome = w.one("factor", plan.outcome)
    workshop.save(update_fields=["current_phase", "outcome"])
    _findings(w, workshop, plan.findings)
    _companies(w, plan.companies)
    if plan.showcase is not None:
        spotlight = w.one("company", plan.showcase.links.get("spotlight"))
        Showcase.objects.create(
            workshop=workshop,
            finding=w.one("finding", plan.showcase.links.get("finding")),
            spotlight=Vision.objects.get(company=spotlight) if spotlight else None,
        )
    _discussion_topics(w, workshop, plan.discussion_topics)
    w.insert(
        Activity, [(item, Activity(workshop=workshop, **item.fields)) for item in plan.activity]
    )
    w.history()
    if w.user is not None:
        workshop.facilitators.add(w.user)
        workshop.organisers.add(w.user)
    return workshop


def _workshop(w: Writer, item: Item, title: str, date: datetime.date | None) -> Workshop:
    fields = dict(item.fields)
    if title:
        fields["title"] = title
    if date and date != fields["date"]:
        # A template used for a new date: the horizon keeps its distance, joining
        # closes after the new date.
        distance = fields["horizon_year"] - fields["date"].year
        fields["horizon_year"] = min(max(date.year + distance, date.year), 2100)
        fields["date"] = date
        fields.pop("code_expires_at", None)
    fields.setdefault("code_expires_at", Workshop.default_code_expiry(fields["date"]))
    created_at = fields.pop("created_at", None)
    workshop = Workshop.objects.create(code=_unused_code(), **fields)
    if created_at is not None:
        Workshop.objects.filter(pk=workshop.pk).update(created_at=created_at)
        workshop.created_at = created_at
    return workshop


def _unused_code() -> str:
    while True:
        code = new_join_code()
        if not Workshop.objects.filter(code=code).exists():
            return code


def _framework(w: Writer, workshop: Workshop, item: Item | None) -> None:
    if item is None:
        return
    framework = Framework.objects.create(workshop=workshop, **item.fields)
    w.insert(
        Dimension,
        [
            (d, Dimension(framework=framework, position=n, **d.fields))
            for n, d in enumerate(item.extra["dimensions"])
        ],
        "dimension",
    )


def _reference_sets(w: Writer, workshop: Workshop, items: list[Item]) -> None:
    sets = w.insert(
        ReferenceSet,
        [
            (item, ReferenceSet(workshop=workshop, position=n, **item.fields))
            for n, item in enumerate(items)
        ],
    )
    w.insert(
        ReferenceValue,
        [
            (v, ReferenceValue(reference_set=rs, dimension=_dimension(w, v), **v.fields))
            for item, rs in zip(items, sets, strict=True)
            for v in item.extra["values"]
        ],
    )


def _dimension(w: Writer, item: Item) -> Dimension:
    return w.rows["dimension"][item.links["dimension"]]


def _people(w: Writer, workshop: Workshop, plan: Plan) -> None:
    w.insert(
        Team,
        [
            (item, Team(workshop=workshop, position=n, **item.fields))
            for n, item in enumerate(plan.teams)
        ],
        "team",
    )
    w.insert(
        Participant,
        [
            (
                item,
                Participant(
                    workshop=workshop, team=w.one("team", item.links.get("team")), **item.fields
                ),
            )
            for item in plan.participants
        ],
        "participant",
    )


def _map(w: Writer, workshop: Workshop, plan: Plan) -> None:
    w.insert(
        Topic,
        [
            (item, Topic(workshop=workshop, position=n, **item.fields))
            for n, item in enumerate(plan.topics)
        ],
        "topic",
    )
    w.link(
        Topic.teams.through,
        "topic",
        "team",
        [
            (w.one("topic", topic), w.one("team", team.ref))
            for team in plan.teams
            for topic in team.many.get("topics", [])
        ],
    )
    # A merged factor may share its label with an active one, and its merge may point
    # forward in the file: merged factors go in under a placeholder label (active
    # labels are unique) and get their label and merge once every factor exists.
    factors = []
    for item in plan.factors:
        factor = Factor(
            workshop=workshop,
            topic=w.one("topic", item.links.get("topic")),
            author_team=w.one("team", item.links.get("author_team")),
            **item.fields,
        )
        if item.links.get("merged_into") is not None:
            factor.label = f" {uuid.uuid4().hex}"
        factors.append((item, factor))
    w.insert(Factor, factors, "factor")
    merged = []
    for item, factor in factors:
        if item.links.get("merged_into") is not None:
            factor.label = item.fields["label"]
            factor.merged_into = w.one("factor", item.links["merged_into"])
            merged.append(factor)
    Factor.objects.bulk_update(merged, ["label", "merged_into"], batch_size=BATCH)
    merges = w.insert(
        FactorMerge,
        [
            (
                item,
                FactorMerge(
                    workshop=workshop,
                    kept=w.one("factor", item.links["kept"]),
                    merged=w.one("factor", item.links["merged"]),
                    **item.fields,
                ),
            )
            for item in plan.merges
        ],
        "merge",
    )
    w.insert(
        CausalLink,
        [
            (
                item,
                CausalLink(
                    workshop=workshop,
                    cause=w.one("factor", item.links["cause"]),
                    effect=w.one("factor", item.links["effect"]),
                    author_team=w.one("team", item.links.get("author_team")),
                    absorbed_by=w.one("merge", item.links.get("absorbed_by")),
                    **item.fields,
                ),
            )
            for item in plan.links
        ],
        "link",
    )
    # A merge remembers the links it re-pointed by id: the new ids.
    for item, merge in zip(plan.merges, merges, strict=True):
        merge.repointed = [
            {"link": w.one("link", ref).pk, "end": end} for ref, end in item.extra["repointed"]
        ]
    FactorMerge.objects.bulk_update(merges, ["repointed"], batch_size=BATCH)
    w.insert(
        PathStep,
        [
            (
                item,
                PathStep(
                    workshop=workshop,
                    factor=w.one("factor", item.links["factor"]),
                    position=n,
                    **item.fields,
                ),
            )
            for n, item in enumerate(plan.path)
        ],
    )


def _findings(w: Writer, workshop: Workshop, items: list[Item]) -> None:
    findings = []
    for n, item in enumerate(items):
        finding = Finding(workshop=workshop, position=n, **item.fields)
        image = item.extra["image"]
        if image is not None:
            image.seek(0)
            finding.image.save(image.name, image, save=False)
            w.files.append(finding.image.name)
        findings.append((item, finding))
    w.insert(Finding, findings, "finding")


def _companies(w: Writer, items: list[Item]) -> None:
    companies = w.insert(
        Company,
        [
            (item, Company(team=w.one("team", item.links["team"]), position=n, **item.fields))
            for n, item in enumerate(items)
        ],
        "company",
    )
    pairs = list(zip(items, companies, strict=True))
    baselines = [
        (b, Baseline(company=company, **b.fields))
        for item, company in pairs
        for b in item.extra["baselines"]
    ]
    w.insert(Baseline, baselines)
    w.link(
        Baseline.services.through,
        "baseline",
        "service",
        [
            (obj, w.one("service", ref))
            for b, obj in baselines
            for ref in b.many.get("services", [])
        ],
    )
    w.insert(
        Assessment,
        [
            (a, Assessment(baseline=obj, dimension=_dimension(w, a), **a.fields))
            for b, obj in baselines
            for a in b.extra["assessments"]
        ],
    )
    visions = [
        (item.extra["vision"], Vision(company=company, **item.extra["vision"].fields))
        for item, company in pairs
        if item.extra["vision"] is not None
    ]
    w.insert(Vision, visions)
    for through_field, kind in (("services", "service"), ("findings", "finding")):
        w.link(
            getattr(Vision, through_field).through,
            "vision",
            kind,
            [
                (obj, w.one(kind, ref))
                for v, obj in visions
                for ref in v.many.get(through_field, [])
            ],
        )
    w.insert(
        Target,
        [
            (t, Target(vision=obj, dimension=_dimension(w, t), **t.fields))
            for v, obj in visions
            for t in v.extra["targets"]
        ],
    )
    w.insert(
        Strategy,
        [
            (item.extra["strategy"], Strategy(company=company, **item.extra["strategy"].fields))
            for item, company in pairs
            if item.extra["strategy"] is not None
        ],
    )
    gaps = [
        (g, Gap(company=company, dimension=_dimension(w, g), **g.fields))
        for item, company in pairs
        for g in item.extra["gaps"]
    ]
    w.insert(Gap, gaps)
    gap_of = {(gap.company_id, g.links["dimension"]): gap for g, gap in gaps}
    initiatives = [
        (i, Initiative(company=company, position=n, **i.fields))
        for item, company in pairs
        for n, i in enumerate(item.extra["initiatives"])
    ]
    w.insert(Initiative, initiatives, "initiative")
    w.link(
        Initiative.gaps.through,
        "initiative",
        "gap",
        [
            (obj, gap_of[obj.company_id, key])
            for i, obj in initiatives
            for key in i.many.get("gaps", [])
        ],
    )
    w.link(
        Initiative.depends_on.through,
        "from_initiative",
        "to_initiative",
        [
            (obj, w.one("initiative", ref))
            for i, obj in initiatives
            for ref in i.many.get("depends_on", [])
        ],
    )
    w.insert(
        Goal,
        [
            (g, Goal(company=company, position=n, **g.fields))
            for item, company in pairs
            for n, g in enumerate(item.extra["goals"])
        ],
        "goal",
    )
    w.insert(
        Kpi,
        [
            (
                k,
                Kpi(
                    company=company,
                    goal=w.one("goal", k.links.get("goal")),
                    initiative=w.one("initiative", k.links.get("initiative")),
                    position=n,
                    **k.fields,
                ),
            )
            for item, company in pairs
            for n, k in enumerate(item.extra["kpis"])
        ],
    )


def _discussion_topics(w: Writer, workshop: Workshop, items: list[Item]) -> None:
    topics = w.insert(
        DiscussionTopic,
        [
            (
                item,
                DiscussionTopic(
                    workshop=workshop,
                    raised_by=w.one("participant", item.links.get("raised_by")),
                    **item.fields,
                ),
            )
            for item in items
        ],
    )
    w.insert(
        TopicVote,
        [
            (
                v,
                TopicVote(
                    topic=topic,
                    participant=w.one("participant", v.links["participant"]),
                    **v.fields,
                ),
            )
            for item, topic in zip(items, topics, strict=True)
            for v in item.extra["votes"]
        ],
    )
