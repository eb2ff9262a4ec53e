"""The areas' quarterly score (镇街考评): coverage, on-time rate, working days to close, reports in time,
satisfaction, the re-weighting of missing measures. Pure functions."""

from datetime import date
from decimal import Decimal as D

import pytest

from inspect_app.assessment import area_rules, rules
from inspect_app.assessment.area_rules import AreaInput, Report
from inspect_app.workdays.rules import Calendar

CALENDAR = Calendar()


def test_default_weights_add_up_to_one():
    assert sum(area_rules.WEIGHTS.values()) == 1
    assert set(area_rules.WEIGHTS) == set(area_rules.MEASURES)


def test_coverage_caps_each_neighbourhood_at_its_plan():
    # 5 planned in 1 (7 done: 2 beyond the plan do not count), 3 planned in 2 (1 done), 2 planned in 3 (none)
    assert area_rules.coverage({1: 7, 2: 1, 4: 9}, {1: 5, 2: 3, 3: 2}) == (6, 10)
    assert area_rules.coverage({}, {}) == (0, 0)


def test_all_five_measures_weighted():
    data = AreaInput(planned=10, done=8, closed=4, closed_on_time=3, overdue=1, close_days=4 * 10, reports=5,
                     reports_in_time=4, satisfaction=D("90"))
    result = area_rules.area_score(data)
    assert result.coverage == D("0.8000") and result.on_time_rate == D("0.6000")
    assert result.avg_days == D("10.0") and result.reports_rate == D("0.8000")
    # speed: 10 days is 15 of the 20 days from 5 to 25 before nothing is left → 75
    assert result.measures == {"coverage": D("80.00"), "on_time": D("60.00"), "speed": D("75.00"),
                               "reports": D("80.00"), "satisfaction": D("90")}
    assert result.parts == {"coverage": D("20.00"), "on_time": D("15.00"), "speed": D("11.25"),
                            "reports": D("12.00"), "satisfaction": D("18.00")}
    assert result.total == D("76.25") and result.is_rated


def test_missing_satisfaction_reweights_the_others():
    data = AreaInput(planned=4, done=4, closed=2, closed_on_time=2, close_days=2, reports=1, reports_in_time=1)
    result = area_rules.area_score(data)
    assert result.weights["satisfaction"] == 0
    assert result.weights["coverage"] == D("0.25") / D("0.8") == D("0.3125")
    assert sum(result.weights.values()) == 1
    assert result.total == D("100.00")  # everything perfect, whatever the weights
    half = area_rules.area_score(AreaInput(planned=2, done=1))  # only coverage measured: it is the whole score
    assert half.weights["coverage"] == 1 and half.total == D("50.00")


def test_nothing_measured_is_not_rated():
    result = area_rules.area_score(AreaInput())
    assert result.total is None and not result.is_rated and result.parts == {}


def test_speed_is_linear_between_full_and_zero():
    assert area_rules.speed_score(D("0")) == area_rules.speed_score(D("5")) == D(100)
    assert area_rules.speed_score(D("15")) == D("50.00")
    assert area_rules.speed_score(D("25")) == area_rules.speed_score(D("40")) == D(0)


def test_working_days_across_the_national_day_holiday_at_a_quarter_boundary():
    # raised on the last day of 2025Q3, closed after the 8-day holiday: one working day (Oct 9)
    assert area_rules.working_days(CALENDAR, date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert area_rules.working_days(CALENDAR, date(2025, 6, 27), date(2025, 7, 4)) == 5  # Q2 → Q3, no holiday
    assert area_rules.working_days(CALENDAR, date(2025, 5, 6), date(2025, 5, 6)) == 0  # closed the day raised


def test_a_year_without_calendar_counts_monday_to_friday():
    unknown = 2099
    assert not CALENDAR.knows(unknown)
    assert area_rules.working_days(CALENDAR, date(unknown, 1, 2), date(unknown, 1, 9)) == 5


def test_reports_judged_by_their_triage_day():
    cutoff = date(2025, 10, 1)  # the day after 2025Q3 ended
    reports = [Report(date(2025, 9, 30), date(2025, 10, 10)),  # due Oct 10 (holiday), handled after the cutoff
               Report(date(2025, 9, 1), date(2025, 9, 3)),  # Monday → Wednesday: in time
               Report(date(2025, 9, 1), date(2025, 9, 4)),  # one day late
               Report(date(2025, 9, 1)),  # never handled and past due: judged, not in time
               Report(date(2025, 9, 29))]  # due Oct 9, not yet past at the cutoff: not judged
    assert area_rules.report_due(CALENDAR, date(2025, 9, 30)) == date(2025, 10, 10)
    assert area_rules.judge_reports(reports, CALENDAR, cutoff) == (3, 1)
    assert area_rules.judge_reports([Report(date(2025, 9, 29), date(2025, 9, 30))], CALENDAR, cutoff) == (1, 1)


def test_subdistrict_counts_are_the_sum_of_its_communities():
    total = AreaInput(satisfaction=D(80))
    total.add(AreaInput(planned=3, done=2, closed=1, closed_on_time=1, close_days=4, reports=2, reports_in_time=1))
    total.add(AreaInput(planned=5, done=5, closed=2, overdue=1, close_days=6, satisfaction=D(10)))
    assert (total.planned, total.done, total.closed, total.closed_on_time, total.overdue, total.close_days,
            total.reports, total.reports_in_time, total.satisfaction) == (8, 7, 3, 1, 1, 10, 2, 1, D(80))


def test_ranks_and_movement_reuse_the_company_rules():
    totals = {1: area_rules.area_score(AreaInput(planned=2, done=2)).total,
              2: area_rules.area_score(AreaInput(planned=2, done=1)).total,
              3: area_rules.area_score(AreaInput(planned=4, done=2)).total, 4: None}
    ranks = rules.competition_ranks(totals)
    assert ranks == {1: 1, 2: 2, 3: 2}
    assert rules.movement(ranks[2], 1) == rules.Movement(rules.Trend.DOWN, 1)


@pytest.mark.parametrize("data", [AreaInput(planned=1, done=2), AreaInput(reports=1, reports_in_time=2),
                                  AreaInput(satisfaction=D(101)), AreaInput(closed=-1)])
def test_impossible_inputs_are_refused(data):
    with pytest.raises(ValueError):
        area_rules.area_score(data)
