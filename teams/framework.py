"""The maturity framework of a workshop: the default one, JSON import/export, and
what refers to its dimensions and services.

A framework file is one JSON object (format "pmo-maturity-framework", version 1);
docs/framework-format.md describes every field. An import is checked whole before
anything is written, then replaces the framework in one transaction. Dimensions are
matched by `key` and services by name, so baselines and visions keep their levels
and ticks; nothing they use is ever removed by an import.

Every write to a framework or services catalogue (here and in setup_services.py)
calls `framework_changed(workshop_id)`, which runs FRAMEWORK_CHANGED_HOOKS after
the commit.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vision.models import Target
from workshop.i18n import content_file
from workshop.json_files import kind_of, read_object, show, unstorable

from .models import Assessment, Baseline, Dimension, Framework, Service

FORMAT = "pmo-maturity-framework"
VERSION = 1
DEFAULT_FRAMEWORK_FILE = Path(__file__).parent / "frameworks" / "pmo-default.json"

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_DIMENSIONS = 20
MAX_SERVICES = 60
LEVEL_COUNT = 5


def _max(model, field: str) -> int:
    return model._meta.get_field(field).max_length


FRAMEWORK_NAME_MAX = _max(Framework, "name")
SOURCES_MAX = _max(Framework, "sources")
KEY_MAX = _max(Dimension, "key")
DIMENSION_NAME_MAX = _max(Dimension, "name")
SHORT_NAME_MAX = _max(Dimension, "short_name")
DESCRIPTION_MAX = _max(Dimension, "description")
LEVEL_MAX = _max(Dimension, "level_1")
SERVICE_NAME_MAX = _max(Service, "name")
SERVICE_DESCRIPTION_MAX = _max(Service, "description")

KEY_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+\Z")

TOP_FIELDS = {"format", "version", "name", "sources", "dimensions", "services"}
DIMENSION_FIELDS = {"key", "name", "short_name", "description", "levels"}
SERVICE_FIELDS = {"name", "description"}


# --- announcing changes ---------------------------------------------------------------

# Called with the workshop's pk after every committed change to its framework or its
# services catalogue (the live broadcast registers itself here).
FRAMEWORK_CHANGED_HOOKS: list[Callable[[int], None]] = []


def framework_changed(workshop_id: int) -> None:
    """Schedule every hook for after the commit; call it inside the write's transaction."""
    for hook in list(FRAMEWORK_CHANGED_HOOKS):
        transaction.on_commit(partial(hook, workshop_id), robust=True)


# --- what refers to dimensions and services -------------------------------------------


@dataclass(frozen=True)
class DimensionUse:
    """Team work that depends on one dimension."""

    baselines: int = 0  # assessments with a level or evidence
    visions: int = 0  # targets with a level

    def __bool__(self) -> bool:
        return bool(self.baselines or self.visions)


@dataclass(frozen=True)
class ServiceUse:
    baselines: int = 0  # baselines that tick it as a current service
    visions: int = 0  # visions that tick it as a target service

    def __bool__(self) -> bool:
        return bool(self.baselines or self.visions)


def dimension_uses(framework: Framework) -> dict[int, DimensionUse]:
    """Dimension pk → the baselines and visions that have a level for it. Removed
    baselines count too: they can be brought back, and a delete would lose them.
    Evidence without a level counts as well, so no written text is ever lost."""
    assessed = dict(
        Assessment.objects.filter(dimension__framework=framework)
        .filter(Q(level__isnull=False) | ~Q(evidence=""))
        .values("dimension")
        .annotate(n=Count("id"))
        .values_list("dimension", "n")
    )
    targeted = dict(
        Target.objects.filter(dimension__framework=framework, level__isnull=False)
        .values("dimension")
        .annotate(n=Count("id"))
        .values_list("dimension", "n")
    )
    return {
        pk: DimensionUse(assessed.get(pk, 0), targeted.get(pk, 0))
        for pk in set(assessed) | set(targeted)
    }


