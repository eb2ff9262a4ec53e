"""Entering a year's notice, the calendar in force, and `flask workdays`."""

from datetime import date

import pytest

from inspect_app.core.errors import DomainError
from inspect_app.workdays import forms, services

HOLIDAYS_2027 = "2027-01-01..2027-01-03, 2027-02-06至2027-02-13"


def enter_2027(world, make_up: str = "2027-02-20"):
    return services.enter_year(2027, holidays=forms.parse_days(HOLIDAYS_2027, year=2027, field="holidays"),
                               workdays=forms.parse_days(make_up, year=2027, field="workdays"),
                               actor_id=world.admin.id, note="国办发明电〔2026〕X号")


def test_without_2027_the_message_says_what_to_do(world):
    with pytest.raises(DomainError) as error:
        services.add_workdays(date(2026, 12, 30), 5)
    assert "尚未载入 2027 年" in error.value.message and "2004–2026" in error.value.message


def test_an_entered_year_counts_and_is_listed(world):
    enter_2027(world)
    assert services.add_workdays(date(2026, 12, 30), 5) == date(2027, 1, 7)
    assert services.add_workdays(date(2027, 2, 5), 1) == date(2027, 2, 15)
    assert services.add_workdays(date(2027, 2, 19), 1) == date(2027, 2, 20)  # the make-up Saturday
    assert "另录入 2027" in services.years_label()
    [(entry, holidays, make_up)] = services.entered_years()
    assert (entry.year, holidays, make_up, entry.entered_by_id) == (2027, 11, 1, world.admin.id)


def test_entering_a_year_again_replaces_it(world):
    enter_2027(world)
    enter_2027(world, make_up="")
    assert services.entered_years()[0][1:] == (11, 0)
    assert services.add_workdays(date(2027, 2, 19), 1) == date(2027, 2, 22)


@pytest.mark.parametrize("year,holidays,make_up,message", [
    (2026, "", "", "已由日历包提供"),
    (2027, "2027-01-04", "2027-01-04", "既放假又上班"),
    (2027, "", "2027-01-04", "调休上班日应是周末"),
])
def test_a_wrong_year_is_refused(world, year, holidays, make_up, message):
    with pytest.raises(DomainError, match=message):
        services.enter_year(year, holidays=forms.parse_days(holidays, year=year, field="holidays"),
                            workdays=forms.parse_days(make_up, year=year, field="workdays"), actor_id=None)


@pytest.mark.parametrize("text,message", [
    ("2027-13-01", "看不懂"), ("2026-12-31", "不在 2027 年"), ("2027-02-10..2027-02-01", "看不懂"),
    ("明天", "看不懂"), ("2027-01-01..2027-06-01", "看不懂"),
])
def test_day_lists_are_parsed_with_a_clear_message(text, message, app):
    with app.test_request_context(), pytest.raises(DomainError, match=message):
        forms.parse_days(text, year=2027, field="holidays")


def test_day_lists_accept_the_notice_forms(app):
    with app.test_request_context():
        days = forms.parse_days("2027-1-1、2027-01-02；2027-02-06 .. 2027-02-07", year=2027, field="holidays")
    assert days == [date(2027, 1, 1), date(2027, 1, 2), date(2027, 2, 6), date(2027, 2, 7)]


def test_cli_adds_working_days_and_enters_a_year(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["workdays", "add", "2026-09-30", "5"])
    assert result.exit_code == 0 and result.output.strip() == "2026-10-13"
    result = runner.invoke(args=["workdays", "add", "2026-12-30", "5"])
    assert result.exit_code != 0 and "尚未载入 2027 年" in result.output
    result = runner.invoke(args=["workdays", "enter", "2027", "--holidays", HOLIDAYS_2027,
                                 "--workdays", "2027-02-20"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["workdays", "add", "2026-12-30", "5"]).output.strip() == "2027-01-07"
    assert "2027" in runner.invoke(args=["workdays", "years"]).output
