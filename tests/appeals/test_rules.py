"""Appeal rules without HTTP: the window in working days (across the National Day holiday and its 调休 Saturday),
the decisions allowed, what can be contested, and the score arithmetic an overturn makes."""

from datetime import date
from decimal import Decimal

import pytest

from inspect_app.appeals import rules
from inspect_app.appeals.rules import AppealState, AppealTarget
from inspect_app.assessment import rules as assessment_rules
from inspect_app.checklists import rules as checklist_rules
from inspect_app.findings import rules as finding_rules
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.workdays.rules import Calendar


def test_window_is_five_working_days_across_national_day():
    # Issued 30 September 2026: 1–7 October are holidays, Saturday 10 October is a make-up working day (调休).
    last = Calendar().add(date(2026, 9, 30), rules.WINDOW_WORKDAYS)
    assert last == date(2026, 10, 13)  # 8, 9, 10 (Sat, 调休), 12, 13 October
    assert rules.within_window(date(2026, 10, 13), last)
    assert not rules.within_window(date(2026, 10, 14), last)
    assert rules.within_window(date(2026, 10, 7), last)  # a holiday inside the window counts as inside


def test_window_on_ordinary_weeks():
    assert Calendar().add(date(2026, 12, 2), rules.WINDOW_WORKDAYS) == date(2026, 12, 9)


def test_only_an_open_appeal_is_decided_and_only_upheld_or_overturned():
    rules.check_decision(AppealState.OPEN, AppealState.UPHELD)
    rules.check_decision(AppealState.OPEN, AppealState.OVERTURNED)
    for current, decision in ((AppealState.UPHELD, AppealState.OVERTURNED), (AppealState.OVERTURNED,
                              AppealState.UPHELD), (AppealState.OPEN, AppealState.OPEN)):
        with pytest.raises(rules.AppealRefused):
            rules.check_decision(current, decision)
    assert rules.is_decided(AppealState.UPHELD) and not rules.is_decided(AppealState.OPEN)


def test_a_deduction_is_contested_only_where_there_is_one():
    rules.check_target(AppealTarget.DEDUCTION, Decimal(2), True)
    rules.check_target(AppealTarget.FINDING, Decimal(0), False)
    for target, deduction, has_item in (("deduction", Decimal(0), True), ("deduction", Decimal(2), False),
                                        ("other", Decimal(2), True)):
        with pytest.raises(rules.AppealRefused):
            rules.check_target(target, deduction, has_item)


def test_an_overturned_finding_is_withdrawn_from_ordered_or_reported_only():
    for state in (FindingState.ORDERED, FindingState.REPORTED):
        finding_rules.check_move(state, FindingState.CLOSED, FindingMove.WITHDRAW)
    for state in (FindingState.OPEN, FindingState.CLOSED):
        assert not finding_rules.allows(state, FindingMove.WITHDRAW)


def _card(deduction: Decimal) -> checklist_rules.ScoreCard:
    specs = [checklist_rules.ItemSpec("H1", "H", Decimal(6)), checklist_rules.ItemSpec("H2", "H", Decimal(94))]
    answers = {"H1": checklist_rules.Answer(checklist_rules.Outcome.DEDUCT if deduction else
                                            checklist_rules.Outcome.PASS, deduction, False, False)}
    return checklist_rules.score(specs, answers)


def test_score_arithmetic_after_overturn():
    assert _card(Decimal(2)).total == Decimal("98.00")
    assert _card(Decimal(0)).total == Decimal("100.00")  # the overturned item counts as passed


def test_ranking_order_changes_with_the_overturned_score():
    before = assessment_rules.competition_ranks({1: Decimal("98.67"), 2: Decimal("99.00")})
    after = assessment_rules.competition_ranks({1: Decimal("99.33"), 2: Decimal("99.00")})
    assert (before[1], before[2]) == (2, 1) and (after[1], after[2]) == (1, 2)