def service_uses(workshop) -> dict[int, ServiceUse]:
    """Service pk → how many baselines and visions tick it."""
    from vision.models import Vision

    def counts(through) -> dict[int, int]:
        return dict(
            through.objects.filter(service__workshop=workshop)
            .values("service")
            .annotate(n=Count("id"))
            .values_list("service", "n")
        )

    in_baselines = counts(Baseline.services.through)
    in_visions = counts(Vision.services.through)
    return {
        pk: ServiceUse(in_baselines.get(pk, 0), in_visions.get(pk, 0))
        for pk in set(in_baselines) | set(in_visions)
    }


def describe_dimension_use(use: DimensionUse) -> str:
    """E.g. "a level or evidence in 3 baselines and a target in 1 vision"."""
    parts = []
    if use.baselines:
        parts.append(
            ngettext(
                "a level or evidence in %(n)d baseline",
                "a level or evidence in %(n)d baselines",
                use.baselines,
            )
            % {"n": use.baselines}
        )
    if use.visions:
        parts.append(
            ngettext("a target in %(n)d vision", "a target in %(n)d visions", use.visions)
            % {"n": use.visions}
        )
    return _(" and ").join(parts)


def describe_service_use(use: ServiceUse) -> str:
    """E.g. "2 baselines and 1 vision"."""
    parts = []
    if use.baselines:
        parts.append(
            ngettext("%(n)d baseline", "%(n)d baselines", use.baselines) % {"n": use.baselines}
        )
    if use.visions:
        parts.append(ngettext("%(n)d vision", "%(n)d visions", use.visions) % {"n": use.visions})
    return _(" and ").join(parts)


# --- export ---------------------------------------------------------------------------


def export_framework(framework: Framework) -> dict[str, Any]:
    """The framework and the workshop's services catalogue, in the file format.
    Importing the result into any workshop and exporting again gives the same dict."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": framework.name,
        "sources": framework.sources,
        "dimensions": [
            {
                "key": d.key,
                "name": d.name,
                "short_name": d.short_name,
                "description": d.description,
                "levels": [d.descriptor(n) for n in range(1, LEVEL_COUNT + 1)],
            }
            for d in framework.dimensions.order_by("position", "id")
        ],
        "services": [
            {"name": s.name, "description": s.description}
            for s in Service.objects.filter(workshop_id=framework.workshop_id).order_by(
                "position", "id"
            )
        ],
    }


# --- reading a file -------------------------------------------------------------------


def parse_upload(raw: bytes) -> dict:
    """The JSON object in an uploaded file. Read at most MAX_UPLOAD_BYTES + 1 bytes of
    the upload, so an oversized file is refused without being read whole."""
    return read_object(
        raw,
        max_bytes=MAX_UPLOAD_BYTES,
        too_big=_("The file is larger than 1 MB; a framework file is much smaller than that."),
        what=_("A framework file"),
    )


# --- validation -----------------------------------------------------------------------


def normalise(text: str) -> str:
    """Names are stored with single spaces, as the editor's forms store them."""
    return " ".join(text.split())


def _text(
    errors: list[str],
    where: str,
    item: dict,
    name: str,
    *,
    max_length: int,
    required: bool = False,
    fold_spaces: bool = False,
) -> str | None:
    """The text in item[name], or None after reporting why it cannot be used."""
    if name not in item:
        if required:
            errors.append(_('%(where)s: "%(name)s" is missing.') % {"where": where, "name": name})
        return None
    value = item[name]
    if not isinstance(value, str):
        errors.append(
            _('%(where)s: "%(name)s" must be text, not %(kind)s.')
            % {"where": where, "name": name, "kind": kind_of(value)}
        )
        return None
    problem = unstorable(value)
    if problem:
        errors.append(f'{where}: "{name}" {problem}')
        return None
    value = normalise(value) if fold_spaces else value.strip()
    if required and not value:
        errors.append(_('%(where)s: "%(name)s" is empty.') % {"where": where, "name": name})
        return None
    if len(value) > max_length:
        errors.append(
            _('%(where)s: "%(name)s" has %(n)d characters; keep it to %(max)d.')
            % {"where": where, "name": name, "n": len(value), "max": max_length}
        )
        return None
    return value


def _unknown_fields(errors: list[str], where: str, item: dict, known: set[str]) -> None:
    for name in item:
        if name not in known:
            errors.append(
                _("%(where)s: unknown field %(name)s (expected %(known)s).")
                % {"where": where, "name": show(name), "known": ", ".join(sorted(known))}
            )


