"""The pure rules of 督办: which levels are due after how many working days overdue, numbers, a staff level."""

import pytest

from inspect_app.escalations import rules
from inspect_app.escalations.rules import Level


@pytest.mark.parametrize(("late", "step", "levels"), [
    (0, 3, ()), (2, 3, ()), (3, 3, (Level.COMMUNITY,)), (5, 3, (Level.COMMUNITY,)),
    (6, 3, (Level.COMMUNITY, Level.SUBDISTRICT)), (9, 3, rules.LEVELS), (40, 3, rules.LEVELS),
    (1, 1, (Level.COMMUNITY,)), (-4, 1, ()),
])
def test_each_step_of_n_working_days_goes_up_one_level(late, step, levels):
    assert rules.levels_due(late, step) == levels


def test_the_step_is_at_least_one_working_day():
    with pytest.raises(ValueError):
        rules.levels_due(5, 0)


def test_the_top_level_reached():
    assert rules.top_level([]) is None
    assert rules.top_level([Level.SUBDISTRICT, Level.COMMUNITY]) == Level.SUBDISTRICT


def test_numbers_have_their_own_series_format():
    assert rules.format_number("经开督办〔{year}〕第{seq:04d}号", 2026, 7) == "经开督办〔2026〕第0007号"


def test_a_staff_account_works_at_the_level_of_its_area():
    assert rules.level_of_area(None, 5) == Level.COMMUNITY
    assert rules.level_of_area(2, None) == Level.SUBDISTRICT
    assert rules.level_of_area(None, None) == Level.DISTRICT
