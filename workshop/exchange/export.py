"""A workshop as one JSON document (docs/workshop-format.md).

Every row gets a file-local reference ("factor-3") numbered in export order, never a
database id, and every list is sorted, so exporting the same content twice (or after
an import into another database) gives the same bytes.
"""

import base64
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

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

from ..models import Activity, CausalLink, Factor, PathStep, Workshop
from . import schema as s
from .values import quarter_to_json, to_json

CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


class Refs:
    """pk → file reference, per kind of item, numbered in export order."""

    def __init__(self):
        self.maps: dict[str, dict[int, tuple[int, str]]] = defaultdict(dict)

    def number(self, kind: str, rows) -> None:
        for n, row in enumerate(rows, start=1):
            self.maps[kind][row.pk] = (n, f"{kind}-{n}")

    def name(self, kind: str, rows, attr: str) -> None:
        """Rows whose own field is their reference (dimensions: their key)."""
        for n, row in enumerate(rows, start=1):
            self.maps[kind][row.pk] = (n, getattr(row, attr))

    def one(self, kind: str, pk: int | None) -> str | None:
        found = self.maps[kind].get(pk)
        return found[1] if found else None

    def many(self, kind: str, pks) -> list[str]:
        """In export order, whatever order the database returned them in."""
        found = sorted(self.maps[kind][pk] for pk in set(pks) if pk in self.maps[kind])
        return [name for _n, name in found]


class Writer:
    def __init__(self, template: bool):
        self.template = template
        self.refs = Refs()

    def item(self, spec: s.Spec, row: models.Model, **given: Any) -> dict:
        """The row as a file item, keys in the spec's order. `given` holds what the spec
        leaves to the caller: nested items, and the pks of many-to-many references."""
        out = {}
        for key in spec.keys:
            if self.template and not key.template:
                continue
            if key.how == s.OWN:
                out[key.name] = self.refs.one(key.target, row.pk)
            elif key.how == s.COLUMN:
                out[key.name] = to_json(spec.model, key.name, getattr(row, key.name))
            elif key.how == s.QUARTER:
                out[key.name] = quarter_to_json(getattr(row, key.name))
            elif key.how == s.REF:
                pk = given[key.name] if key.name in given else getattr(row, f"{key.name}_id")
                out[key.name] = self.refs.one(key.target, pk)
            elif key.how == s.REFS:
                out[key.name] = self.refs.many(key.target, given[key.name])
            else:
                out[key.name] = given[key.name]
        return out


def _grouped(rows, attr: str) -> dict[int, list]:
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, attr)].append(row)
    return groups


def _pairs(through, left: str, right: str, **filters) -> dict[int, list[int]]:
    """A many-to-many table as {left pk: [right pks]}."""
    groups = defaultdict(list)
    for a, b in through.objects.filter(**filters).values_list(left, right):
        groups[a].append(b)
    return groups


def export_workshop(workshop: Workshop, *, template: bool = False) -> dict:
    """The whole workshop (or, with `template`, what a new workshop starts from: no
    teams, people or their work) as a dict ready for json.dumps."""
    workshop = Workshop.objects.get(pk=workshop.pk)  # fresh: outcome and phase move
    w = Writer(template)
    phases = list(workshop.phases.order_by("position", "id"))
    w.refs.number("phase", phases)
    framework = Framework.objects.filter(workshop=workshop).first()
    dimensions = (
        list(Dimension.objects.filter(framework=framework).order_by("position", "id"))
        if framework
        else []
    )
    w.refs.name("dimension", dimensions, "key")
    services = list(Service.objects.filter(workshop=workshop).order_by("position", "id"))
    w.refs.number("service", services)
    findings = list(Finding.objects.filter(workshop=workshop).order_by("position", "id"))
    w.refs.number("finding", findings)
    teams = (
        [] if template else list(Team.objects.filter(workshop=workshop).order_by("position", "id"))
    )
    w.refs.number("team", teams)

    doc = {
        "format": s.FORMAT,
        "version": s.VERSION,
        "kind": s.TEMPLATE if template else s.WORKSHOP,
        "workshop": w.item(s.WORKSHOP_SPEC, workshop),
        "agenda": [w.item(s.PHASE, phase) for phase in phases],
        "framework": _framework(w, framework, dimensions),
        "services": [w.item(s.SERVICE, service) for service in services],
        "reference_sets": _reference_sets(w, workshop),
        "map": _map(w, workshop),
        "findings": [w.item(s.FINDING, f, image=_image(f)) for f in findings],
    }
    if template:
        return doc
    participants = list(Participant.objects.filter(workshop=workshop).order_by("joined_at", "id"))
    w.refs.number("participant", participants)
    companies = list(
        Company.objects.filter(team__workshop=workshop).order_by(
            "team__position", "team_id", "position", "id"
        )
    )
    w.refs.number("company", companies)
    topics = _pairs(Team.topics.through, "team_id", "topic_id", team__workshop=workshop)
    showcase = Showcase.objects.filter(workshop=workshop).first()
    doc |= {
        "showcase": _showcase(w, showcase),
        "teams": [w.item(s.TEAM, team, topics=topics[team.pk]) for team in teams],
        "participants": [w.item(s.PARTICIPANT, p) for p in participants],
        "companies": _companies(w, workshop, companies),
        "discussion_topics": _discussion_topics(w, workshop),
        "activity": [
            w.item(s.ACTIVITY, a)
            for a in Activity.objects.filter(workshop=workshop).order_by("created_at", "id")
        ],
    }
    return doc


