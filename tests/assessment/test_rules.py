"""The quarterly score formula, ranking, movement, on-time rate, extremes and period moves: pure functions."""

from datetime import date
from decimal import Decimal as D

import pytest

from inspect_app.assessment import rules
from inspect_app.assessment.rules import CategoryPoints, CompanyInput, PatrolSum, Settings, Trend

DEFAULT = Settings()


def score(*, neighborhoods=None, special=None, overdue=0, sent_back=0, settings=DEFAULT, categories=None):
    data = CompanyInput(neighborhoods if neighborhoods is not None else {1: PatrolSum.of(90, 90, 90)},
                        None if special is None else D(special), overdue, sent_back, categories or {})
    return rules.company_score(data, settings)


def test_defaults_are_the_districts_formula():
    assert DEFAULT == Settings(D("0.6"), D("0.4"), D("0.5"), D("1"), D("10"), 3)


def test_weighted_total_of_patrols_and_special():
    result = score(neighborhoods={1: PatrolSum.of(80, 90, 100)}, special=70)
    assert result.patrol_mean == D("90.00")
    assert (result.patrol_part, result.special_part) == (D("54.00"), D("28.00"))
    assert result.total == D("82.00") and result.is_rated


def test_patrol_mean_is_the_mean_of_neighbourhood_means():
    # 4 patrols at 100 in one compound and 1 at 60 in another: 80, not the patrol mean of 92.
    result = score(neighborhoods={1: PatrolSum.of(100, 100, 100, 100), 2: PatrolSum.of(60)})
    assert result.patrol_mean == D("80.00") and result.patrol_count == 5 and result.neighborhood_count == 2


def test_neighbourhood_without_patrols_is_ignored():
    assert rules.patrol_mean({1: PatrolSum.of(88), 2: PatrolSum(D(0), 0)}) == D("88.00")
    assert rules.patrol_mean({}) is None


def test_patrol_mean_is_rounded_half_up_to_cents():
    assert rules.patrol_mean({1: PatrolSum.of("90.005", "90.005")}) == D("90.01")
    assert rules.patrol_mean({1: PatrolSum.of(90, 91, 91)}) == D("90.67")


def test_missing_special_counts_the_patrol_part_alone_at_full_weight():
    result = score(neighborhoods={1: PatrolSum.of(85, 85, 85)})
    assert result.is_special_missing
    assert (result.patrol_weight, result.special_weight) == (D(1), D(0))
    assert result.total == D("85.00") and result.special_part == D(0)


def test_special_of_zero_is_not_missing():
    result = score(neighborhoods={1: PatrolSum.of(100, 100, 100)}, special=0)
    assert not result.is_special_missing and result.total == D("60.00")


@pytest.mark.parametrize("overdue,sent_back,penalty", [
    (0, 0, "0"), (1, 0, "0.5"), (0, 1, "1"), (3, 2, "3.5"), (20, 0, "10"), (4, 8, "10"), (0, 11, "10"),
])
def test_penalties_and_their_cap(overdue, sent_back, penalty):
    result = score(special=90, overdue=overdue, sent_back=sent_back)
    assert result.penalty == D(penalty)
    assert result.total == D("90.00") - D(penalty)


def test_uncapped_penalty_is_kept_for_the_breakdown():
    result = score(special=90, overdue=10, sent_back=8)
    assert (result.penalty, result.penalty_uncapped) == (D("10.00"), D("13.00"))


def test_total_never_goes_below_zero():
    settings = Settings(penalty_cap=D(100), sent_back_penalty=D(50))
    assert score(neighborhoods={1: PatrolSum.of(10, 10, 10)}, special=0, sent_back=3, settings=settings).total == 0


def test_admin_weights_and_penalties_are_applied():
    settings = Settings(D("0.7"), D("0.3"), D("2"), D("3"), D("4"), 1)
    result = score(neighborhoods={1: PatrolSum.of(80)}, special=100, overdue=1, sent_back=1, settings=settings)
    assert result.total == D("56.00") + D("30.00") - D("4.00")


def test_parts_add_up_to_the_total_exactly():
    result = score(neighborhoods={1: PatrolSum.of("87.33", "91.17", "78.06"), 2: PatrolSum.of("93.4")},
                   special="88.35", overdue=1)
    assert result.total == result.patrol_part + result.special_part - result.penalty


@pytest.mark.parametrize("patrols,rated", [(0, False), (1, False), (2, False), (3, True), (7, True)])
def test_rated_only_with_min_patrols(patrols, rated):
    neighborhoods = {1: PatrolSum.of(*[90] * patrols)} if patrols else {}
    result = score(neighborhoods=neighborhoods, special=95)
    assert result.is_rated is rated and result.patrol_count == patrols
    assert (result.total is not None) is rated


def test_not_rated_still_explains_itself():
    result = score(neighborhoods={1: PatrolSum.of(70, 80)}, special=90, overdue=2)
    assert result.total is None and result.patrol_mean == D("75.00") and result.penalty == D("1.00")


