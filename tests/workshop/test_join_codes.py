"""Join codes: easy to read off a projector, hard to guess, forgiving to type."""

import datetime

import pytest

from workshop.models import CODE_ALPHABET, CODE_LENGTH, new_join_code, normalise_code
from workshop.services import create_workshop

from ..factories import UserFactory


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ABCD-EFGH", "ABCDEFGH"),
        ("abcd-efgh", "ABCDEFGH"),
        ("  abcd efgh ", "ABCDEFGH"),
        ("ab-cd ef-gh", "ABCDEFGH"),
        ("ABCDEFGH", "ABCDEFGH"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_code_keeps_only_letters_and_digits_in_upper_case(typed, stored):
    assert normalise_code(typed) == stored


def test_new_join_code_has_the_code_length():
    assert len(new_join_code()) == CODE_LENGTH == 8


def test_new_join_code_uses_only_the_code_alphabet():
    codes = "".join(new_join_code() for _ in range(200))
    assert set(codes) <= set(CODE_ALPHABET)


def test_code_alphabet_leaves_out_characters_that_look_alike():
    assert not set("01OIL") & set(CODE_ALPHABET)


def test_new_join_codes_differ():
    assert len({new_join_code() for _ in range(200)}) == 200


def test_normalised_code_is_already_in_stored_form():
    code = new_join_code()
    assert normalise_code(code) == code


@pytest.mark.django_db
def test_display_code_splits_the_code_in_two():
    workshop = create_workshop(
        title="PMO day", date=datetime.date(2026, 5, 14), created_by=UserFactory()
    )
    assert workshop.display_code == f"{workshop.code[:4]}-{workshop.code[4:]}"
