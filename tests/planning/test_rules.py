"""Planning rules without HTTP: the floor for every company, reproducible random picks, due dates, urgency,
the at-risk flag and the quarter a patrol falls in at the boundary (China time)."""

from collections import defaultdict
from datetime import UTC, date, datetime, time

from inspect_app.assessment.rules import Settings
from inspect_app.core.time import LOCAL_TZ
from inspect_app.planning import rules

FLOOR = Settings().min_patrols
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _places():
    # company 1: one neighbourhood; 2: two; 3: five (more than the floor); one without a company
    places = [rules.Place(1, 1), rules.Place(2, 2), rules.Place(3, 2)]
    places += [rules.Place(n, 3) for n in range(10, 15)] + [rules.Place(99, None)]
    return places


def test_generation_meets_the_floor_for_every_company():
    places = _places()
    lines = rules.generate(places, [7, 8, 9], FLOOR)
    company_of = {p.neighborhood_id: p.company_id for p in places}
    totals: dict = defaultdict(int)
    for line in lines:
        totals[company_of[line.neighborhood_id]] += line.count
    assert totals[1] >= FLOOR and totals[2] >= FLOOR and totals[3] >= FLOOR
    assert totals[1] == FLOOR and totals[2] == FLOOR and totals[3] == 5  # spread: each neighbourhood at least one
    assert {line.neighborhood_id for line in lines} == {p.neighborhood_id for p in places}
    assert all(line.count >= 1 and not line.is_random for line in lines)


def test_lines_are_spread_evenly_across_inspectors():
    lines = rules.generate(_places(), [7, 8, 9], FLOOR)
    load: dict = defaultdict(int)
    for line in lines:
        load[line.inspector_id] += line.count
    assert set(load) == {7, 8, 9}
    assert max(load.values()) - min(load.values()) <= 1
    assert rules.generate(_places(), [], FLOOR)[0].inspector_id is None  # nobody to assign: unassigned


def test_random_picks_are_reproducible_from_their_seed():
    ids = list(range(1, 41))
    one = rules.draw_random(ids, [7, 8], seed=20260401, picks=4, starts_on=Q1[0], ends_on=Q1[1])
    again = rules.draw_random(reversed(ids), [8, 7], seed=20260401, picks=4, starts_on=Q1[0], ends_on=Q1[1])
    other = rules.draw_random(ids, [7, 8], seed=20260402, picks=4, starts_on=Q1[0], ends_on=Q1[1])
    assert one == again
    assert one != other
    assert len({line.neighborhood_id for line in one}) == 4
    assert all(line.is_random and line.count == 1 and Q1[0] <= line.due_on <= Q1[1] for line in one)
    assert rules.random_count(40) == 4 and rules.random_count(3) == 1 and rules.random_count(0) == 0


def test_due_dates_spread_over_the_quarter_the_last_on_its_last_day():
    assert rules.due_dates(3, *Q1) == [date(2026, 1, 30), date(2026, 3, 1), date(2026, 3, 31)]
    assert rules.due_dates(1, *Q1) == [date(2026, 3, 31)]


def test_urgency_overdue_then_due_this_week_then_random_then_later():
    kwargs = dict(is_random=False, due_on=None, starts_on=Q1[0], ends_on=Q1[1])
    assert rules.urgency(count=3, done=0, today=date(2026, 2, 2), **kwargs)[0] == rules.Urgency.OVERDUE
    assert rules.urgency(count=3, done=1, today=date(2026, 2, 2), **kwargs)[0] == rules.Urgency.LATER
    assert rules.urgency(count=3, done=0, today=date(2026, 1, 27), **kwargs) == (rules.Urgency.DUE, date(2026, 1, 30))
    assert rules.urgency(count=3, done=3, today=date(2026, 1, 27), **kwargs)[0] == rules.Urgency.DONE
    pick = dict(is_random=True, starts_on=Q1[0], ends_on=Q1[1], count=1, done=0)
    assert rules.urgency(due_on=date(2026, 3, 1), today=date(2026, 2, 2), **pick)[0] == rules.Urgency.RANDOM
    assert rules.urgency(due_on=date(2026, 2, 4), today=date(2026, 2, 2), **pick)[0] == rules.Urgency.DUE
    assert rules.urgency(due_on=date(2026, 2, 1), today=date(2026, 2, 2), **pick)[0] == rules.Urgency.OVERDUE


def test_patrols_fill_regular_lines_before_random_picks():
    lines = [(1, 10, False, 2), (2, 10, True, 1), (3, 11, False, 1)]
    assert rules.allocate(lines, {10: 2, 11: 5}) == {1: 2, 2: 0, 3: 1}
    assert rules.allocate(lines, {10: 3}) == {1: 2, 2: 1, 3: 0}


def test_at_risk_only_from_mid_quarter_and_at_the_pace_so_far():
    kwargs = dict(starts_on=Q1[0], ends_on=Q1[1])
    assert not rules.at_risk(0, FLOOR, today=date(2026, 2, 1), **kwargs)  # before mid-quarter: not yet flagged
    assert rules.at_risk(0, FLOOR, today=date(2026, 2, 15), **kwargs)
    assert rules.at_risk(1, FLOOR, today=date(2026, 2, 15), **kwargs)  # 1 by mid-quarter → 2 by its end
    assert not rules.at_risk(2, FLOOR, today=date(2026, 2, 15), **kwargs)
    assert not rules.at_risk(FLOOR, FLOOR, today=date(2026, 3, 31), **kwargs)
    assert rules.at_risk(2, FLOOR, today=date(2026, 3, 31), **kwargs)


def test_a_patrol_at_2359_china_time_on_the_last_day_of_q1_is_in_q1():
    last = datetime.combine(date(2026, 3, 31), time(23, 59), tzinfo=LOCAL_TZ).astimezone(UTC)
    first = datetime.combine(date(2026, 4, 1), time(0, 0), tzinfo=LOCAL_TZ).astimezone(UTC)
    assert last.date() == date(2026, 3, 31) and first.date() == date(2026, 3, 31)  # both on 31 March in UTC
    assert rules.quarter_of(last) == "2026Q1"
    assert rules.quarter_of(first) == "2026Q2"
    assert rules.quarter_of(first.replace(tzinfo=None)) == "2026Q2"  # a naive stored instant is UTC


def test_share_is_capped_and_an_empty_plan_is_complete():
    assert rules.share(2, 3) == 66 and rules.share(5, 3) == 100 and rules.share(0, 0) == 100


def test_a_line_goes_only_to_an_inspector_who_may_patrol_its_neighbourhood():
    eligible = {7: {1, 2, 3}, 8: {99}}  # 8 works in one community only
    lines = rules.generate(_places(), [7, 8], FLOOR, eligible)
    owner = {line.neighborhood_id: line.inspector_id for line in lines}
    assert owner[99] == 8 and owner[1] == owner[2] == 7
    assert all(owner[n] is None for n in range(10, 15))  # nobody may patrol them: unassigned
    picks = rules.draw_random([10, 99], [7, 8], seed=1, picks=2, starts_on=Q1[0], ends_on=Q1[1], eligible=eligible)
    assert {line.neighborhood_id: line.inspector_id for line in picks} == {10: None, 99: 8}
