"""Working-day arithmetic by the statutory calendar, without a database."""

from datetime import date

import pytest

from inspect_app.workdays.rules import Calendar, UnknownYear

PACKAGE = Calendar()


@pytest.mark.parametrize("start,count,expected", [
    # National Day 2026: 1–7 October off, Saturday 10 October worked (调休).
    (date(2026, 9, 30), 1, date(2026, 10, 8)),
    (date(2026, 9, 30), 3, date(2026, 10, 10)),
    (date(2026, 9, 30), 5, date(2026, 10, 13)),
    # Sunday 20 September 2026 is a make-up working day before it.
    (date(2026, 9, 18), 1, date(2026, 9, 20)),
    # Spring Festival 2026: 15–23 February off, Saturdays 14 and 28 February worked.
    (date(2026, 2, 13), 1, date(2026, 2, 14)),
    (date(2026, 2, 13), 2, date(2026, 2, 24)),
    (date(2026, 2, 27), 1, date(2026, 2, 28)),
    (date(2026, 2, 27), 2, date(2026, 3, 2)),
    # An ordinary week, and going back.
    (date(2026, 11, 27), 1, date(2026, 11, 30)),
    (date(2026, 11, 30), -1, date(2026, 11, 27)),
    (date(2026, 11, 30), 0, date(2026, 11, 30)),
])
def test_add_working_days_across_the_2026_holidays(start, count, expected):
    assert PACKAGE.add(start, count) == expected


def test_between_counts_how_late_in_working_days():
    assert PACKAGE.between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert PACKAGE.between(date(2026, 10, 13), date(2026, 9, 30)) == 0


def test_a_year_the_package_lacks_is_refused_until_entered():
    with pytest.raises(UnknownYear) as missing:
        PACKAGE.add(date(2026, 12, 30), 5)
    assert missing.value.year == 2027
    new_year = {date(2027, 1, 1): False, date(2027, 1, 2): False, date(2027, 1, 3): False}
    entered = Calendar(entered=new_year, entered_years=frozenset({2027}))
    assert entered.knows(2027) and not PACKAGE.knows(2027)
    # 31 Dec (Thursday) is the first; 1–3 January off; then Monday 4 to Thursday 7.
    assert entered.add(date(2026, 12, 30), 5) == date(2027, 1, 7)


def test_an_entered_day_corrects_the_package():
    corrected = Calendar(entered={date(2026, 11, 30): False})
    assert corrected.add(date(2026, 11, 27), 1) == date(2026, 12, 1)


def test_an_absurd_count_is_refused():
    with pytest.raises(ValueError):
        PACKAGE.add(date(2026, 1, 5), 10_000)
