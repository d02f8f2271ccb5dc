"""Causal map templates: a starting map a workshop can import, and export to.

A template is one JSON object (format "pmo-workshop-causal-map", version 1) with
topics, factors, links and an optional outcome; docs/map-template-format.md
describes every field. A template carries map content only — never teams,
attendees or who proposed what. Validation is plain Python so each problem is
reported for a facilitator, naming the item ("links[3]: …"), and an import is
all or nothing.
"""

import json
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from . import broadcasts, map_selectors
from .i18n import content_file, is_translation_file
from .json_files import kind_of, read_object, show, unstorable
from .live import push_on_commit
from .models import LABEL_MAX, NOTE_MAX, CausalLink, Factor, Topic, Workshop

FORMAT = "pmo-workshop-causal-map"
VERSION = 1

MAX_TOPICS = 50
MAX_FACTORS = 500
MAX_LINKS = 2000
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
TOPIC_TITLE_MAX = Topic._meta.get_field("title").max_length
TEMPLATE_TITLE_MAX = 200
KEY_MAX = 40

BUNDLED_DIR = Path(__file__).resolve().parent / "map_templates"

TOP_FIELDS = {
    "format": True,  # field name → required
    "version": True,
    "title": False,
    "illustrative": False,
    "note": False,
    "topics": False,
    "factors": True,
    "links": False,
    "outcome": False,
}
TOPIC_FIELDS = {"key": True, "title": True, "description": False}
FACTOR_FIELDS = {"key": True, "label": True, "kind": True, "topic": False, "description": False}
LINK_FIELDS = {"cause": True, "effect": True, "polarity": True, "strength": True, "note": False}


def _normalise(text: str) -> str:
    """Labels and titles are stored with single spaces, as the map services store them."""
    return " ".join(text.split())


# --- export -------------------------------------------------------------------------------


def export_map(workshop: Workshop) -> dict[str, Any]:
    """The workshop's room map as a template: every topic, the active factors (not
    merged away), the accepted links between them and the outcome. Keys are "t<pk>"
    and "f<pk>", so exporting the same map twice gives the same file."""
    topics = list(workshop.topics.order_by("position", "id"))
    factors = list(map_selectors.active_factors(workshop).order_by("id"))
    links = list(map_selectors.room_map_links(workshop).order_by("id"))
    topic_keys = {topic.pk: f"t{topic.pk}" for topic in topics}
    factor_keys = {factor.pk: f"f{factor.pk}" for factor in factors}
    # Read afresh: a merge may have moved the outcome since `workshop` was loaded.
    outcome_id = Workshop.objects.values_list("outcome_id", flat=True).get(pk=workshop.pk)
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": workshop.title,
        "illustrative": False,
        "note": _("Exported from the workshop “%(title)s” on %(date)s.")
        % {"title": workshop.title, "date": timezone.localdate().isoformat()},
        "topics": [
            {"key": topic_keys[t.pk], "title": t.title, "description": t.description}
            for t in topics
        ],
        "factors": [
            {
                "key": factor_keys[f.pk],
                "label": f.label,
                "kind": f.kind,
                "topic": topic_keys.get(f.topic_id),
                "description": f.description,
            }
            for f in factors
        ],
        "links": [
            {
                "cause": factor_keys[k.cause_id],
                "effect": factor_keys[k.effect_id],
                "polarity": k.polarity,
                "strength": k.strength,
                "note": k.note,
            }
            for k in links
            if k.cause_id in factor_keys and k.effect_id in factor_keys
        ],
        "outcome": factor_keys.get(outcome_id),
    }


# --- validation ---------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fields(errors: list[str], where: str, item: Any, spec: dict[str, bool]) -> bool:
    """Checks that `item` is an object with the required fields and no unknown ones."""
    if not isinstance(item, dict):
        errors.append(
            _("%(where)s: must be an object {…}, not %(kind)s.")
            % {"where": where, "kind": kind_of(item)}
        )
        return False
    for name, required in spec.items():
        if required and name not in item:
            errors.append(_('%(where)s: "%(name)s" is missing.') % {"where": where, "name": name})
    for name in item:
        if name not in spec:
            errors.append(
                _("%(where)s: unknown field %(name)s (expected %(known)s).")
                % {"where": where, "name": show(name), "known": ", ".join(spec)}
            )
    return True