def _check_envelope(data: dict) -> list[str]:
    """Format, version and the shape of the lists. When these are wrong the items are
    not checked: their messages would only be noise."""
    errors = []
    where = _("The file")
    if data.get("format") != FORMAT:
        errors.append(
            _('%(where)s says "format": %(value)s; a framework file says "format": "%(format)s".')
            % {"where": where, "value": show(data.get("format")), "format": FORMAT}
        )
    version = data.get("version")
    if isinstance(version, bool) or version != VERSION:
        errors.append(
            _('%(where)s says "version": %(value)s; this app reads version %(version)d only.')
            % {"where": where, "value": show(version), "version": VERSION}
        )
    _unknown_fields(errors, where, data, TOP_FIELDS)
    dimensions = data.get("dimensions")
    if not isinstance(dimensions, list):
        errors.append(
            _('%(where)s: "dimensions" must be a list […] of dimensions, not %(kind)s.')
            % {"where": where, "kind": kind_of(dimensions)}
            if "dimensions" in data
            else _('%(where)s: "dimensions" is missing.') % {"where": where}
        )
    elif not dimensions:
        errors.append(_("The file has no dimensions; a framework needs at least one."))
    elif len(dimensions) > MAX_DIMENSIONS:
        errors.append(
            _("The file has %(n)d dimensions; a framework has at most %(max)d.")
            % {"n": len(dimensions), "max": MAX_DIMENSIONS}
        )
    services = data.get("services", [])
    if not isinstance(services, list):
        errors.append(
            _('%(where)s: "services" must be a list […] of services, not %(kind)s.')
            % {"where": where, "kind": kind_of(services)}
        )
    elif len(services) > MAX_SERVICES:
        errors.append(
            _("The file has %(n)d services; a catalogue has at most %(max)d.")
            % {"n": len(services), "max": MAX_SERVICES}
        )
    return errors


def _dimension_label(i: int, item: Any) -> str:
    """E.g. "Dimension 3 (“Benefits management”)": counted from 1, named when it can be."""
    label = _("Dimension %(n)d") % {"n": i + 1}
    if isinstance(item, dict):
        name = item.get("name") if isinstance(item.get("name"), str) else item.get("key")
        if isinstance(name, str) and normalise(name):
            label += f" ({show(normalise(name))})"
    return label


def _check_dimension(errors: list[str], where: str, item: Any) -> dict | None:
    if not isinstance(item, dict):
        errors.append(
            _("%(where)s must be an object {…}, not %(kind)s.")
            % {"where": where, "kind": kind_of(item)}
        )
        return None
    _unknown_fields(errors, where, item, DIMENSION_FIELDS)
    key = item.get("key")
    if "key" not in item:
        errors.append(_('%(where)s: "key" is missing.') % {"where": where})
    elif not isinstance(key, str) or not KEY_PATTERN.match(key) or len(key) > KEY_MAX:
        errors.append(
            _(
                '%(where)s: "key" must be 1 to %(max)d letters, digits, hyphens or '
                "underscores, not %(value)s."
            )
            % {"where": where, "max": KEY_MAX, "value": show(key)}
        )
        key = None
    name = _text(
        errors, where, item, "name", max_length=DIMENSION_NAME_MAX, required=True, fold_spaces=True
    )
    short_name = _text(
        errors, where, item, "short_name", max_length=SHORT_NAME_MAX, fold_spaces=True
    )
    description = _text(errors, where, item, "description", max_length=DESCRIPTION_MAX)
    levels = item.get("levels")
    clean_levels = []
    if "levels" not in item:
        errors.append(_('%(where)s: "levels" is missing.') % {"where": where})
    elif not isinstance(levels, list) or len(levels) != LEVEL_COUNT:
        errors.append(
            _(
                '%(where)s: "levels" must be a list of exactly 5 descriptors, level 1 '
                "(initial) to level 5 (optimised); it has %(what)s."
            )
            % {
                "where": where,
                "what": str(len(levels)) if isinstance(levels, list) else kind_of(levels),
            }
        )
    else:
        for n, text in enumerate(levels, start=1):
            at = _("%(where)s, level %(n)d") % {"where": where, "n": n}
            clean = _text(errors, at, {"text": text}, "text", max_length=LEVEL_MAX, required=True)
            clean_levels.append(clean)
    if key is None or name is None or None in clean_levels or len(clean_levels) != LEVEL_COUNT:
        return None
    return {
        "key": key,
        "name": name,
        "short_name": short_name or "",
        "description": description or "",
        "levels": clean_levels,
    }


