"""Hypothesis strategies for what a hostile browser types or sends, and the checks every
fuzzed request must pass: no server error, a refusal changes nothing, and whatever was
stored fits its column and holds no NUL or lone surrogate."""

from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.db import models
from hypothesis import strategies as st

from .conftest import changed_tables

MISSING = object()  # the field is left out of the body

SNIPPETS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",  # a lone surrogate: sent as the bytes a broken client would send
    "\udfff tail",
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width characters and a BOM
    "🧭💥👩🏽‍💻",
    "Åre Älvdalen Öresund",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "{{ request.user }}{% debug %}",
    "'; DROP TABLE teams_team; --",
    "1 OR 1=1",
    "%s%s%n%x",
    "../../etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "0000-00-00",
    "2026-02-30",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "-inf",
    "\r\n\t",
    "line one\nline two",
]

_any_character = st.characters(codec=None, exclude_categories=())
_surrogate = st.characters(categories=["Cs"])

hostile_text = st.one_of(
    st.sampled_from(SNIPPETS),
    st.text(alphabet=_any_character, max_size=40),
    st.lists(st.one_of(st.sampled_from(SNIPPETS), _surrogate), min_size=1, max_size=6).map("".join),
    st.builds(
        lambda unit, n: unit * n,
        st.sampled_from(["a", "é", "💥", " ", "ab "]),
        st.sampled_from([59, 60, 61, 80, 81, 120, 121, 200, 201, 2001, 5001, 10_000]),
    ),
)
hostile_number = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "1.5", "1,5", "1e3", "0x10", "١٢", "+3", " 3 ", "9" * 400]),
    hostile_text,
)
hostile_date = st.one_of(
    st.sampled_from(
        ["0000-00-00", "2026-02-30", "9999-12-31", "10000-01-01", "1970-01-01", "2026-13-01"]
    ),
    st.dates().map(str),
    hostile_text,
)
hostile_bool = st.one_of(st.sampled_from(["on", "off", "true", "1", "0", "", "None"]), hostile_text)


def hostile_id(*known: int):
    """Ids of this workshop's rows, of another workshop's, or none at all."""
    return st.one_of(
        st.sampled_from([str(pk) for pk in known] or ["1"]),
        st.integers(min_value=-1, max_value=2**63).map(str),
        hostile_text,
    )


HOSTILE = {
    "text": hostile_text,
    "number": hostile_number,
    "date": hostile_date,
    "bool": hostile_bool,
}


def field_values(valid, hostile):
    """One field of a body: left out, valid, hostile, or several values at once."""
    valid = valid if isinstance(valid, list) else [valid]
    return st.one_of(
        st.just(MISSING),
        st.just(valid),
        hostile.map(lambda value: [value]),
        st.lists(st.one_of(hostile, st.sampled_from(valid)), min_size=2, max_size=3),
    )


EXTRA_FIELDS = st.dictionaries(
    st.sampled_from(["id", "pk", "workshop", "team", "is_staff", "removed_at", "version", "x\x00"]),
    hostile_text.map(lambda value: [value]),
    max_size=2,
)


def urlencoded(body: dict) -> bytes:
    """The form body as a browser would send it; text that is no valid UTF-8 (lone
    surrogates) goes over the wire as the invalid bytes."""
    pairs = []
    for key, values in body.items():
        if values is MISSING:
            continue
        for value in values:
            pairs.append(
                (key.encode("utf-8", "surrogatepass"), str(value).encode("utf-8", "surrogatepass"))
            )
    return urlencode(pairs).encode("ascii")


def as_received(text: str) -> str:
    """What Django reads from the wire for `text` (invalid UTF-8 becomes U+FFFD)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
    ]


def stored_text_problems(before: dict, after: dict) -> list[str]:
    """Rows of the changed tables whose text is too long for its column or holds NUL or
    a lone surrogate (SQLite stores what PostgreSQL would refuse)."""
    problems = []
    for label in changed_tables(before, after):
        model = apps.get_model(label)
        fields = _text_fields(model)
        if not fields:
            continue
        for row in model.objects.values_list("pk", *[f.attname for f in fields]):
            for text_field, value in zip(fields, row[1:], strict=True):
                if not isinstance(value, str):
                    continue
                where = f"{label}.{text_field.name} #{row[0]}"
                if text_field.max_length and len(value) > text_field.max_length:
                    problems.append(f"{where}: {len(value)} > {text_field.max_length} characters")
                if "\x00" in value:
                    problems.append(f"{where}: holds NUL")
                if any("\ud800" <= c <= "\udfff" for c in value):
                    problems.append(f"{where}: holds a lone surrogate")
    return problems


ANSWERED_WITH_A_MESSAGE = {400, 409, 410, 413, 422, 423, 429}


def response_problem(response) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status in ANSWERED_WITH_A_MESSAGE and not response.content.strip():
        return f"{status} without a message"
    location = response.get("Location", "") if 300 <= status < 400 else ""
    target = urlsplit(location.replace("\\", "/"))
    if target.netloc not in ("", "testserver") or target.scheme not in ("", "http", "https"):
        return f"redirects off the site, to {location!r}"
    return ""
