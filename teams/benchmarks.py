"""Reference benchmark sets: reading them from CSV, and the facilitator's changes.

The file format is described in docs/reference-benchmarks-csv.md. Parsing collects
every problem, each naming its line, so a facilitator fixes the file in one go;
importing is all or nothing.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from workshop.i18n import content_file
from workshop.inputs import is_whole_number
from workshop.live import push_on_commit
from workshop.models import Workshop

from .models import Dimension, Framework, ReferenceSet, ReferenceValue
from .stats import room_profile_pushes

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
MAX_MESSAGES = 30
REQUIRED_COLUMNS = ("set", "dimension", "mean", "spread")
OPTIONAL_COLUMNS = ("respondents", "source", "illustrative")
DEMO_REFERENCE_FILE = Path(__file__).parent / "frameworks" / "demo-reference-sets.csv"


def demo_reference_bytes(language: str | None = None) -> bytes:
    """The illustrative demo sets, named in `language` when there is a version in it."""
    return content_file(DEMO_REFERENCE_FILE, language).read_bytes()


_YES = {"true", "yes", "y", "1", "ja", "j", "x"}
_NO = {"false", "no", "n", "0", "nej"}
_TWO_PLACES = Decimal("0.01")


@dataclass
class ParsedValue:
    dimension: Dimension
    mean: Decimal
    spread: Decimal
    respondents: int | None
    line: int


@dataclass
class ParsedSet:
    name: str
    source: str = ""
    illustrative: bool = True
    values: list[ParsedValue] = field(default_factory=list)


class _Problems(list):
    def add(self, message: str) -> None:
        self.append(message)

    def line(self, number: int, message: str) -> None:
        self.append(_("Line %(line)d: %(problem)s") % {"line": number, "problem": message})


def parse_reference_csv(data: bytes, framework: Framework) -> list[ParsedSet]:
    """The sets in the file, in the order they first appear; raises ValidationError
    with one message per problem found."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 1 MB. Split it into smaller files."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
        ) from exc
    if not text.strip():
        raise ValidationError(_("The file is empty."))

    # The header has no decimal commas, so it tells which separator the file uses.
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems = _Problems()

    header = next(row for row in reader if any(cell.strip() for cell in row))
    header = [name.strip().lower() for name in header]
    columns = {}
    for index, name in enumerate(header):
        if name in columns:
            problems.add(_("The header has the column “%(name)s” twice.") % {"name": name})
        columns.setdefault(name, index)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.add(_("The header is missing the column “%(name)s”.") % {"name": name})
    if problems:
        raise ValidationError(list(problems))

    dimensions = _dimension_lookup(framework)
    sets: dict[str, ParsedSet] = {}
    seen: dict[tuple[str, int], int] = {}  # (set, dimension) → line
    flags: dict[str, set[bool]] = {}
    rows = 0
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if rows > MAX_ROWS:
            problems.add(
                _("The file has more than %(max)d rows. Split it into smaller files.")
                % {"max": MAX_ROWS}
            )
            break
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            problems.line(line, _too_many_values(len(row), len(header), delimiter))
            continue

        def cell(name, row=row):
            index = columns.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        name = " ".join(cell("set").split())
        if not name:
            problems.line(line, _("the set has no name."))
        elif len(name) > 80:
            problems.line(line, _("the set name is longer than 80 characters."))
        dimension = dimensions.get(cell("dimension").casefold())
        if dimension is None:
            problems.line(line, _unknown_dimension(cell("dimension"), framework))
        mean = _number(cell("mean"), line, problems, _("mean"))
        if mean is not None and not 1 <= mean <= 5:
            problems.line(
                line,
                _("mean “%(value)s” is not a level between 1 and 5.") % {"value": cell("mean")},
            )
            mean = None
        spread = _number(cell("spread"), line, problems, _("spread"))
        if spread is not None and not 0 <= spread <= 4:
            problems.line(
                line, _("spread “%(value)s” is not between 0 and 4.") % {"value": cell("spread")}
            )
            spread = None
        respondents = _respondents(cell("respondents"), line, problems)
        source = " ".join(cell("source").split())
        if len(source) > 300:
            problems.line(line, _("the source is longer than 300 characters."))
        illustrative = _flag(cell("illustrative"), line, problems)

        if not name or dimension is None:
            continue
        key = name.casefold()
        if (key, dimension.pk) in seen:
            problems.line(
                line,
                _("“%(set)s” already has a row for “%(dimension)s” (line %(first)d).")
                % {"set": name, "dimension": dimension.name, "first": seen[key, dimension.pk]},
            )
            continue
        seen[key, dimension.pk] = line
        parsed = sets.setdefault(key, ParsedSet(name=name))
        if source and not parsed.source:
            parsed.source = source
        if illustrative is not None:
            flags.setdefault(key, set()).add(illustrative)
        if mean is not None and spread is not None:
            parsed.values.append(ParsedValue(dimension, mean, spread, respondents, line))

    if not problems and not sets:
        problems.add(_("The file has a header but no rows."))
    if problems:
        shown = list(problems[:MAX_MESSAGES])
        if len(problems) > MAX_MESSAGES:
            shown.append(_("… and %(n)d more problems.") % {"n": len(problems) - MAX_MESSAGES})
        raise ValidationError(shown)
    for key, parsed in sets.items():
        # Only a set every row calls non-illustrative loses the label.
        parsed.illustrative = flags.get(key, {True}) != {False}
    return list(sets.values())


