"""The survey's pure rules: one household however it is written, the 0–100 scale, the response rate."""

from datetime import date
from decimal import Decimal

import pytest

from inspect_app.survey import rules


@pytest.mark.parametrize(("building", "room"), [
    ("3号楼", "2单元301"), ("3", "2-301"), (" 三号楼 ", "二单元 301室"), ("３栋", "2—301"), ("3幢", "2单元301号"),
])
def test_one_household_however_written(building, room):
    assert rules.household_key(building, room) == "3|2-301"


def test_other_households_differ_and_missing_parts_are_none():
    assert rules.household_key("3号楼", "2单元302") != rules.household_key("3号楼", "2单元301")
    assert rules.household_key("十二号楼", "101") == "12|101"
    assert rules.household_key("二十一栋", "101") == "21|101"
    assert rules.household_key("", "301") is None
    assert rules.household_key("3号楼", "  ") is None


def test_quarter_of_a_day():
    assert rules.quarter_of(date(2026, 12, 31)) == "2026Q4"
    assert rules.quarter_of(date(2026, 4, 1)) == "2026Q2"


def test_points_are_twenty_per_step():
    assert rules.points(Decimal(5)) == Decimal("100.00")
    assert rules.points(Decimal("4.25")) == Decimal("85.00")
    assert rules.points(Decimal(1)) == Decimal("20.00")


def test_company_points_are_the_mean_of_neighbourhood_means():
    # 4.5 and 3.0 → 3.75 → 75.00, whatever the number of answers behind each
    assert rules.company_points([Decimal("4.5"), Decimal(3)]) == Decimal("75.00")
    assert rules.company_points([Decimal(13) / 3]) == Decimal("86.67")
    assert rules.company_points([]) is None


def test_response_rate():
    assert rules.response_rate(30, 400) == Decimal("0.0750")
    assert rules.response_rate(3, None) is None
    assert rules.response_rate(3, 0) is None


def test_answers_are_one_to_five():
    assert [v for v in range(-1, 8) if rules.is_answer(v)] == [1, 2, 3, 4, 5]
