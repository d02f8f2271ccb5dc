"""Checking a whole workshop file before anything is written.

Every problem is collected with its place in the file, written as a JSON path
("companies[2].baselines[0].assessments[3].dimension: no dimension "d9" in this
file."), so a facilitator can fix a file in one go. The result of a clean check is
a Plan: the file's items with their values already converted for the database.
"""

import base64
import binascii
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from vision.forms import IMAGE_FORMATS, MAX_IMAGE_BYTES, checked_image
from workshop.json_files import kind_of, show

from . import schema as s
from .checker import MAX_MESSAGES, Checker, Item, TooManyProblems
from .values import Invalid, from_json

IMAGE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}


@dataclass
class Plan:
    kind: str
    workshop: Item
    agenda: list[Item]
    framework: Item | None
    services: list[Item]
    reference_sets: list[Item]
    topics: list[Item]
    factors: list[Item]
    links: list[Item]
    merges: list[Item]
    path: list[Item]
    outcome: str | None
    findings: list[Item]
    showcase: Item | None
    teams: list[Item]
    participants: list[Item]
    companies: list[Item]
    discussion_topics: list[Item]
    activity: list[Item]


# --- the envelope -------------------------------------------------------------------------


def _envelope(c: Checker, data: dict) -> None:
    """Format and version first: when they are wrong nothing else is looked at, as
    the rest of the file may follow other rules."""
    if data.get("format") != s.FORMAT:
        c.add(
            "format",
            _('is %(value)s; a workshop file says "format": "%(format)s".')
            % {
                "value": show(data["format"]) if "format" in data else _("missing"),
                "format": s.FORMAT,
            },
        )
    version = data.get("version")
    if isinstance(version, bool) or version != s.VERSION:
        c.add(
            "version",
            _("is %(value)s; this app reads version %(version)d only.")
            % {"value": show(version) if "version" in data else _("missing"), "version": s.VERSION},
        )
    if c.errors:
        return
    if "kind" in data and data["kind"] not in s.KINDS:
        c.add(
            "kind",
            _('is %(value)s; it must be "workshop" or "template".') % {"value": show(data["kind"])},
        )
    c.keys("", data, list(s.TOP), {name for name, required in s.TOP.items() if required})
    if data.get("kind") == s.TEMPLATE:
        for name in s.TEAM_SECTIONS:
            if data.get(name):
                c.add(
                    name,
                    _(
                        "a template carries no teams, attendees or their work; leave it out or "
                        'export the workshop with "kind": "workshop".'
                    ),
                )


# --- sections -----------------------------------------------------------------------------


def _framework(c: Checker, data: Any) -> Item | None:
    if data is None:
        return None
    item = c.item("framework", data, s.FRAMEWORK)
    if item is None:
        return None
    names: dict = {}
    dimensions = []
    for n, raw in enumerate(c.items("framework.dimensions", data.get("dimensions"))):
        path = f"framework.dimensions[{n}]"
        dimension = c.item(path, raw, s.DIMENSION)
        if dimension is None:
            continue
        key = dimension.fields.get("key")
        if key is not None:
            try:
                dimension.ref = c.define(f"{path}.key", "dimension", key)
            except Invalid as problem:
                c.add(f"{path}.key", str(problem))
        c.unique(names, dimension.fields.get("name"), f"{path}.name", _("the name"))
        levels = raw.get("levels")
        if "levels" in raw and (not isinstance(levels, list) or len(levels) != 5):
            c.add(
                f"{path}.levels",
                _("must be a list of exactly 5 descriptors, level 1 (initial) to 5 (optimised)."),
            )
        elif isinstance(levels, list):
            for level, text in enumerate(levels, start=1):
                try:
                    dimension.fields[f"level_{level}"] = from_json(
                        s.DIMENSION.model, f"level_{level}", text
                    )
                except Invalid as problem:
                    c.add(f"{path}.levels[{level - 1}]", str(problem))
        dimensions.append(dimension)
    item.extra["dimensions"] = dimensions
    return item


