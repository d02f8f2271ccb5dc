"""Every file import, fuzzed: whole-workshop JSON, map templates, frameworks, reference-set
CSV files and finding images.

Hypothesis starts from a valid file exported from the world and mutates it: it picks
places in the document and replaces a value (wrong types, huge or hostile strings,
deep nesting, NaN, null), deletes or adds a key, or duplicates a list item; then it may
damage the bytes (truncated, a BOM, invalid UTF-8, a repeated key, absurd nesting).
Every import either succeeds, storing text that fits its columns, or refuses with a
ValidationError carrying a message, leaving every app table as it was; no other
exception escapes. One request per import also goes through its page, which must
answer with the message, not a server error.
"""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from teams import framework as frameworks
from teams.benchmarks import demo_reference_bytes, import_reference_csv
from vision.forms import FindingForm
from workshop import exchange, map_templates

from .conftest import changed_tables, db_state, rolled_back
from .hostile import hostile_text, stored_text_problems
from .world import png_bytes

pytestmark = pytest.mark.django_db

EXAMPLES = 2 * settings().max_examples  # five importers: each may take a few more

# --- mutating a valid document ------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(hostile_text, children, max_size=3)
    ),
    max_leaves=6,
)


def places(node, path=()):
    """Every place in a JSON document: (path to it, its value)."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from places(value, (*path, index))


def _parent(doc, path):
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw, document: dict):
    """`document` with one to three changes at places hypothesis chooses."""
    doc = copy.deepcopy(document)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path, value = draw(st.sampled_from([p for p in places(doc) if p[0]]))
        parent, last = _parent(doc, path), path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate"]))
        if action == "replace" and isinstance(value, str) and draw(st.booleans()):
            parent[last] = draw(hostile_text)  # still text: often a file that imports
        elif action == "replace":
            parent[last] = draw(json_values)
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(value, dict):
            value[draw(hostile_text)] = draw(json_values)
        elif action == "duplicate" and isinstance(value, list) and value:
            value.append(copy.deepcopy(value[draw(st.integers(0, len(value) - 1))]))
        else:
            parent[last] = draw(json_values)
    return doc


@st.composite
def damaged_bytes(draw, document: dict) -> bytes:
    """The document as a file, perhaps damaged on the way."""
    text = json.dumps(document, ensure_ascii=draw(st.booleans()), allow_nan=True)
    raw = text.encode("utf-8", "surrogatepass")
    damage = draw(
        st.sampled_from(
            ["none", "none", "none", "truncate", "bom", "latin1", "bad byte", "repeat", "nest"]
        )
    )
    if damage == "truncate":
        raw = raw[: draw(st.integers(min_value=0, max_value=max(len(raw) - 1, 0)))]
    elif damage == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif damage == "latin1":
        raw = text.encode("latin-1", "replace") + "é".encode("latin-1")
    elif damage == "bad byte":
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        raw = raw[:at] + b"\xff\xc3(" + raw[at:]
    elif damage == "repeat":
        raw = raw.replace(b"{", b'{"format": 1, "format": 2, ', 1)
    elif damage == "nest":
        depth = draw(st.sampled_from([100, 1000, 100_000]))
        raw = raw.replace(b"[", b"[" + b"[" * depth + b"]" * depth + b",", 1)
    return raw


def _import_outcome(world, run) -> None:
    """`run()` imports; it succeeds or refuses cleanly, all or nothing."""
    with rolled_back():
        try:
            run()
        except ValidationError as refusal:
            event("refused")
            assert refusal.messages and all(str(m).strip() for m in refusal.messages)
            assert changed_tables(world.state, db_state()) == [], refusal.messages
        else:
            event("imported")
            assert stored_text_problems(world.state, db_state()) == []


# --- whole workshops ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def workshop_file(world):
    return exchange.export_workshop(world.workshop)


def test_the_unmutated_workshop_file_imports(world, workshop_file):
    with rolled_back():
        imported = exchange.import_workshop(workshop_file, user=world.users["facilitator"])
        assert imported.teams.count() == world.workshop.teams.count()


@settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_a_mutated_workshop_file_imports_whole_or_not_at_all(world, workshop_file, data):
    raw = data.draw(damaged_bytes(data.draw(mutated(workshop_file))))
    user = world.users["facilitator"]
    _import_outcome(world, lambda: exchange.import_workshop(exchange.parse(raw), user=user))


def test_the_import_page_answers_a_broken_file_with_a_message(world):
    browser = world.client("facilitator")
    upload = SimpleUploadedFile("w.json", b'{"format": "pmo-workshop", "version": [', "text/json")
    with rolled_back():
        response = browser.post(reverse("workshop:import"), {"file": upload})
        assert response.status_code == 422
        assert "not valid JSON" in response.content.decode()
        assert changed_tables(world.state, db_state()) == []


# --- map templates -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def map_file(world):
    return map_templates.export_map(world.workshop)


def test_the_unmutated_map_template_imports(world, map_file):
    with rolled_back():
        counts = map_templates.import_map(world.other_workshop, map_file)
        assert counts["factors"] == len(map_file["factors"])


@settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_a_mutated_map_template_imports_whole_or_not_at_all(world, map_file, data):
    raw = data.draw(damaged_bytes(data.draw(mutated(map_file))))
    user = world.users["other_facilitator"]
    target = world.other_workshop  # W2 has no map yet: a valid template imports

    _import_outcome(
        world,
        lambda: map_templates.import_map(target, map_templates.parse_upload(raw), user=user),
    )


def test_the_map_page_answers_a_broken_template_with_a_message(world):
    browser = world.client("facilitator")
    url = reverse("workshop:map_import", args=[world.workshop.pk])
    upload = SimpleUploadedFile("map.json", b"\xff\xfe not utf-8", "application/json")
    with rolled_back():
        response = browser.post(url, {"file": upload}, follow=True)
        assert response.status_code == 200
        assert "Nothing was imported" in response.content.decode()
        assert changed_tables(world.state, db_state()) == []


# --- frameworks ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def framework_file(world):
    return frameworks.export_framework(world.workshop.framework)


def test_the_unmutated_framework_file_imports(world, framework_file):
    with rolled_back():
        result = frameworks.import_framework(world.workshop, framework_file)
        assert result.updated == len(framework_file["dimensions"])


@settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_a_mutated_framework_file_imports_whole_or_not_at_all(world, framework_file, data):
    raw = data.draw(damaged_bytes(data.draw(mutated(framework_file))))
    _import_outcome(world, lambda: frameworks.import_framework(world.workshop, raw))


def test_the_framework_page_answers_a_broken_file_with_a_message(world):
    browser = world.client("facilitator")
    url = reverse("teams:framework_import", args=[world.workshop.pk])
    upload = SimpleUploadedFile("f.json", b'{"dimensions": NaN}', "application/json")
    with rolled_back():
        response = browser.post(url, {"file": upload})
        assert response.status_code == 422
        assert "not JSON that this app can read" in response.content.decode()
        assert changed_tables(world.state, db_state()) == []


# --- reference sets (CSV) ------------------------------------------------------------------

CSV_CELLS = st.one_of(
    hostile_text,
    st.sampled_from(["", "3.5", "-1", "6", "1e400", "NaN", "0,5", "true", "yes", "x" * 300]),
)


@st.composite
def damaged_csv(draw) -> bytes:
    text = demo_reference_bytes("en").decode("utf-8-sig")
    rows = [line.split(",") for line in text.splitlines()]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        row = draw(st.integers(min_value=0, max_value=len(rows) - 1))
        action = draw(st.sampled_from(["cell", "cell", "drop row", "drop cell", "add cell"]))
        if action == "cell" and rows[row]:
            rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(CSV_CELLS)
        elif action == "drop row" and len(rows) > 1:
            del rows[row]
        elif action == "drop cell" and rows[row]:
            rows[row].pop()
        else:
            rows[row].append(draw(CSV_CELLS))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    text = "\n".join(delimiter.join(row) for row in rows)
    raw = text.encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none", "none", "bom", "latin1", "truncate", "nul"]))
    if damage == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif damage == "latin1":
        raw = text.encode("latin-1", "replace") + b"\xe9"
    elif damage == "truncate":
        raw = raw[: draw(st.integers(min_value=0, max_value=len(raw)))]
    elif damage == "nul":
        raw = raw.replace(b",", b",\x00", 1)
    return raw


@settings(max_examples=EXAMPLES)
@given(raw=damaged_csv())
def test_a_damaged_reference_csv_imports_whole_or_not_at_all(world, raw):
    _import_outcome(world, lambda: import_reference_csv(world.workshop, raw))


def test_the_reference_set_page_answers_a_broken_csv_with_a_message(world):
    browser = world.client("facilitator")
    url = reverse("teams:benchmarks_import", args=[world.workshop.pk])
    upload = SimpleUploadedFile("sets.csv", b"set;dimension\n\xff", "text/csv")
    with rolled_back():
        response = browser.post(url, {"file": upload})
        assert response.status_code == 422
        assert 'class="field__error"' in response.content.decode()
        assert changed_tables(world.state, db_state()) == []


# --- finding images ------------------------------------------------------------------------


@st.composite
def image_files(draw) -> bytes:
    png = png_bytes()
    kind = draw(st.sampled_from(["random", "truncated png", "flipped png", "text", "svg"]))
    if kind == "random":
        return draw(st.binary(max_size=2048))
    if kind == "truncated png":
        return png[: draw(st.integers(min_value=0, max_value=len(png) - 1))]
    if kind == "flipped png":
        at = draw(st.integers(min_value=0, max_value=len(png) - 1))
        return png[:at] + bytes([png[at] ^ 0xFF]) + png[at + 1 :]
    if kind == "svg":
        return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    return draw(hostile_text).encode("utf-8", "surrogatepass")


@settings(max_examples=EXAMPLES)
@given(content=image_files(), name=st.sampled_from(["chart.png", "chart.jpg", "x.svg", "x"]))
def test_a_broken_finding_image_is_refused_beside_its_field(world, content, name):
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    form = FindingForm(
        {"title": "A finding", "text": "Its text.", "image_alt": "A chart"}, {"image": upload}
    )
    if not form.is_valid():
        assert form.errors.get("image"), form.errors
        assert all(str(message).strip() for message in form.errors["image"])
