"""Finding English left on a page rendered in Swedish.

A page is rendered twice, once per language (the `django_language` cookie, as the
language switcher sets it). Every piece of text a person reads — text nodes, and
the attributes a screen shows or reads aloud — is compared: a piece that comes out
the same in both languages is untranslated, unless it is data (what people typed,
names, built-in content stored in the workshop's own language) or a word both
languages share.
"""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

SHOWN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
BUTTON_INPUTS = {"submit", "button", "reset"}
SKIPPED_ELEMENTS = {"script", "style", "template", "code", "pre"}

# Words Swedish writes as English does, and marks that are no language.
SHARED_WORDS = {
    word.lower()
    for word in (
        "PMO PMOs KPI KPIs CSV JSON PDF PNG SVG ZIP QR HTML URL SD OK EN SV CFO CEO CIO "
        "team workshop vision agenda status timer live dimension dimensions initiativ "
        "demo inter max min Q1 Q2 Q3 Q4 ID ESC Ctrl Enter Tab Esc Shift vs "
        "initial start text version offline online expert "
        # month abbreviations both languages write alike ("29 Nov 10:08")
        "jan feb mar apr jun jul aug sep nov dec"
    ).split()
}
WORD = re.compile(r"[^\W\d_]{2,}")
# Pieces of a shortened or wrapped data value: "R1: PMO seen as admin… → Executive…".
PIECES = re.compile(r"\s*(?:→|·|…|—|:\s|\||^\d+\.\s)\s*")


VOID_ELEMENTS = {
    "area",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _Texts(HTMLParser):
    """Text nodes and shown attributes, minus scripts and styles, Graphviz's node
    ids (`<title>` inside SVG) and anything marked as another language (`lang`:
    the switcher names each language in its own)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[bool] = []  # per open element: is its content skipped?
        self._in_svg = 0
        self._page_language = None

    @property
    def _skipping(self) -> bool:
        return any(self._open)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "html":
            self._page_language = values.get("lang")
        skip = (
            tag in SKIPPED_ELEMENTS
            or (tag != "html" and values.get("lang", self._page_language) != self._page_language)
            or (tag == "title" and self._in_svg > 0)
        )
        if not skip and not self._skipping:
            for name in sorted(SHOWN_ATTRIBUTES & values.keys()):
                self._add(values[name])
            if tag == "input" and (values.get("type") or "").lower() in BUTTON_INPUTS:
                self._add(values.get("value"))
        if tag == "svg":
            self._in_svg += 1
        if tag not in VOID_ELEMENTS:
            self._open.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or not self._open:
            return
        self._open.pop()
        if tag == "svg" and self._in_svg:
            self._in_svg -= 1

    def handle_data(self, data):
        if not self._skipping:
            self._add(data)

    def _add(self, text):
        text = " ".join((text or "").split())
        if text:
            self.texts.append(text)


def texts(html: str) -> list[str]:
    """The pieces of text a person reads on the page, in order."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser.texts


def stored_texts() -> list[str]:
    """Every text value in the database (what people typed, names, stored built-in
    content), longest first: these are data, shown as they are in any language."""
    found: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                if isinstance(value, str):
                    found.add(" ".join(value.split()))
                    found.update(line.strip() for line in value.splitlines() if line.strip())
    return sorted((t for t in found if len(t) > 1), key=len, reverse=True)


def leftover_words(text: str, data: list[str]) -> list[str]:
    """The words of `text` that are neither data nor shared by both languages.

    Data is also what a page cut short or wrapped onto lines (a map label, a
    truncated title): a piece found inside a stored value counts as data.
    """
    words = []
    text = re.sub(r"(?<!\w)/\S*", " ", text)  # a path such as /join reads the same
    for piece in PIECES.split(text):
        core = piece.strip(" ()[]%:,.;!?\"'”“")
        if len(core) > 1 and any(core in value for value in data):
            continue
        for value in data:
            if len(value) > 2 and value in piece:
                piece = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", piece)
        words += [
            w for w in WORD.findall(piece) if w.lower() not in SHARED_WORDS and not w.isupper()
        ]
    return words


def untranslated(english_html: str, swedish_html: str, data: list[str]) -> list[str]:
    """Pieces of the Swedish page that are the English page's text, word for word."""
    english = set(texts(english_html))
    return sorted({t for t in texts(swedish_html) if t in english and leftover_words(t, data)})
