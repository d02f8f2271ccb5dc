"""Reference benchmark sets from CSV: every problem named by line, all or nothing."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teams import benchmarks
from teams.framework import DEFAULT_FRAMEWORK_FILE
from teams.models import ReferenceSet, ReferenceValue

from ..part2_factories import ReferenceSetFactory, ReferenceValueFactory, framework_for


@pytest.fixture
def keys(workshop):
    dims = list(framework_for(workshop, n=2).dimensions.all()[:2])
    return [d.key for d in dims]


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.strip().encode(encoding) + b"\n"


def refused(workshop, data: bytes) -> list[str]:
    with pytest.raises(ValidationError) as info:
        benchmarks.import_reference_csv(workshop, data)
    assert not ReferenceSet.objects.filter(workshop=workshop).exists()
    assert not ReferenceValue.objects.filter(reference_set__workshop=workshop).exists()
    return info.value.messages


def stored(workshop) -> dict[str, dict[str, tuple]]:
    return {
        s.name: {v.dimension.key: (v.mean, v.spread, v.respondents) for v in s.values.all()}
        for s in ReferenceSet.objects.filter(workshop=workshop).prefetch_related("values")
    }


def test_good_file_is_stored(workshop, keys):
    data = csv_bytes(f"""
set,dimension,mean,spread,respondents,source,illustrative
Sweden,{keys[0]},3.4,0.8,120,Our survey 2024,false
Sweden,{keys[1]},2.95,1,120,,false
International,{keys[0]},3,0.5,,,
""")

    saved = benchmarks.import_reference_csv(workshop, data)

    assert [s.name for s in saved] == ["Sweden", "International"]
    assert stored(workshop) == {
        "Sweden": {
            keys[0]: (Decimal("3.40"), Decimal("0.80"), 120),
            keys[1]: (Decimal("2.95"), Decimal("1.00"), 120),
        },
        "International": {keys[0]: (Decimal("3.00"), Decimal("0.50"), None)},
    }
    sweden = ReferenceSet.objects.get(name="Sweden")
    assert (sweden.source, sweden.illustrative, sweden.shown) == ("Our survey 2024", False, True)
    # Without an "illustrative" value a set is labelled illustrative.
    assert ReferenceSet.objects.get(name="International").illustrative


def test_missing_column_is_refused(workshop, keys):
    data = csv_bytes(f"set,dimension,mean\nSweden,{keys[0]},3")

    assert refused(workshop, data) == ["The header is missing the column “spread”."]


def test_level_seven_is_refused_naming_the_line(workshop, keys):
    data = csv_bytes(f"""
set,dimension,mean,spread
Sweden,{keys[0]},3,0.5

Sweden,{keys[1]},7,0.5
""")

    assert refused(workshop, data) == ["Line 4: mean “7” is not a level between 1 and 5."]


def test_a_non_number_is_refused_naming_the_line(workshop, keys):
    data = csv_bytes(f"""
set,dimension,mean,spread
Sweden,{keys[0]},3,0.5
Sweden,{keys[1]},abc,0.5
""")

    assert refused(workshop, data) == ["Line 3: “abc” is not a number."]


@pytest.mark.parametrize(
    "mean, spread, problem",
    [
        ("1e309", "0.5", "mean “1e309” is not a level between 1 and 5."),
        ("3", "-9E+999999", "spread “-9E+999999” is not between 0 and 4."),
    ],
)
def test_a_number_too_large_to_round_is_out_of_range(workshop, keys, mean, spread, problem):
    """Found by fuzzing: rounding 1e309 to two places raised InvalidOperation (a 500)."""
    data = csv_bytes(f"""
set,dimension,mean,spread
Sweden,{keys[0]},{mean},{spread}
""")

    assert refused(workshop, data) == [f"Line 2: {problem}"]


def test_every_problem_is_listed_at_once(workshop, keys):
    data = csv_bytes(f"""