def test_min_patrols_counts_across_neighbourhoods():
    result = score(neighborhoods={1: PatrolSum.of(90), 2: PatrolSum.of(80), 3: PatrolSum.of(70)})
    assert result.is_rated


def test_category_percentages():
    categories = {"H": CategoryPoints(D(27), D(30)), "Q": CategoryPoints(D(20), D(20)),
                  "G": CategoryPoints(D(0), D(0)), "S": CategoryPoints(D("6.5"), D(9))}
    assert score(categories=categories).categories == {"H": D("90.00"), "Q": D("100.00"), "S": D("72.22")}


@pytest.mark.parametrize("bad", ["-0.01", "100.01"])
def test_special_outside_0_100_is_refused(bad):
    with pytest.raises(ValueError):
        score(special=bad)


@pytest.mark.parametrize("kwargs", [
    {"patrol_weight": D("0.5")}, {"patrol_weight": D("1.2"), "special_weight": D("-0.2")},
    {"overdue_penalty": D(-1)}, {"penalty_cap": D(-1)}, {"min_patrols": 0},
])
def test_settings_refuse_nonsense(kwargs):
    with pytest.raises(ValueError):
        Settings(**kwargs)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        rules.penalty(-1, 0, DEFAULT)


def test_competition_ranking_shares_ranks_on_ties():
    totals = {1: D("90"), 2: D("85"), 3: D("85"), 4: D("80"), 5: None, 6: D("95")}
    assert rules.competition_ranks(totals) == {6: 1, 1: 2, 2: 3, 3: 3, 4: 5}


def test_competition_ranking_all_tied_and_empty():
    assert rules.competition_ranks({1: D(80), 2: D(80), 3: D(80)}) == {1: 1, 2: 1, 3: 1}
    assert rules.competition_ranks({1: None}) == {}


@pytest.mark.parametrize("rank,previous,trend,places", [
    (2, 46, Trend.UP, 44), (6, 23, Trend.UP, 17), (5, 3, Trend.DOWN, 2), (4, 4, Trend.SAME, 0), (1, None, Trend.NEW, 0),
])
def test_movement(rank, previous, trend, places):
    assert rules.movement(rank, previous) == rules.Movement(trend, places)


def test_no_movement_when_not_ranked_now():
    assert rules.movement(None, 3) is None


@pytest.mark.parametrize("on_time,closed,overdue,rate", [
    (3, 4, 0, "0.75"), (6, 6, 2, "0.75"), (0, 0, 3, "0"), (2, 3, 0, "0.6667"), (5, 5, 0, "1"),
])
def test_on_time_rate(on_time, closed, overdue, rate):
    assert rules.on_time_rate(on_time, closed, overdue) == D(rate)


def test_on_time_rate_with_nothing_to_judge():
    assert rules.on_time_rate(0, 0, 0) is None


def test_on_time_rate_refuses_impossible_counts():
    with pytest.raises(ValueError):
        rules.on_time_rate(3, 2, 0)


def test_best_and_worst_per_category_with_ties():
    scores = {1: {"H": D(90), "Q": D(80)}, 2: {"H": D(95), "Q": D(80)}, 3: {"H": D(70)}}
    extremes = {e.code: e for e in rules.category_extremes(scores)}
    assert set(extremes) == {"H", "Q"}
    assert (extremes["H"].best, extremes["H"].best_ids, extremes["H"].worst, extremes["H"].worst_ids) == (
        D(95), (2,), D(70), (3,))
    assert extremes["Q"].best_ids == (1, 2) == extremes["Q"].worst_ids


@pytest.mark.parametrize("current,target,allowed", [
    ("open", "closed", True), ("closed", "published", True), ("closed", "open", True), ("published", "open", True),
    ("open", "published", False), ("published", "closed", False), ("open", "open", False),
])
def test_period_moves(current, target, allowed):
    assert rules.can_move_period(current, target) is allowed


@pytest.mark.parametrize("code,bounds", [
    ("2026Q1", (date(2026, 1, 1), date(2026, 3, 31))), ("2026Q2", (date(2026, 4, 1), date(2026, 6, 30))),
    ("2024q1", (date(2024, 1, 1), date(2024, 3, 31))), ("2026Q4", (date(2026, 10, 1), date(2026, 12, 31))),
])
def test_quarter_bounds(code, bounds):
    assert rules.quarter_bounds(code) == bounds


@pytest.mark.parametrize("bad", ["2026Q5", "2026Q0", "26Q1", "2026-Q1", "", "1999Q1", "2026Q1x"])
def test_bad_quarter_codes(bad):
    with pytest.raises(ValueError):
        rules.quarter_bounds(bad)


def test_quarter_code_and_previous():
    assert rules.quarter_code(date(2026, 11, 28)) == "2026Q4"
    assert rules.previous_quarter("2026Q4") == "2026Q3"
    assert rules.previous_quarter("2026Q1") == "2025Q4"