def _named_list(c: Checker, path: str, data: Any, spec: s.Spec, name: str, what: str) -> list[Item]:
    seen: dict = {}
    found = []
    for n, raw in enumerate(c.items(path, data)):
        item = c.item(f"{path}[{n}]", raw, spec)
        if item is not None:
            c.unique(seen, item.fields.get(name), f"{path}[{n}].{name}", what)
            found.append(item)
    return found


def _reference_sets(c: Checker, data: Any) -> list[Item]:
    sets = []
    names: dict = {}
    for n, raw in enumerate(c.items("reference_sets", data)):
        item = c.item(f"reference_sets[{n}]", raw, s.REFERENCE_SET)
        if item is None:
            continue
        c.unique(names, item.fields.get("name"), f"{item.path}.name", _("the name"))
        item.extra["values"] = _per_dimension(
            c, f"{item.path}.values", raw.get("values"), s.REFERENCE_VALUE
        )
        sets.append(item)
    return sets


def _per_dimension(c: Checker, path: str, data: Any, spec: s.Spec) -> list[Item]:
    """Assessments, targets, gaps, reference values: at most one per dimension."""
    seen: dict = {}
    found = []
    for n, raw in enumerate(c.items(path, data)):
        item = c.item(f"{path}[{n}]", raw, spec)
        if item is None:
            continue
        dimension = item.links.get("dimension")
        if dimension in seen:
            c.add(
                f"{path}[{n}].dimension",
                _("dimension %(key)s already has a row at %(first)s.")
                % {"key": show(dimension), "first": seen[dimension]},
            )
        elif dimension is not None:
            seen[dimension] = f"{path}[{n}]"
        found.append(item)
    return found


def _map(c: Checker, data: Any) -> dict:
    empty = {"topics": [], "factors": [], "links": [], "merges": [], "path": [], "outcome": None}
    if data is None:
        return empty
    if not c.keys("map", data, list(s.MAP_KEYS), set()):
        return empty
    topics = _named_list(c, "map.topics", data.get("topics"), s.TOPIC, "title", _("the title"))
    factors = []
    labels: dict = {}
    for n, raw in enumerate(c.items("map.factors", data.get("factors"))):
        item = c.item(f"map.factors[{n}]", raw, s.FACTOR)
        if item is None:
            continue
        factors.append(item)
        if item.links.get("merged_into") is None:  # merged factors may repeat a label
            c.unique(labels, item.fields.get("label"), f"{item.path}.label", _("the label"))
        elif item.ref is not None and item.links["merged_into"] == item.ref:
            c.add(f"{item.path}.merged_into", _("a factor cannot be merged into itself."))
    _merge_chains(c, factors)

    links = []
    pairs: dict = {}
    for n, raw in enumerate(c.items("map.links", data.get("links"))):
        item = c.item(f"map.links[{n}]", raw, s.LINK)
        if item is None:
            continue
        links.append(item)
        pair = (item.links.get("cause"), item.links.get("effect"))
        if None in pair:
            continue
        if pair[0] == pair[1]:
            c.add(
                item.path,
                _("cause and effect are both %(ref)s; a factor cannot cause itself.")
                % {"ref": show(pair[0])},
            )
        elif item.links.get("absorbed_by") is None:
            if pair in pairs:
                c.add(
                    item.path,
                    _("repeats the link %(cause)s → %(effect)s of %(first)s.")
                    % {"cause": show(pair[0]), "effect": show(pair[1]), "first": pairs[pair]},
                )
            else:
                pairs[pair] = item.path

    merges = []
    for n, raw in enumerate(c.items("map.merges", data.get("merges"))):
        item = c.item(f"map.merges[{n}]", raw, s.MERGE)
        if item is None:
            continue
        merges.append(item)
        if item.links.get("kept") is not None and item.links.get("kept") == item.links.get(
            "merged"
        ):
            c.add(item.path, _("a factor cannot be merged into itself."))
        item.extra["repointed"] = _repointed(c, f"{item.path}.repointed", raw.get("repointed"))

    steps = []
    in_path: dict = {}
    for n, raw in enumerate(c.items("map.path", data.get("path"))):
        item = c.item(f"map.path[{n}]", raw, s.PATH_STEP)
        if item is None:
            continue
        factor = item.links.get("factor")
        if factor in in_path:
            c.add(
                f"{item.path}.factor",
                _("%(ref)s is already step %(first)s of the path.")
                % {"ref": show(factor), "first": in_path[factor]},
            )
        elif factor is not None:
            in_path[factor] = item.path
        steps.append(item)

    outcome = None
    try:
        outcome = c.reference("map.outcome", "factor", data.get("outcome"), False)
    except Invalid as problem:
        c.add("map.outcome", str(problem))
    return {
        "topics": topics,
        "factors": factors,
        "links": links,
        "merges": merges,
        "path": steps,
        "outcome": outcome,
    }