def _text(
    errors: list[str],
    where: str,
    item: dict,
    name: str,
    *,
    max_length: int,
    normalise: bool = False,
    allow_empty: bool = True,
) -> str | None:
    """The text in `item[name]` (None when absent or unusable, after reporting why).
    `where` names the item ("factors[2]"), or is empty at the top of the file."""
    at = f"{where}: " if where else ""
    if name not in item:
        return None
    value = item[name]
    if not isinstance(value, str):
        errors.append(
            _('%(at)s"%(name)s" must be text, not %(kind)s.')
            % {"at": at, "name": name, "kind": kind_of(value)}
        )
        return None
    problem = unstorable(value)
    if problem:
        errors.append(f'{at}"{name}" {problem}')
        return None
    if normalise:
        value = _normalise(value)
    if not value and not allow_empty:
        errors.append(_('%(at)s"%(name)s" is empty.') % {"at": at, "name": name})
        return None
    if len(value) > max_length:
        errors.append(
            _('%(at)s"%(name)s" has %(n)d characters; keep it to %(max)d.')
            % {"at": at, "name": name, "n": len(value), "max": max_length}
        )
        return None
    return value


def _key(errors: list[str], where: str, item: dict, name: str = "key") -> str | None:
    if name not in item:
        return None
    value = item[name]
    if not isinstance(value, str) or not value.strip() or len(value) > KEY_MAX:
        errors.append(
            _(
                '%(where)s: "%(name)s" must be short non-empty text (up to %(max)d characters), '
                "not %(value)s."
            )
            % {"where": where, "name": name, "max": KEY_MAX, "value": show(value)}
        )
        return None
    return value


def _unique_keys(errors: list[str], section: str, items: list) -> dict[str, int]:
    """Key → index of the item that defines it; a repeated key is reported."""
    keys: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        key = _key(errors, f"{section}[{i}]", item)
        if key is None:
            continue
        if key in keys:
            errors.append(
                _("%(where)s: key %(key)s is already used by %(section)s[%(first)d].")
                % {
                    "where": f"{section}[{i}]",
                    "key": show(key),
                    "section": section,
                    "first": keys[key],
                }
            )
        else:
            keys[key] = i
    return keys


def _check_top(data: dict) -> list[str]:
    """The envelope: format, version, field types and size limits. When it is wrong
    the items are not checked: their messages would only be noise."""
    errors = []
    if "format" not in data:
        errors.append(
            _('"format" is missing: a map template says "format": "%(format)s".')
            % {"format": FORMAT}
        )
    elif data["format"] != FORMAT:
        errors.append(
            _('"format" is %(value)s; a map template says "format": "%(format)s".')
            % {"value": show(data["format"]), "format": FORMAT}
        )
    if "version" not in data:
        errors.append(
            _('"version" is missing: this app reads version %(version)d.') % {"version": VERSION}
        )
    elif not _is_int(data["version"]) or data["version"] != VERSION:
        errors.append(
            _('"version" is %(value)s; this app reads version %(version)d only.')
            % {"value": show(data["version"]), "version": VERSION}
        )
    for name in data:
        if name not in TOP_FIELDS:
            errors.append(
                _("Unknown field %(name)s at the top of the file (expected %(known)s).")
                % {"name": show(name), "known": ", ".join(TOP_FIELDS)}
            )
    if "factors" not in data:
        errors.append(_('"factors" is missing: a template lists at least its factors.'))
    if "illustrative" in data and not isinstance(data["illustrative"], bool):
        errors.append(_('"illustrative" must be true or false.'))
    _text(errors, "", data, "title", max_length=TEMPLATE_TITLE_MAX)
    _text(errors, "", data, "note", max_length=NOTE_MAX)
    if "outcome" in data and data["outcome"] is not None and not isinstance(data["outcome"], str):
        errors.append(_('"outcome" must be a factor key or null.'))
    limits = (("topics", MAX_TOPICS), ("factors", MAX_FACTORS), ("links", MAX_LINKS))
    for section, limit in limits:
        value = data.get(section, [])
        if not isinstance(value, list):
            errors.append(
                _('"%(section)s" must be a list […], not %(kind)s.')
                % {"section": section, "kind": kind_of(value)}
            )
        elif len(value) > limit:
            errors.append(
                _('"%(section)s" has %(n)d items; a template holds at most %(max)d.')
                % {"section": section, "n": len(value), "max": limit}
            )
    return errors


