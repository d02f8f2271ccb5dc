"""The bookkeeping of a file check: messages with their place in the file, the
references each item defines and the ones it uses, and the checked items."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from workshop.json_files import kind_of, show

from . import schema as s
from .values import Invalid, from_json, quarter_from_json, safe_text

REF_MAX = 40
MAX_ITEMS = 20_000  # per list: far above any real workshop, far below what hurts
MAX_MESSAGES = 500


@dataclass
class Item:
    """One checked item: values to store, and references still as file refs."""

    path: str
    ref: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # model attribute → value
    links: dict[str, str | None] = field(default_factory=dict)  # REF keys
    many: dict[str, list[str]] = field(default_factory=dict)  # REFS keys
    extra: dict[str, Any] = field(default_factory=dict)  # nested items


class TooManyProblems(Exception):
    pass


class Checker:
    def __init__(self):
        self.errors: list[str] = []
        self.defined: dict[str, dict[str, str]] = defaultdict(dict)  # kind → ref → path
        self.wanted: list[tuple[str, str, str]] = []  # (path, kind, ref)

    def add(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}" if path else message)
        if len(self.errors) >= MAX_MESSAGES:
            raise TooManyProblems

    # --- shapes ---------------------------------------------------------------------

    def items(self, path: str, value: Any) -> list:
        """The list at `path` (absent or null counts as empty)."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, _("must be a list […], not %(kind)s.") % {"kind": kind_of(value)})
            return []
        if len(value) > MAX_ITEMS:
            self.add(
                path,
                _("has %(n)d items; a workshop file holds at most %(max)d per list.")
                % {"n": len(value), "max": MAX_ITEMS},
            )
            return []
        return value

    def keys(self, path: str, data: Any, names: list[str], required: set[str]) -> bool:
        if not isinstance(data, dict):
            self.add(path, _("must be an object {…}, not %(kind)s.") % {"kind": kind_of(data)})
            return False
        for name in names:
            if name in required and name not in data:
                self.add(path, _('"%(name)s" is missing.') % {"name": name})
        for name in data:
            if name not in names:
                self.add(
                    path,
                    _("unknown field %(name)s (expected %(known)s).")
                    % {"name": show(name), "known": ", ".join(names)},
                )
        return True

    def item(self, path: str, data: Any, spec: s.Spec) -> Item | None:
        required = {key.name for key in spec.keys if key.required}
        if not self.keys(path, data, spec.names, required):
            return None
        item = Item(path)
        for key in spec.keys:
            if key.name not in data:
                continue
            at, value = f"{path}.{key.name}", data[key.name]
            try:
                if key.how == s.OWN:
                    item.ref = self.define(at, key.target, value)
                elif key.how == s.COLUMN:
                    item.fields[key.name] = from_json(spec.model, key.name, value)
                elif key.how == s.QUARTER:
                    item.fields[key.name] = quarter_from_json(spec.model, key.name, value)
                elif key.how == s.REF:
                    item.links[key.name] = self.reference(at, key.target, value, key.required)
                elif key.how == s.REFS:
                    item.many[key.name] = self.references(at, key.target, value)
            except Invalid as problem:
                self.add(at, str(problem))
        return item

    # --- references -----------------------------------------------------------------

    def _ref_text(self, value: Any) -> str:
        if not isinstance(value, str) or not value or len(value) > REF_MAX:
            raise Invalid(
                _("a reference is short text (1 to %(max)d characters), not %(value)s.")
                % {"max": REF_MAX, "value": show(value)}
            )
        return safe_text(value)

    def define(self, path: str, kind: str, value: Any) -> str | None:
        ref = self._ref_text(value)
        first = self.defined[kind].get(ref)
        if first is not None:
            raise Invalid(
                _("%(ref)s is already the reference of %(first)s.")
                % {"ref": show(ref), "first": first}
            )
        self.defined[kind][ref] = path.rsplit(".", 1)[0]
        return ref

    def reference(self, path: str, kind: str, value: Any, required: bool) -> str | None:
        if value is None:
            if required:
                raise Invalid(_("must name a %(kind)s, not null.") % {"kind": kind})
            return None
        ref = self._ref_text(value)
        self.wanted.append((path, kind, ref))
        return ref

    def references(self, path: str, kind: str, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise Invalid(
                _("must be a list of references, not %(kind)s.") % {"kind": kind_of(value)}
            )
        if len(value) > MAX_ITEMS:
            raise Invalid(_("is far too long."))
        found = []
        for n, one in enumerate(value):
            try:
                ref = self._ref_text(one)
            except Invalid as problem:
                self.add(f"{path}[{n}]", str(problem))
                continue
            if ref in found:
                self.add(f"{path}[{n}]", _("%(ref)s is listed twice.") % {"ref": show(ref)})
                continue
            self.wanted.append((f"{path}[{n}]", kind, ref))
            found.append(ref)
        return found

    def resolve(self) -> None:
        for path, kind, ref in self.wanted:
            if ref not in self.defined[kind]:
                self.add(
                    path, _("no %(kind)s %(ref)s in this file.") % {"kind": kind, "ref": show(ref)}
                )

    def unique(self, seen: dict, value: Any, path: str, what: str) -> None:
        """Names the database keeps unique, ignoring case."""
        if not isinstance(value, str):
            return
        folded = value.lower()
        if folded in seen:
            self.add(
                path,
                _("%(what)s %(value)s is already used by %(first)s (ignoring case).")
                % {"what": what, "value": show(value), "first": seen[folded]},
            )
        else:
            seen[folded] = path.rsplit(".", 1)[0]