def _merge_chains(c: Checker, factors: list[Item]) -> None:
    into = {f.ref: f.links.get("merged_into") for f in factors if f.ref is not None}
    for factor in factors:
        seen, ref = set(), factor.ref
        while ref is not None and ref not in seen:
            seen.add(ref)
            ref = into.get(ref)
        if ref is not None and ref == factor.ref and len(seen) > 1:
            c.add(f"{factor.path}.merged_into", _("merged into a circle of factors."))


def _repointed(c: Checker, path: str, data: Any) -> list[tuple[str, str]]:
    moves = []
    for n, raw in enumerate(c.items(path, data)):
        at = f"{path}[{n}]"
        if not c.keys(at, raw, ["link", "end"], {"link", "end"}):
            continue
        if raw.get("end") not in ("cause", "effect"):
            c.add(
                f"{at}.end",
                _('must be "cause" or "effect", not %(value)s.') % {"value": show(raw.get("end"))},
            )
            continue
        try:
            moves.append((c.reference(f"{at}.link", "link", raw.get("link"), True), raw["end"]))
        except Invalid as problem:
            c.add(f"{at}.link", str(problem))
    return moves


def _findings(c: Checker, data: Any) -> list[Item]:
    found = []
    for n, raw in enumerate(c.items("findings", data)):
        item = c.item(f"findings[{n}]", raw, s.FINDING)
        if item is None:
            continue
        item.extra["image"] = _image(c, f"{item.path}.image", raw.get("image"))
        found.append(item)
    return found


def _image(c: Checker, path: str, data: Any) -> ContentFile | None:
    """The image as a checked file (the same checks as an upload on the briefing page)."""
    if data is None:
        return None
    if not c.keys(path, data, ["content_type", "data"], {"content_type", "data"}):
        return None
    declared = data.get("content_type")
    if declared not in IMAGE_TYPES:
        c.add(
            f"{path}.content_type",
            _("must be one of %(types)s, not %(value)s.")
            % {"types": ", ".join(IMAGE_TYPES), "value": show(declared)},
        )
        return None
    encoded = data.get("data")
    if not isinstance(encoded, str):
        c.add(
            f"{path}.data",
            _("must be the image's bytes in base64, not %(kind)s.") % {"kind": kind_of(encoded)},
        )
        return None
    if len(encoded) > (MAX_IMAGE_BYTES * 4) // 3 + 4:
        c.add(f"{path}.data", _("the image is larger than 5 MB, the limit for a finding's image."))
        return None
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        c.add(f"{path}.data", _("is not base64 text."))
        return None
    try:
        image = checked_image(ContentFile(raw, name="finding"))
    except ValidationError as problem:
        c.add(f"{path}.data", " ".join(problem.messages))
        return None
    real = next(kind for kind, ext in IMAGE_FORMATS.items() if image.name.endswith(ext))
    if IMAGE_TYPES[declared] != real:
        c.add(
            f"{path}.content_type",
            _("says %(declared)s, but the data is a %(real)s image.")
            % {"declared": declared, "real": real},
        )
        return None
    return image