def _check_service(errors: list[str], where: str, item: Any) -> dict | None:
    if not isinstance(item, dict):
        errors.append(
            _("%(where)s must be an object {…}, not %(kind)s.")
            % {"where": where, "kind": kind_of(item)}
        )
        return None
    _unknown_fields(errors, where, item, SERVICE_FIELDS)
    name = _text(
        errors, where, item, "name", max_length=SERVICE_NAME_MAX, required=True, fold_spaces=True
    )
    description = _text(errors, where, item, "description", max_length=SERVICE_DESCRIPTION_MAX)
    if name is None:
        return None
    return {"name": name, "description": description or ""}


@dataclass
class FrameworkFile:
    """A checked framework file, with texts trimmed and names' spaces folded."""

    name: str
    sources: str
    dimensions: list[dict]
    services: list[dict] | None  # None: the file leaves the catalogue alone


def check_framework(data: Any) -> FrameworkFile:
    """The file's content, cleaned; raises ValidationError listing every problem, each
    naming the dimension or service and the field."""
    if not isinstance(data, dict):
        raise ValidationError(
            _("A framework file is one JSON object {…}; this holds %(kind)s.")
            % {"kind": kind_of(data)}
        )
    errors = _check_envelope(data)
    if errors:
        raise ValidationError(errors)
    where = _("The file")
    name = _text(
        errors, where, data, "name", max_length=FRAMEWORK_NAME_MAX, required=True, fold_spaces=True
    )
    sources = _text(errors, where, data, "sources", max_length=SOURCES_MAX)

    dimensions, keys, names = [], {}, {}
    for i, item in enumerate(data["dimensions"]):
        label = _dimension_label(i, item)
        clean = _check_dimension(errors, label, item)
        if clean is None:
            continue
        if clean["key"] in keys:
            errors.append(
                _("%(where)s: key %(key)s is already used by dimension %(first)d.")
                % {"where": label, "key": show(clean["key"]), "first": keys[clean["key"]] + 1}
            )
        if clean["name"].lower() in names:
            errors.append(
                _("%(where)s: the name repeats dimension %(first)d (names must differ).")
                % {"where": label, "first": names[clean["name"].lower()] + 1}
            )
        keys.setdefault(clean["key"], i)
        names.setdefault(clean["name"].lower(), i)
        dimensions.append(clean)

    services = None
    if "services" in data:
        services, service_names = [], {}
        for i, item in enumerate(data["services"]):
            label = _("Service %(n)d") % {"n": i + 1}
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                label += f" ({show(normalise(item['name']))})"
            clean = _check_service(errors, label, item)
            if clean is None:
                continue
            if clean["name"].lower() in service_names:
                errors.append(
                    _("%(where)s: the name repeats service %(first)d (names must differ).")
                    % {"where": label, "first": service_names[clean["name"].lower()] + 1}
                )
            service_names.setdefault(clean["name"].lower(), i)
            services.append(clean)
    if errors:
        raise ValidationError(errors)
    return FrameworkFile(name, sources or "", dimensions, services)


# --- import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    framework: Framework
    added: int
    updated: int
    removed: int
    services: int | None  # services in the catalogue now; None when the file had none


def import_framework(workshop, data: dict | bytes) -> ImportResult:
    """Replace the workshop's framework (and its services catalogue, when the file has
    one) with the file's, all or nothing. Dimensions are matched by key and updated in
    place, so baselines keep their levels; services are matched by name, ignoring case.
    A dimension or service the file leaves out is removed only when no team work uses
    it; otherwise the whole import is refused. Raises ValidationError."""
    if isinstance(data, bytes | bytearray):
        data = parse_upload(bytes(data))
    content = check_framework(data)
    try:
        with transaction.atomic():
            return _import(workshop, content)
    except IntegrityError as exc:  # an edit in another tab collided with this one
        raise ValidationError(
            _(
                "The framework changed while the file was being imported, so nothing was "
                "saved. Try again."
            )
        ) from exc