def validate_map(data: Any) -> list[str]:
    """Every problem with a template, each naming the item ("factors[2]: …", counted
    from 0); an empty list when it can be imported into an empty workshop."""
    if not isinstance(data, dict):
        return [
            _("A map template is one JSON object {…}; this holds %(kind)s.")
            % {"kind": kind_of(data)}
        ]
    errors = _check_top(data)
    if errors:
        return errors
    topics, factors, links = data.get("topics", []), data["factors"], data.get("links", [])

    topic_keys = _unique_keys(errors, "topics", topics)
    titles: dict[str, int] = {}
    for i, topic in enumerate(topics):
        where = f"topics[{i}]"
        if not _fields(errors, where, topic, TOPIC_FIELDS):
            continue
        title = _text(
            errors,
            where,
            topic,
            "title",
            max_length=TOPIC_TITLE_MAX,
            normalise=True,
            allow_empty=False,
        )
        _text(errors, where, topic, "description", max_length=NOTE_MAX)
        if title is not None:
            if title.lower() in titles:
                errors.append(
                    _("%(where)s: title %(title)s repeats topics[%(first)d].")
                    % {"where": where, "title": show(title), "first": titles[title.lower()]}
                )
            else:
                titles[title.lower()] = i

    factor_keys = _unique_keys(errors, "factors", factors)
    labels: dict[str, int] = {}
    for i, factor in enumerate(factors):
        where = f"factors[{i}]"
        if not _fields(errors, where, factor, FACTOR_FIELDS):
            continue
        label = _text(
            errors, where, factor, "label", max_length=LABEL_MAX, normalise=True, allow_empty=False
        )
        _text(errors, where, factor, "description", max_length=NOTE_MAX)
        if label is not None:
            if label.lower() in labels:
                errors.append(
                    _(
                        "%(where)s: label %(label)s repeats factors[%(first)d] "
                        "(labels must differ, ignoring case)."
                    )
                    % {"where": where, "label": show(label), "first": labels[label.lower()]}
                )
            else:
                labels[label.lower()] = i
        if "kind" in factor and factor["kind"] not in Factor.Kind.values:
            errors.append(
                _("%(where)s: kind %(kind)s is not one of %(kinds)s.")
                % {
                    "where": where,
                    "kind": show(factor["kind"]),
                    "kinds": ", ".join(Factor.Kind.values),
                }
            )
        topic = factor.get("topic")
        if topic is not None and (not isinstance(topic, str) or topic not in topic_keys):
            errors.append(
                _("%(where)s: topic %(topic)s is not a topic key.")
                % {"where": where, "topic": show(topic)}
            )

    pairs: dict[tuple[str, str], int] = {}
    for i, link in enumerate(links):
        where = f"links[{i}]"
        if not _fields(errors, where, link, LINK_FIELDS):
            continue
        ends = {}
        for end in ("cause", "effect"):
            if end not in link:
                continue
            key = link[end]
            if not isinstance(key, str) or key not in factor_keys:
                errors.append(
                    _("%(where)s: %(end)s %(key)s is not a factor key.")
                    % {"where": where, "end": end, "key": show(key)}
                )
            else:
                ends[end] = key
        if len(ends) == 2:
            pair = (ends["cause"], ends["effect"])
            if pair[0] == pair[1]:
                errors.append(
                    _("%(where)s: cause and effect are both %(key)s; a factor cannot cause itself.")
                    % {"where": where, "key": show(pair[0])}
                )
            elif pair in pairs:
                errors.append(
                    _("%(where)s: the link %(cause)s → %(effect)s repeats links[%(first)d].")
                    % {
                        "where": where,
                        "cause": show(pair[0]),
                        "effect": show(pair[1]),
                        "first": pairs[pair],
                    }
                )
            else:
                pairs[pair] = i
        if "polarity" in link and (
            not _is_int(link["polarity"]) or link["polarity"] not in (1, -1)
        ):
            errors.append(
                _("%(where)s: polarity must be 1 (reinforces) or -1 (weakens), not %(value)s.")
                % {"where": where, "value": show(link["polarity"])}
            )
        if "strength" in link and (not _is_int(link["strength"]) or not 1 <= link["strength"] <= 3):
            errors.append(
                _("%(where)s: strength must be 1, 2 or 3, not %(value)s.")
                % {"where": where, "value": show(link["strength"])}
            )
        _text(errors, where, link, "note", max_length=NOTE_MAX)

    outcome = data.get("outcome")
    if outcome is not None and outcome not in factor_keys:
        errors.append(_("outcome: %(key)s is not a factor key.") % {"key": show(outcome)})
    return errors


# --- import -------------------------------------------------------------------------------


def _clashes(workshop: Workshop, data: dict) -> list[str]:
    """Labels and titles the workshop already has: importing them would make duplicates."""
    labels = {
        label.lower(): label
        for label in map_selectors.active_factors(workshop).values_list("label", flat=True)
    }
    titles = {title.lower(): title for title in workshop.topics.values_list("title", flat=True)}
    problems = []
    for i, topic in enumerate(data.get("topics", [])):
        title = _normalise(topic["title"])
        if title.lower() in titles:
            problems.append(
                _("topics[%(i)d]: this workshop already has the topic “%(title)s”.")
                % {"i": i, "title": titles[title.lower()]}
            )
    for i, factor in enumerate(data["factors"]):
        label = _normalise(factor["label"])
        if label.lower() in labels:
            problems.append(
                _(
                    "factors[%(i)d]: this workshop already has the factor “%(label)s”; rename "
                    "it in the file, or remove it from the workshop, and import again."
                )
                % {"i": i, "label": labels[label.lower()]}
            )
    return problems


