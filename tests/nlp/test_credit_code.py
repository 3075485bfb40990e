"""统一社会信用代码 check character (GB 32100-2015)."""

from __future__ import annotations

import pytest

from nlp import credit_code

# Public codes whose check character we verified by computation (both the GB 32100 check character and
# the GB 11714 organisation-code check of positions 9–17 hold).
KNOWN_VALID = ["91110000100017643K", "91310000MA1FL1MMXL", "91440300708461136T", "91110108551385082Q"]


def test_weights_are_powers_of_three_mod_31() -> None:
    assert credit_code.WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert len(credit_code.CHARSET) == 31 and not set("IOZSV") & set(credit_code.CHARSET)


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_public_codes_are_valid(code: str) -> None:
    chk = credit_code.validate(code)
    assert chk.valid and chk.reason == "" and chk.org_code_ok is True


def test_check_character_of_a_public_code() -> None:
    assert credit_code.check_char("91110000100017643") == "K"
    assert credit_code.org_check_char("10001764") == "3"


def test_constructed_codes_round_trip_and_single_changes_fail() -> None:
    for body in ("91120116MA05JXX40", "12100000400000624", "52120000MJ0000000", "Y1120000MC1234567"):
        code = credit_code.complete(body)
        assert credit_code.is_valid(code)
        wrong = code[:17] + next(c for c in credit_code.CHARSET if c != code[17])
        chk = credit_code.validate(wrong)
        assert not chk.valid and chk.expected_check == code[17] and "校验码" in chk.reason


@pytest.mark.parametrize(
    ("code", "word"),
    [
        ("9111000010001764", "18位"),  # too short
        ("91110000100017643I", "不允许"),  # I is not in the charset
        ("", "为空"),
        ("X1110000100017643K", "登记管理部门"),
        ("9111A000100017643K", "行政区划码"),
    ],
)
def test_invalid_shapes(code: str, word: str) -> None:
    chk = credit_code.validate(code)
    assert not chk.valid and word in chk.reason


def test_cleaning_full_width_and_spaces() -> None:
    assert credit_code.is_valid("９１１１００００１０００１７６４３ｋ")
    assert credit_code.is_valid("9111 0000 1000 1764 3K")