def _refuse_removing_used(framework: Framework | None, workshop, content: FrameworkFile) -> None:
    problems = []
    if framework is not None:
        keep = {d["key"] for d in content.dimensions}
        uses = dimension_uses(framework)
        used = [d for d in framework.dimensions.all() if d.key not in keep and uses.get(d.pk)]
        if used:
            problems.append(
                _(
                    "The file leaves out dimensions that teams have already assessed: "
                    "%(names)s. Keep them in the file (same key), or clear those levels first."
                )
                % {"names": ", ".join(f"{d.name} ({d.key})" for d in used)}
            )
    if content.services is not None:
        keep = {s["name"].lower() for s in content.services}
        uses = service_uses(workshop)
        used = [
            s
            for s in Service.objects.filter(workshop=workshop)
            if s.name.lower() not in keep and uses.get(s.pk)
        ]
        if used:
            problems.append(
                _(
                    "The file leaves out services that baselines or visions have ticked: "
                    "%(names)s. Keep them in the file, or delete them on the framework page "
                    "first."
                )
                % {"names": ", ".join(s.name for s in used)}
            )
    if problems:
        raise ValidationError(problems)


def _import(workshop, content: FrameworkFile) -> ImportResult:
    framework = Framework.objects.select_for_update().filter(workshop=workshop).first()
    _refuse_removing_used(framework, workshop, content)
    if framework is None:
        framework = Framework.objects.create(
            workshop=workshop, name=content.name, sources=content.sources
        )
    else:
        framework.name, framework.sources = content.name, content.sources
        framework.save(update_fields=["name", "sources"])

    existing = {d.key: d for d in framework.dimensions.select_for_update()}
    wanted = {d["key"] for d in content.dimensions}
    gone = [d.pk for key, d in existing.items() if key not in wanted]
    Dimension.objects.filter(pk__in=gone).delete()
    kept = [d for key, d in existing.items() if key in wanted]
    # Names are unique in a framework: park the kept ones on placeholders first, so a
    # file that swaps two names never collides with itself halfway. A stored name never
    # starts with a space, so the placeholders cannot clash with one.
    for d in kept:
        Dimension.objects.filter(pk=d.pk).update(name=f" {d.pk}")
    added = updated = 0
    for position, item in enumerate(content.dimensions):
        fields = {
            "name": item["name"],
            "short_name": item["short_name"],
            "description": item["description"],
            "position": position,
            **{f"level_{n}": text for n, text in enumerate(item["levels"], start=1)},
        }
        if item["key"] in existing:
            Dimension.objects.filter(pk=existing[item["key"]].pk).update(**fields)
            updated += 1
        else:
            Dimension.objects.create(framework=framework, key=item["key"], **fields)
            added += 1

    services = None
    if content.services is not None:
        services = _replace_services(workshop, content.services)
    framework_changed(workshop.pk)
    return ImportResult(framework, added, updated, len(gone), services)


def _replace_services(workshop, items: list[dict]) -> int:
    existing = {
        s.name.lower(): s for s in Service.objects.select_for_update().filter(workshop=workshop)
    }
    wanted = {s["name"].lower() for s in items}
    Service.objects.filter(
        pk__in=[s.pk for name, s in existing.items() if name not in wanted]
    ).delete()
    for position, item in enumerate(items):
        fields = {"name": item["name"], "description": item["description"], "position": position}
        if item["name"].lower() in existing:
            Service.objects.filter(pk=existing[item["name"].lower()].pk).update(**fields)
        else:
            Service.objects.create(workshop=workshop, **fields)
    return len(items)


def default_framework_data(language: str | None = None) -> dict:
    """The bundled framework, in `language` when there is a version in it."""
    return parse_upload(content_file(DEFAULT_FRAMEWORK_FILE, language).read_bytes())


def install_default(workshop) -> Framework | None:
    """Give a new workshop the default framework and services catalogue. Also used to
    go back to the default later: it is an ordinary import of the bundled file."""
    if not DEFAULT_FRAMEWORK_FILE.exists():
        return None
    return import_framework(workshop, default_framework_data(workshop.language)).framework