def _showcase(w: Writer, showcase: Showcase | None) -> dict | None:
    if showcase is None:
        return None
    # The spotlight is a company's vision: the file names the company.
    spotlight = Vision.objects.filter(pk=showcase.spotlight_id).values_list("company_id", flat=True)
    return w.item(s.SHOWCASE, showcase, spotlight=spotlight.first())


def _framework(w: Writer, framework: Framework | None, dimensions: list[Dimension]) -> dict | None:
    if framework is None:
        return None
    return w.item(
        s.FRAMEWORK,
        framework,
        dimensions=[
            w.item(s.DIMENSION, d, levels=[d.descriptor(n) for n in range(1, 6)])
            for d in dimensions
        ],
    )


def _reference_sets(w: Writer, workshop: Workshop) -> list[dict]:
    sets = list(ReferenceSet.objects.filter(workshop=workshop).order_by("position", "id"))
    values = _grouped(
        ReferenceValue.objects.filter(reference_set__in=sets).order_by(
            "dimension__position", "dimension_id", "id"
        ),
        "reference_set_id",
    )
    return [
        w.item(
            s.REFERENCE_SET,
            rs,
            values=[w.item(s.REFERENCE_VALUE, v) for v in values[rs.pk]],
        )
        for rs in sets
    ]


def _map(w: Writer, workshop: Workshop) -> dict:
    topics = list(workshop.topics.order_by("position", "id"))
    w.refs.number("topic", topics)
    factors = list(Factor.objects.filter(workshop=workshop).order_by("created_at", "id"))
    links = list(CausalLink.objects.filter(workshop=workshop).order_by("created_at", "id"))
    steps = list(PathStep.objects.filter(workshop=workshop).order_by("position", "id"))
    outcome = workshop.outcome_id
    merges = [] if w.template else list(workshop.merges.order_by("created_at", "id"))
    if w.template:
        # A template's map is the accepted room map: no team drafts, no merged factors.
        links = [
            k for k in links if k.status == CausalLink.Status.ACCEPTED and k.absorbed_by_id is None
        ]
        active = {f.pk for f in factors if f.merged_into_id is None}
        links = [k for k in links if k.cause_id in active and k.effect_id in active]
        steps = [step for step in steps if step.factor_id in active]
        outcome = outcome if outcome in active else None
        wanted = (
            {k.cause_id for k in links}
            | {k.effect_id for k in links}
            | {step.factor_id for step in steps}
            | {outcome}
            | {f.pk for f in factors if f.author_team_id is None}
        )
        factors = [f for f in factors if f.pk in active and f.pk in wanted]
    w.refs.number("factor", factors)
    w.refs.number("link", links)
    w.refs.number("merge", merges)
    return {
        "topics": [w.item(s.TOPIC, t) for t in topics],
        "factors": [w.item(s.FACTOR, f) for f in factors],
        "links": [w.item(s.LINK, k) for k in links],
        "merges": [
            w.item(
                s.MERGE,
                m,
                repointed=[
                    {"link": w.refs.one("link", move.get("link")), "end": move.get("end")}
                    for move in m.repointed
                    if isinstance(move, dict) and w.refs.one("link", move.get("link"))
                ],
            )
            for m in merges
        ],
        "path": [w.item(s.PATH_STEP, step) for step in steps],
        "outcome": w.refs.one("factor", outcome),
    }


def _image(finding: Finding) -> dict | None:
    """The finding's image inline: a file must carry everything it needs."""
    if not finding.image:
        return None
    content_type = CONTENT_TYPES.get(Path(finding.image.name).suffix.lower())
    try:
        with finding.image.open("rb") as file:
            data = file.read()
    except OSError:  # the stored file is gone: the finding travels without it
        return None
    if content_type is None:
        return None
    return {"content_type": content_type, "data": base64.b64encode(data).decode("ascii")}