def _companies(c: Checker, data: Any) -> list[Item]:
    companies = []
    names: dict = defaultdict(dict)  # team ref → active company names
    owners: dict[tuple[str, str], str] = {}  # (kind, ref) → the owning company's path
    for n, raw in enumerate(c.items("companies", data)):
        company = c.item(f"companies[{n}]", raw, s.COMPANY)
        if company is None:
            continue
        companies.append(company)
        if company.fields.get("removed_at") is None:
            c.unique(
                names[company.links.get("team")],
                company.fields.get("name"),
                f"{company.path}.name",
                _("the company name in this team"),
            )
        company.extra["baselines"] = _baselines(c, company.path, raw.get("baselines"))
        vision = raw.get("vision")
        company.extra["vision"] = None
        if vision is not None:
            company.extra["vision"] = item = c.item(f"{company.path}.vision", vision, s.VISION)
            if item is not None:
                item.extra["targets"] = _per_dimension(
                    c, f"{item.path}.targets", vision.get("targets"), s.TARGET
                )
        company.extra["strategy"] = (
            None
            if raw.get("strategy") is None
            else c.item(f"{company.path}.strategy", raw["strategy"], s.STRATEGY)
        )
        gaps = _per_dimension(c, f"{company.path}.gaps", raw.get("gaps"), s.GAP)
        company.extra["gaps"] = gaps
        company.extra["initiatives"] = _owned(c, company, raw, "initiatives", s.INITIATIVE, owners)
        company.extra["goals"] = _owned(c, company, raw, "goals", s.GOAL, owners)
        company.extra["kpis"] = [
            kpi
            for k, one in enumerate(c.items(f"{company.path}.kpis", raw.get("kpis")))
            if (kpi := c.item(f"{company.path}.kpis[{k}]", one, s.KPI)) is not None
        ]
        gap_dimensions = {gap.links.get("dimension") for gap in gaps}
        for initiative in company.extra["initiatives"]:
            for k, key in enumerate(initiative.many.get("gaps", [])):
                if key not in gap_dimensions:
                    c.add(
                        f"{initiative.path}.gaps[{k}]",
                        _('this company has no gap for dimension %(key)s (see its "gaps").')
                        % {"key": show(key)},
                    )
            if initiative.ref is not None and initiative.ref in initiative.many.get(
                "depends_on", []
            ):
                c.add(f"{initiative.path}.depends_on", _("an initiative cannot depend on itself."))
    # Checked once every company is read: references may point forward.
    for company in companies:
        for initiative in company.extra["initiatives"]:
            for k, other in enumerate(initiative.many.get("depends_on", [])):
                if owners.get(("initiative", other), company.path) != company.path:
                    c.add(
                        f"{initiative.path}.depends_on[{k}]",
                        _("%(ref)s belongs to another company.") % {"ref": show(other)},
                    )
        for kpi in company.extra["kpis"]:
            for name in ("goal", "initiative"):
                other = kpi.links.get(name)
                if other is not None and owners.get((name, other), company.path) != company.path:
                    c.add(
                        f"{kpi.path}.{name}",
                        _("%(ref)s belongs to another company.") % {"ref": show(other)},
                    )
    return companies


def _owned(
    c: Checker, company: Item, raw: dict, name: str, spec: s.Spec, owners: dict
) -> list[Item]:
    kind = spec.keys[0].target
    found = []
    for n, one in enumerate(c.items(f"{company.path}.{name}", raw.get(name))):
        item = c.item(f"{company.path}.{name}[{n}]", one, spec)
        if item is not None:
            if item.ref is not None:
                owners[(kind, item.ref)] = company.path
            found.append(item)
    return found


def _baselines(c: Checker, company_path: str, data: Any) -> list[Item]:
    baselines = []
    labels: dict = {}
    primary = None
    for n, raw in enumerate(c.items(f"{company_path}.baselines", data)):
        item = c.item(f"{company_path}.baselines[{n}]", raw, s.BASELINE)
        if item is None:
            continue
        baselines.append(item)
        if item.fields.get("removed_at") is None:
            c.unique(labels, item.fields.get("label"), f"{item.path}.label", _("the baseline name"))
        if item.fields.get("is_primary"):
            if primary is not None:
                c.add(
                    f"{item.path}.is_primary",
                    _("%(first)s is already the primary baseline; a company has one.")
                    % {"first": primary},
                )
            primary = item.path
        item.extra["assessments"] = _per_dimension(
            c, f"{item.path}.assessments", raw.get("assessments"), s.ASSESSMENT
        )
    return baselines