set,dimension,mean,spread,respondents
Sweden,nonsense,3,0.5,
Sweden,{keys[0]},3,5,
Sweden,{keys[1]},3,0.5,many
,{keys[1]},3,0.5,
Sweden,{keys[0]},2,0.5,
""")

    first = framework_for(workshop).dimensions.get(key=keys[0]).name

    messages = refused(workshop, data)

    assert messages[0].startswith("Line 2: “nonsense” is not a dimension of this workshop.")
    assert keys[0] in messages[0]
    assert messages[1:] == [
        "Line 3: spread “5” is not between 0 and 4.",
        "Line 4: respondents “many” is not a whole number above 0.",
        "Line 5: the set has no name.",
        f"Line 6: “Sweden” already has a row for “{first}” (line 3).",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"set,dimension,mean,spread\n", "The file has a header but no rows."),
        ("set,dimension,mean,spread\nSkåne,x,3,1\n".encode("latin-1"), "not UTF-8"),
        (b"x" * (benchmarks.MAX_BYTES + 1), "larger than 1 MB"),
    ],
)
def test_unreadable_files_are_refused(workshop, keys, data, message):
    assert message in " ".join(refused(workshop, data))


def test_more_than_5000_rows_are_refused(workshop, keys):
    rows = "".join(f"Set {i},{keys[0]},3,1\n" for i in range(benchmarks.MAX_ROWS + 1))

    messages = refused(workshop, b"set,dimension,mean,spread\n" + rows.encode())

    assert "more than 5000 rows" in messages[-1]


def test_decimal_comma_in_quotes(workshop, keys):
    data = csv_bytes(f'set,dimension,mean,spread\nSverige,{keys[0]},"3,4","0,75"')

    benchmarks.import_reference_csv(workshop, data)

    assert stored(workshop) == {"Sverige": {keys[0]: (Decimal("3.40"), Decimal("0.75"), None)}}


def test_unquoted_decimal_comma_in_a_comma_file_explains_the_fix(workshop, keys):
    data = csv_bytes(f"set,dimension,mean,spread\nSverige,{keys[0]},3,4,0,8")

    (message,) = refused(workshop, data)

    assert message.startswith("Line 2: the row has 6 values but the header has 4 columns.")
    assert "semicolons" in message


def test_semicolons_bom_any_column_order_and_dimension_names(workshop, keys):
    name = framework_for(workshop).dimensions.get(key=keys[1]).name
    data = "\ufeff" + (
        f"Dimension;MEAN;Set;Spread;Illustrative\n{keys[0].upper()};3,4;Sverige;0,8;ja\n"
        f"{name.lower()};2;Sverige;1;ja\n"
    )

    benchmarks.import_reference_csv(workshop, data.encode("utf-8"))

    assert stored(workshop) == {
        "Sverige": {
            keys[0]: (Decimal("3.40"), Decimal("0.80"), None),
            keys[1]: (Decimal("2.00"), Decimal("1.00"), None),
        }
    }
    assert ReferenceSet.objects.get(name="Sverige").illustrative


def test_a_set_with_the_same_name_is_replaced(workshop, keys):
    old = ReferenceSetFactory(workshop=workshop, name="Sweden", shown=False, position=4)
    ReferenceValueFactory(reference_set=old, dimension=framework_for(workshop).dimensions.first())
    other = ReferenceSetFactory(workshop=workshop, name="Nordics")

    benchmarks.import_reference_csv(
        workshop, csv_bytes(f"set,dimension,mean,spread\nSWEDEN,{keys[1]},4,0.5")
    )

    assert stored(workshop) == {
        "SWEDEN": {keys[1]: (Decimal("4.00"), Decimal("0.50"), None)},
        "Nordics": {},
    }
    replaced = ReferenceSet.objects.get(pk=old.pk)  # same row: keeps its place and switch
    assert (replaced.position, replaced.shown) == (4, False)
    assert ReferenceSet.objects.filter(pk=other.pk).exists()


def test_without_replace_a_taken_name_is_refused_and_nothing_changes(workshop, keys):
    ReferenceSetFactory(workshop=workshop, name="Sweden")
    data = csv_bytes(f"set,dimension,mean,spread\nNew,{keys[0]},3,1\nsweden,{keys[0]},4,0.5")

    with pytest.raises(ValidationError) as info:
        benchmarks.import_reference_csv(workshop, data, replace=False)

    assert info.value.messages == ["A set called “sweden” already exists."]
    assert list(ReferenceSet.objects.filter(workshop=workshop).values_list("name", flat=True)) == [
        "Sweden"
    ]


def test_demo_file_matches_the_default_framework_and_is_labelled_illustrative(workshop):
    default = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    default_keys = {d["key"] for d in default["dimensions"]}
    rows = list(
        csv.DictReader(io.StringIO(benchmarks.DEMO_REFERENCE_FILE.read_text(encoding="utf-8")))
    )

    assert {r["set"] for r in rows} == {"Sweden (illustrative)", "International (illustrative)"}
    for name in ("Sweden (illustrative)", "International (illustrative)"):
        assert {r["dimension"] for r in rows if r["set"] == name} == default_keys
    assert {r["illustrative"] for r in rows} == {"true"}
    assert {r["source"] for r in rows} == {
        "Illustrative example data made up for the demo — not survey results"
    }


def test_demo_sets_import_into_a_workshop_with_the_default_framework(workshop):
    if not workshop.framework.dimensions.filter(key="governance").exists():
        pytest.skip("the workshop did not get the default framework")

    saved = benchmarks.import_demo_sets(workshop)

    assert [(s.name, s.illustrative, s.values.count()) for s in saved] == [
        ("Sweden (illustrative)", True, 8),
        ("International (illustrative)", True, 8),
    ]