def import_map(workshop: Workshop, data: Any, *, user=None) -> dict[str, int]:
    """Add a template's topics, factors and links to the workshop's room map, all or
    nothing. Factors come in as facilitator content (no author team), links as
    accepted. Raises ValidationError listing every problem; nothing is saved then."""
    problems = validate_map(data)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            return _import(workshop, data, user)
    except IntegrityError as exc:  # someone added a clashing factor a moment ago
        raise ValidationError(
            _(
                "The map changed while the template was being imported, so nothing was "
                "imported. Try again."
            )
        ) from exc


def _import(workshop: Workshop, data: dict, user) -> dict[str, int]:
    # Lock the workshop row: two imports into one workshop run one after the other.
    Workshop.objects.select_for_update().only("pk").get(pk=workshop.pk)
    problems = _clashes(workshop, data)
    if problems:
        raise ValidationError(problems)

    last = workshop.topics.aggregate(last=Max("position"))["last"] or 0
    topics = {}
    for offset, item in enumerate(data.get("topics", []), start=1):
        topics[item["key"]] = Topic.objects.create(
            workshop=workshop,
            title=_normalise(item["title"]),
            description=item.get("description", ""),
            position=last + offset,
        )

    factors = [
        Factor(
            workshop=workshop,
            label=_normalise(item["label"]),
            kind=item["kind"],
            topic=topics.get(item.get("topic")),
            description=item.get("description", ""),
            author_team=None,
        )
        for item in data["factors"]
    ]
    factors = bulk_create_with_history(factors, Factor, default_user=user)
    by_key = {item["key"]: factor for item, factor in zip(data["factors"], factors, strict=True)}

    links = [
        CausalLink(
            workshop=workshop,
            cause=by_key[item["cause"]],
            effect=by_key[item["effect"]],
            polarity=item["polarity"],
            strength=item["strength"],
            note=item.get("note", ""),
            author_team=None,
            status=CausalLink.Status.ACCEPTED,
        )
        for item in data.get("links", [])
    ]
    bulk_create_with_history(links, CausalLink, default_user=user)

    outcome = by_key.get(data.get("outcome"))
    if outcome is not None:
        Workshop.objects.filter(pk=workshop.pk).update(outcome=outcome)
        workshop.outcome = outcome
    Workshop.objects.filter(pk=workshop.pk).update(map_version=F("map_version") + 1)
    workshop.refresh_from_db(fields=["map_version"])
    push_on_commit(partial(broadcasts.causal_map, workshop.pk, all_teams=True))
    return {"topics": len(topics), "factors": len(factors), "links": len(links)}


# --- files --------------------------------------------------------------------------------


def parse_upload(raw: bytes) -> dict:
    """The JSON object in an uploaded file. Read at most MAX_UPLOAD_BYTES + 1 bytes
    from the upload, so an oversized file is refused without being read whole."""
    megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
    return read_object(
        raw,
        max_bytes=MAX_UPLOAD_BYTES,
        too_big=_("The file is larger than %(max)d MB; a map template is at most %(max)d MB.")
        % {"max": megabytes},
        what=_("A map template"),
    )


def bundled_templates(language: str | None = None) -> list[tuple[str, str]]:
    """(name, title) of the templates shipped in workshop/map_templates/, by name;
    the title in `language` where the template has a version in it (`name.sv.json`)."""
    found = []
    for path in sorted(BUNDLED_DIR.glob("*.json")):
        if is_translation_file(path):
            continue
        data = json.loads(content_file(path, language).read_text(encoding="utf-8"))
        found.append((path.stem, data.get("title") or path.stem))
    return found


def load_bundled(name: str, language: str | None = None) -> dict:
    """A shipped template by name, e.g. "pmo-profession-demo", in `language` if it has one."""
    known = dict(bundled_templates())
    if name not in known:  # also keeps names like "../x" away from the file system
        raise ValidationError(
            _("There is no bundled map template called %(name)s (there are: %(known)s).")
            % {"name": show(name), "known": ", ".join(known) or _("none")}
        )
    return parse_upload(content_file(BUNDLED_DIR / f"{name}.json", language).read_bytes())