def _dimension_lookup(framework: Framework) -> dict[str, Dimension]:
    lookup = {}
    for dimension in framework.dimensions.all():
        lookup.setdefault(dimension.name.casefold(), dimension)
        lookup[dimension.key.casefold()] = dimension
    return lookup


def _unknown_dimension(value: str, framework: Framework) -> str:
    keys = ", ".join(framework.dimensions.values_list("key", flat=True))
    if not value:
        return _("the dimension is empty. Use one of: %(keys)s.") % {"keys": keys}
    return _("“%(value)s” is not a dimension of this workshop. Use one of: %(keys)s.") % {
        "value": value,
        "keys": keys,
    }


def _too_many_values(found: int, expected: int, delimiter: str) -> str:
    message = _("the row has %(found)d values but the header has %(expected)d columns.") % {
        "found": found,
        "expected": expected,
    }
    if delimiter == ",":
        message += " " + _(
            "With decimal commas (3,4), separate the columns with semicolons or put the "
            "numbers in quotes."
        )
    return message


def _number(raw: str, line: int, problems: _Problems, what: str) -> Decimal | None:
    if not raw:
        problems.line(line, _("the %(what)s is empty.") % {"what": what})
        return None
    text = raw.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Swedish decimal comma: 3,4
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems.line(line, _("“%(value)s” is not a number.") % {"value": raw})
        return None
    if number.adjusted() > 3:
        return number  # too large to round, and outside every range the callers check next
    return number.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def _respondents(raw: str, line: int, problems: _Problems) -> int | None:
    if not raw:
        return None
    if is_whole_number(raw) and int(raw) > 0:
        return int(raw)
    problems.line(
        line, _("respondents “%(value)s” is not a whole number above 0.") % {"value": raw}
    )
    return None


def _flag(raw: str, line: int, problems: _Problems) -> bool | None:
    value = raw.casefold()
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    problems.line(
        line, _("illustrative “%(value)s” is not true or false (yes/no).") % {"value": raw}
    )
    return None


# --- writes ------------------------------------------------------------------------------


def _push(workshop_id: int) -> None:
    push_on_commit(partial(room_profile_pushes, workshop_id))


def import_reference_csv(
    workshop: Workshop, data: bytes, *, replace: bool = True
) -> list[ReferenceSet]:
    """Stores every set of the file, or nothing. A set whose name is already taken
    (ignoring case) is replaced, or refused when `replace` is False."""
    framework = Framework.objects.filter(workshop=workshop).first()
    if framework is None:
        raise ValidationError(_("This workshop has no maturity framework yet."))
    parsed_sets = parse_reference_csv(data, framework)
    with transaction.atomic():
        existing = {
            s.name.casefold(): s
            for s in ReferenceSet.objects.select_for_update().filter(workshop=workshop)
        }
        clashes = [p.name for p in parsed_sets if p.name.casefold() in existing]
        if clashes and not replace:
            raise ValidationError(
                [_("A set called “%(name)s” already exists.") % {"name": n} for n in clashes]
            )
        last = ReferenceSet.objects.filter(workshop=workshop).aggregate(m=Max("position"))["m"]
        position = last or 0
        saved = []
        for parsed in parsed_sets:
            reference_set = existing.get(parsed.name.casefold())
            if reference_set is None:
                position += 1
                reference_set = ReferenceSet(workshop=workshop, position=position, shown=True)
            else:
                reference_set.values.all().delete()
            reference_set.name = parsed.name
            reference_set.source = parsed.source
            reference_set.illustrative = parsed.illustrative
            reference_set.save()
            ReferenceValue.objects.bulk_create(
                ReferenceValue(
                    reference_set=reference_set,
                    dimension=value.dimension,
                    mean=value.mean,
                    spread=value.spread,
                    respondents=value.respondents,
                )
                for value in parsed.values
            )
            saved.append(reference_set)
        _push(workshop.pk)
    return saved


def import_demo_sets(workshop: Workshop) -> list[ReferenceSet]:
    """The bundled illustrative sets ("Sweden (illustrative)", "International (illustrative)")."""
    return import_reference_csv(workshop, demo_reference_bytes(workshop.language))


@transaction.atomic
def update_reference_set(
    reference_set: ReferenceSet, *, shown: bool | None = None, illustrative: bool | None = None
) -> ReferenceSet:
    if shown is not None:
        reference_set.shown = shown
    if illustrative is not None:
        reference_set.illustrative = illustrative
    reference_set.save(update_fields=["shown", "illustrative"])
    _push(reference_set.workshop_id)
    return reference_set


@transaction.atomic
def delete_reference_set(reference_set: ReferenceSet) -> None:
    workshop_id = reference_set.workshop_id
    reference_set.delete()
    _push(workshop_id)


# --- reads -------------------------------------------------------------------------------


def reference_sets_overview(workshop: Workshop) -> dict:
    """Every set of the workshop, and a row per dimension with each set's value (or None)."""
    dimensions = list(Dimension.objects.filter(framework__workshop=workshop))
    sets = list(ReferenceSet.objects.filter(workshop=workshop).prefetch_related("values"))
    values = {(v.reference_set_id, v.dimension_id): v for s in sets for v in s.values.all()}
    rows = [
        {"dimension": d, "cells": [(s, values.get((s.pk, d.pk))) for s in sets]} for d in dimensions
    ]
    return {"benchmark_dimensions": dimensions, "benchmark_sets": sets, "benchmark_rows": rows}