def _companies(w: Writer, workshop: Workshop, companies: list[Company]) -> list[dict]:
    ids = [c.pk for c in companies]
    by_dimension = ("dimension__position", "dimension_id", "id")
    baselines = _grouped(Baseline.objects.filter(company_id__in=ids).order_by("id"), "company_id")
    assessments = _grouped(
        Assessment.objects.filter(baseline__company_id__in=ids).order_by(*by_dimension),
        "baseline_id",
    )
    baseline_services = _pairs(
        Baseline.services.through, "baseline_id", "service_id", baseline__company_id__in=ids
    )
    visions = {v.company_id: v for v in Vision.objects.filter(company_id__in=ids)}
    targets = _grouped(
        Target.objects.filter(vision__company_id__in=ids).order_by(*by_dimension), "vision_id"
    )
    vision_services = _pairs(
        Vision.services.through, "vision_id", "service_id", vision__company_id__in=ids
    )
    vision_findings = _pairs(
        Vision.findings.through, "vision_id", "finding_id", vision__company_id__in=ids
    )
    strategies = {x.company_id: x for x in Strategy.objects.filter(company_id__in=ids)}
    gaps = _grouped(Gap.objects.filter(company_id__in=ids).order_by(*by_dimension), "company_id")
    gap_dimensions = dict(Gap.objects.filter(company_id__in=ids).values_list("pk", "dimension_id"))
    order = {pk: n for n, pk in enumerate(ids)}
    initiatives = list(Initiative.objects.filter(company_id__in=ids).order_by("position", "id"))
    goals = list(Goal.objects.filter(company_id__in=ids).order_by("position", "id"))
    # Numbered company by company (sorted() keeps the position order within each).
    w.refs.number("initiative", sorted(initiatives, key=lambda i: order[i.company_id]))
    w.refs.number("goal", sorted(goals, key=lambda g: order[g.company_id]))
    initiative_gaps = _pairs(
        Initiative.gaps.through, "initiative_id", "gap_id", initiative__company_id__in=ids
    )
    depends_on = _pairs(
        Initiative.depends_on.through,
        "from_initiative_id",
        "to_initiative_id",
        from_initiative__company_id__in=ids,
    )
    kpis = _grouped(Kpi.objects.filter(company_id__in=ids).order_by("position", "id"), "company_id")
    initiatives_by_company = _grouped(initiatives, "company_id")
    goals_by_company = _grouped(goals, "company_id")

    def vision_item(vision: Vision | None) -> dict | None:
        if vision is None:
            return None
        return w.item(
            s.VISION,
            vision,
            services=vision_services[vision.pk],
            findings=vision_findings[vision.pk],
            targets=[w.item(s.TARGET, t) for t in targets[vision.pk]],
        )

    def initiative_item(initiative: Initiative) -> dict:
        return w.item(
            s.INITIATIVE,
            initiative,
            gaps=[gap_dimensions[pk] for pk in initiative_gaps[initiative.pk]],
            depends_on=depends_on[initiative.pk],
        )

    return [
        w.item(
            s.COMPANY,
            company,
            baselines=[
                w.item(
                    s.BASELINE,
                    b,
                    services=baseline_services[b.pk],
                    assessments=[w.item(s.ASSESSMENT, a) for a in assessments[b.pk]],
                )
                for b in baselines[company.pk]
            ],
            vision=vision_item(visions.get(company.pk)),
            strategy=(
                w.item(s.STRATEGY, strategies[company.pk]) if company.pk in strategies else None
            ),
            gaps=[w.item(s.GAP, g) for g in gaps[company.pk]],
            initiatives=[initiative_item(i) for i in initiatives_by_company[company.pk]],
            goals=[w.item(s.GOAL, g) for g in goals_by_company[company.pk]],
            kpis=[w.item(s.KPI, k) for k in kpis[company.pk]],
        )
        for company in companies
    ]


def _discussion_topics(w: Writer, workshop: Workshop) -> list[dict]:
    topics = list(DiscussionTopic.objects.filter(workshop=workshop).order_by("created_at", "id"))
    votes = _grouped(
        TopicVote.objects.filter(topic__workshop=workshop).order_by("created_at", "id"), "topic_id"
    )
    return [
        w.item(s.DISCUSSION_TOPIC, t, votes=[w.item(s.VOTE, v) for v in votes[t.pk]])
        for t in topics
    ]


def dumps(doc: dict) -> str:
    """The file's text: UTF-8 as typed (å ä ö stay readable), two-space indent."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
