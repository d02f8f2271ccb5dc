"""What a team edits together in Parts 2 and 3, declared once.

Each `Editable` names a model whose rows a team edits at the same time, how a row
is found inside one team (the scope check every request and socket goes
through), and its fields: free text (drawn by `live/field.html`) or a choice
(drawn by `live/choice.html`). One view (`teams.company_views.edit`) answers
every autosave and choice, through `workshop/editing.save_field`, so versions,
conflicts, history, locking and pushes work the same for every piece.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workshop.editing import Author, EditingLocked, LiveField, keep_loaded_relations, save_field
from workshop.live import push_on_commit
from workshop.models import Workshop


@dataclass(frozen=True)
class Text:
    label: Any
    multiline: bool = False
    max_length: int = 200
    rows: int = 4  # height of a multiline box
    help_text: Any = ""
    required: Any = ""  # the message when left empty; "" = may be empty
    # Turns the typed text into the stored value, raising ValidationError (e.g. a year).
    convert: Callable[[str], Any] | None = None
    # Stored value → the text shown in the box.
    display: Callable[[Any], str] = lambda value: "" if value is None else str(value)


@dataclass(frozen=True)
class Option:
    value: str
    title: str
    description: str = ""
    short: str = ""  # a compact label, e.g. the level number


@dataclass(frozen=True)
class Choice:
    label: Any
    options: Callable[[Any], list[Option]]  # the row → its options
    help_text: Any = ""
    layout: str = "tiles"  # "tiles" (a row of cards) or "ladder" (maturity levels)
    convert: Callable[[str], Any] = lambda raw: raw
    # The row → the option to mark as "today" (e.g. the baseline level beside a target).
    reference: Callable[[Any], str] | None = None


@dataclass
class LiveChoice:
    """Everything `live/choice.html` needs to draw one choice that saves on click."""

    dom_id: str
    label: Any
    options: list[Option]
    value: str
    version: int
    url: str
    layout: str = "tiles"
    help_text: Any = ""
    readonly: bool = False
    error: str = ""
    notice: str = ""
    status: str = ""
    reference: str = ""


@dataclass
class Editable:
    kind: str  # its name in URLs and DOM ids: "company", "baseline", "assessment", …
    model: Any
    team_lookup: str  # from a row to its team, e.g. "baseline__company__team"
    company_lookup: str  # from a row to its company, e.g. "baseline__company"; "" = itself
    fields: dict[str, Text | Choice]
    # Rows of removed companies/baselines are out of reach.
    active: dict = field(default_factory=dict)
    # (row, field name) → push builders for everything else that shows this field.
    also_push: Callable[[Any, str], Iterable[Callable]] = lambda row, name: ()
    # (row, field name) → the label, when it depends on the row (e.g. the dimension).
    label_for: Callable[[Any, str], Any] | None = None
    # (row, field name, value) → raises ValidationError, e.g. a name already taken.
    validate: Callable[[Any, str, Any], None] | None = None
    # Later parts that show this row too add their pushes here (see `follow`).
    followers: list[Callable[[Any, str], Iterable[Callable]]] = field(default_factory=list)
    # Relations the label or the options read, loaded with the row (e.g. "dimension").
    also_load: tuple[str, ...] = ()

    def company_of(self, row):
        value = row
        for part in filter(None, self.company_lookup.split("__")):
            value = getattr(value, part)
        return value

    def team_id_of(self, row) -> int:
        value = row
        for part in self.team_lookup.split("__"):
            value = getattr(value, part)
        return value.pk

    def workshop_id_of(self, row) -> int:
        value = row
        for part in self.team_lookup.split("__"):
            value = getattr(value, part)
        return value.workshop_id


REGISTRY: dict[str, Editable] = {}


def register(editable: Editable) -> Editable:
    REGISTRY[editable.kind] = editable
    return editable


def follow(kind: str, pushes: Callable[[Any, str], Iterable[Callable]]) -> None:
    """A later part shows rows of `kind` too (e.g. the strategy page shows baseline
    levels): `pushes(row, field_name)` yields its own push builders after each save.
    Called from AppConfig.ready(); adding the same function twice changes nothing."""
    followers = REGISTRY[kind].followers
    if pushes not in followers:
        followers.append(pushes)


def lookup(kind: str) -> Editable:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise Http404("Nothing to edit here") from None


def row_in_team(editable: Editable, pk: int, team):
    """The row, if it belongs to `team` and is not removed; else 404."""
    row = (
        editable.model.objects.filter(pk=pk, **{editable.team_lookup: team}, **editable.active)
        .select_related(*related_for(editable))
        .order_by()  # one row: ordering it would only cost compiling nested orderings
        .first()
    )
    if row is None:
        raise Http404("Not in this team")
    return row


def related_for(editable: Editable) -> list[str]:
    return [editable.team_lookup + "__workshop__current_phase", *editable.also_load]


def option_title(editable: Editable, row, field_name: str, value) -> str:
    """How a stored choice reads to people ("Defined", not "3")."""
    raw = "" if value is None else str(value)
    for option in editable.fields[field_name].options(row):
        if option.value == raw:
            return str(option.title)
    return raw


def dom_id(kind: str, row, field_name: str) -> str:
    return f"{kind}-{row.pk}-{field_name}"


def edit_url(editable: Editable, row, field_name: str) -> str:
    team_id = editable.team_id_of(row)
    workshop_id = editable.workshop_id_of(row)
    return reverse("teams:edit", args=[workshop_id, team_id, editable.kind, row.pk, field_name])


def _locked(row, editable: Editable) -> bool:
    value = row
    for part in editable.team_lookup.split("__"):
        value = getattr(value, part)
    phase = value.workshop.current_phase
    return bool(phase and phase.locked)


def _label(editable: Editable, row, field_name: str):
    if editable.label_for is not None:
        return editable.label_for(row, field_name)
    return editable.fields[field_name].label


def live_field(kind: str, row, field_name: str, **overrides) -> LiveField:
    editable = REGISTRY[kind]
    spec = editable.fields[field_name]
    values = {
        "dom_id": dom_id(kind, row, field_name),
        "label": _label(editable, row, field_name),
        "value": spec.display(getattr(row, field_name)),
        "version": row.version,
        "url": edit_url(editable, row, field_name),
        "multiline": spec.multiline,
        "max_length": spec.max_length,
        "help_text": spec.help_text,
        "readonly": _locked(row, editable),
        "extra": {"rows": spec.rows},
    }
    values.update(overrides)
    return LiveField(**values)


def live_choice(kind: str, row, field_name: str, **overrides) -> LiveChoice:
    editable = REGISTRY[kind]
    spec = editable.fields[field_name]
    value = getattr(row, field_name)
    values = {
        "dom_id": dom_id(kind, row, field_name),
        "label": _label(editable, row, field_name),
        "value": "" if value is None else str(value),
        "version": row.version,
        "url": edit_url(editable, row, field_name),
        "layout": spec.layout,
        "help_text": spec.help_text,
        "readonly": _locked(row, editable),
    }
    if "options" not in overrides:  # a list drawing many rows passes them once
        values["options"] = spec.options(row)
    if "reference" not in overrides:  # callers that know it already save the queries
        values["reference"] = spec.reference(row) if spec.reference else ""
    values.update(overrides)
    return LiveChoice(**values)


def piece(kind: str, row, field_name: str) -> tuple[str, dict]:
    """(template, context) drawing one field or choice, for pages and pushes alike."""
    if isinstance(REGISTRY[kind].fields[field_name], Choice):
        return "live/choice.html", {"c": live_choice(kind, row, field_name)}
    return "live/field.html", {"f": live_field(kind, row, field_name)}


def clean(editable: Editable, row, field_name: str, raw: str):
    """The typed text or chosen option → the value to store; ValidationError if bad."""
    spec = editable.fields[field_name]
    if isinstance(spec, Choice):
        allowed = {option.value for option in spec.options(row)}
        if raw not in allowed:
            raise ValidationError(_("Choose one of the options shown."))
        return spec.convert(raw)
    value = raw if spec.multiline else " ".join(raw.split())
    if spec.required and not value.strip():
        raise ValidationError(str(spec.required))
    if len(value) > spec.max_length:
        raise ValidationError(
            _("Keep this to %(max)d characters (it has %(n)d).")
            % {"max": spec.max_length, "n": len(value)}
        )
    return spec.convert(value) if spec.convert else value


def save(kind: str, row, field_name: str, raw: str, base_version: int, author: Author, client=""):
    """One autosave or choice, version-checked; pushes after commit. Raises EditConflict,
    EditingLocked or ValidationError; nothing is saved unless it all succeeds."""
    editable = REGISTRY[kind]
    value = clean(editable, row, field_name, raw)
    if editable.validate is not None:
        editable.validate(row, field_name, value)
    with transaction.atomic():
        workshop = Workshop.objects.select_related("current_phase").get(
            pk=editable.workshop_id_of(row)
        )
        phase = workshop.current_phase
        if author.participant is not None and phase is not None and phase.locked:
            raise EditingLocked
        try:
            with transaction.atomic():
                saved = save_field(row, field_name, value, base_version, author)
        except IntegrityError as exc:  # a unique name taken a moment ago by someone else
            raise ValidationError(_("That name is already taken. Choose another.")) from exc
        push_on_commit(lambda: _pushes(kind, saved, field_name, client))
    return saved


def _pushes(kind: str, saved, field_name: str, client: str):
    from workshop import live

    editable = REGISTRY[kind]
    # The row as committed, read again (a later save may have committed since); its
    # company, team and workshop are the ones the save had loaded: a field edit
    # changes none of them, and reading them again costs a seven-table join.
    row = live.read_once(
        ("editable", kind, saved.pk),
        lambda: editable.model.objects.filter(pk=saved.pk).order_by().first(),
    )
    if row is None:
        return
    keep_loaded_relations(saved, row)
    template, context = piece(kind, row, field_name)
    yield (
        live.company_group(editable.company_of(row).pk),
        live.render_fragment(template, context),
        client or None,
    )
    for source in (editable.also_push, *editable.followers):
        for build in source(row, field_name):
            yield from build()


def blank_is_none(raw: str):
    return int(raw) if raw else None


CLEAR = Option("", gettext_lazy("Not chosen"), "")
