"""Reference codes: read from paper and typed back, so a slip of the pen or the keyboard is caught."""
import random

import pytest

from feedback_app.tokens import (
    REFERENCE_ALPHABET, check_character, has_valid_check, new_reference_code, normalise_reference_code,
)

CODES = [new_reference_code() for _ in range(300)]


def _fixed_codes(count: int) -> list[str]:
    """The same codes on every run and every test worker (the test ids must agree)."""
    chooser = random.Random(20261204)
    codes = []
    for _ in range(count):
        chars = "".join(chooser.choice(REFERENCE_ALPHABET) for _ in range(7))
        chars += check_character(chars)
        codes.append(f"{chars[:4]}-{chars[4:]}")
    return codes


def test_codes_are_two_groups_of_unambiguous_characters_with_a_check():
    for code in CODES:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(REFERENCE_ALPHABET)
        assert has_valid_check(code)
    assert not set("01ILOS2Z5") & set(REFERENCE_ALPHABET)
    assert len(set(CODES)) == len(CODES)


@pytest.mark.parametrize("code", _fixed_codes(40))
def test_any_one_wrong_character_or_swapped_pair_is_caught(code):
    chars = code.replace("-", "")
    for position in range(8):
        for other in REFERENCE_ALPHABET.replace(chars[position], ""):
            assert not has_valid_check(chars[:position] + other + chars[position + 1:])
    for position in range(7):
        if chars[position] != chars[position + 1]:
            swapped = chars[:position] + chars[position + 1] + chars[position] + chars[position + 2:]
            assert not has_valid_check(swapped)


def test_typed_codes_are_read_whatever_the_spacing_and_case():
    code = CODES[0]
    typed = f" {code[:2].lower()} {code[2:4]}{code[5:].lower()} "
    assert normalise_reference_code(typed) == code
    assert not has_valid_check(normalise_reference_code("K7QM"))
