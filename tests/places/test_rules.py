"""Pure rules of places: the credit code's check character, who served on a day, the closing day of a period."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from inspect_app.places import rules

# Published codes of real companies (their check characters are a digit and a letter).
REAL_CODES = ["914403001922038216", "91110000600037341L"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_pass(code):
    assert rules.is_credit_code(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_any_other_check_character_fails(code):
    for other in rules.CREDIT_CODE_CHARS.replace(code[-1], ""):
        assert not rules.is_credit_code(code[:-1] + other)


@pytest.mark.parametrize("code", [
    "", "91440300192203821", "9144030019220382166",  # too short, too long
    "91440300192203821I", "914403001922O38216",  # I and O are not in the alphabet
    "91AB0300192203821X",  # the region (positions 3-8) is six digits
    "914403001922038216".lower().replace("9", "9 "),
])
def test_malformed_codes_fail(code):
    assert not rules.is_credit_code(code)


def test_check_character_of_a_made_up_code_makes_it_valid():
    first17 = "91130700MA0CXXQK0"
    assert rules.is_credit_code(first17 + rules.credit_code_check_char(first17))


def test_normalise_uppercases_and_strips():
    assert rules.normalise_credit_code(" 91110000600037341l ") == "91110000600037341L"


@dataclass
class P:
    starts_on: date
    ends_on: date | None
    company: str | None


@dataclass
class N:
    service_periods: list = field(default_factory=list)


def test_company_serving_picks_the_period_covering_the_day():
    n = N([P(date(2024, 1, 1), date(2025, 6, 30), "九州物业"), P(date(2025, 7, 1), None, "嘉家物业")])
    assert rules.company_serving(n, date(2023, 12, 31)) is None
    assert rules.company_serving(n, date(2024, 1, 1)) == "九州物业"
    assert rules.company_serving(n, date(2025, 6, 30)) == "九州物业"
    assert rules.company_serving(n, date(2025, 7, 1)) == "嘉家物业"
    assert rules.company_serving(n, date(2030, 1, 1)) == "嘉家物业"


def test_a_no_company_period_serves_nobody():
    n = N([P(date(2024, 1, 1), date(2024, 12, 31), "九州物业"), P(date(2025, 1, 1), None, None)])
    assert rules.company_serving(n, date(2025, 3, 1)) is None
    assert rules.open_period(n.service_periods) is n.service_periods[1]


def test_closing_day_is_the_day_before():
    assert rules.closing_day(date(2024, 1, 1), date(2025, 7, 1), date(2025, 8, 1)) == date(2025, 6, 30)
    assert rules.closing_day(None, date(2025, 7, 1), date(2025, 8, 1)) is None


@pytest.mark.parametrize(("starts", "on", "code"), [
    (date(2025, 7, 1), date(2025, 6, 1), "before_open"),
    (date(2025, 7, 1), date(2025, 9, 1), "future"),
])
def test_closing_day_refusals(starts, on, code):
    with pytest.raises(rules.ChangeRefused, match=code):
        rules.closing_day(starts, on, date(2025, 8, 1))