def _discussion_topics(c: Checker, data: Any) -> list[Item]:
    found = []
    on_screen = None
    for n, raw in enumerate(c.items("discussion_topics", data)):
        item = c.item(f"discussion_topics[{n}]", raw, s.DISCUSSION_TOPIC)
        if item is None:
            continue
        found.append(item)
        if item.fields.get("status") == "on_screen":
            if on_screen is not None:
                c.add(
                    f"{item.path}.status",
                    _("%(first)s is already on screen; one topic at a time.")
                    % {"first": on_screen},
                )
            on_screen = item.path
        votes, voters = [], {}
        for k, one in enumerate(c.items(f"{item.path}.votes", raw.get("votes"))):
            vote = c.item(f"{item.path}.votes[{k}]", one, s.VOTE)
            if vote is None:
                continue
            voter = vote.links.get("participant")
            if voter in voters:
                c.add(
                    f"{vote.path}.participant",
                    _("%(ref)s already voted at %(first)s.")
                    % {"ref": show(voter), "first": voters[voter]},
                )
            elif voter is not None:
                voters[voter] = vote.path
            votes.append(vote)
        item.extra["votes"] = votes
    return found


def _showcase(c: Checker, data: Any, companies: list[Item]) -> Item | None:
    if data is None:
        return None
    item = c.item("showcase", data, s.SHOWCASE)
    spotlight = item.links.get("spotlight") if item else None
    with_vision = {company.ref for company in companies if company.extra.get("vision")}
    if spotlight is not None and spotlight in c.defined["company"] and spotlight not in with_vision:
        c.add(
            "showcase.spotlight",
            _("%(ref)s has no vision to put in the spotlight.") % {"ref": show(spotlight)},
        )
    return item


# --- the whole file -----------------------------------------------------------------------


def check(data: dict) -> Plan:
    """The file's content, checked and converted; raises ValidationError listing every
    problem (the envelope first: when the format or version is wrong, the items are
    not looked at)."""
    c = Checker()
    try:
        _envelope(c, data)
        if c.errors:
            raise ValidationError(c.errors)
        plan = _check_sections(c, data)
        c.resolve()
    except TooManyProblems:
        c.errors.append(
            _("… and more: the check stopped after %(n)d problems.") % {"n": MAX_MESSAGES}
        )
    if c.errors:
        raise ValidationError(c.errors)
    return plan


def _check_sections(c: Checker, data: dict) -> Plan:
    workshop = c.item("workshop", data["workshop"], s.WORKSHOP_SPEC)
    if workshop is None:
        raise ValidationError(c.errors)
    agenda = [
        phase
        for n, raw in enumerate(c.items("agenda", data["agenda"]))
        if (phase := c.item(f"agenda[{n}]", raw, s.PHASE)) is not None
    ]
    if not agenda and not c.errors:
        c.add("agenda", _("is empty; a workshop has at least one phase."))
    framework = _framework(c, data.get("framework"))
    services = _named_list(c, "services", data.get("services"), s.SERVICE, "name", _("the name"))
    reference_sets = _reference_sets(c, data.get("reference_sets"))
    room_map = _map(c, data.get("map"))
    findings = _findings(c, data.get("findings"))
    teams = _named_list(c, "teams", data.get("teams"), s.TEAM, "name", _("the team name"))
    participants = [
        p
        for n, raw in enumerate(c.items("participants", data.get("participants")))
        if (p := c.item(f"participants[{n}]", raw, s.PARTICIPANT)) is not None
    ]
    companies = _companies(c, data.get("companies"))
    return Plan(
        kind=data["kind"],
        workshop=workshop,
        agenda=agenda,
        framework=framework,
        services=services,
        reference_sets=reference_sets,
        topics=room_map["topics"],
        factors=room_map["factors"],
        links=room_map["links"],
        merges=room_map["merges"],
        path=room_map["path"],
        outcome=room_map["outcome"],
        findings=findings,
        showcase=_showcase(c, data.get("showcase"), companies),
        teams=teams,
        participants=participants,
        companies=companies,
        discussion_topics=_discussion_topics(c, data.get("discussion_topics")),
        activity=[
            a
            for n, raw in enumerate(c.items("activity", data.get("activity")))
            if (a := c.item(f"activity[{n}]", raw, s.ACTIVITY)) is not None
        ],
    )
