"""The committees' arithmetic without a database: a committee's percentage, the points' checks, the mix with the
staff's 专项考评 and how the combined score enters the company formula."""

from decimal import Decimal as D

import pytest

from inspect_app.assessment import rules as assessment
from inspect_app.committees import rules
from inspect_app.committees.rules import PointsProblem


def test_a_committee_s_percentage_is_its_points_over_the_maxima():
    assert rules.percentage([D(18), D(16), D(15)], [D(20), D(20), D(20)]) == D("81.67")
    assert rules.percentage([D(0)], [D(10)]) == D("0.00")
    assert rules.percentage([], []) is None


@pytest.mark.parametrize("points,problem", [
    (None, PointsProblem.MISSING), (D(-1), PointsProblem.OUT_OF_RANGE), (D("20.01"), PointsProblem.OUT_OF_RANGE),
    (D("NaN"), PointsProblem.OUT_OF_RANGE), (D("3.333"), PointsProblem.TOO_PRECISE), (D(0), None), (D(20), None),
    (D("12.5"), None)])
def test_points_are_checked_against_the_item_s_maximum(points, problem):
    assert rules.points_problem(points, D(20)) == problem


def test_staff_and_committees_are_mixed_by_the_share():
    mix = rules.mix_special(D(80), [D(90), D(70), D("95.5")], D("0.5"))
    assert mix.committee == D("85.17") and mix.committee_count == 3  # (90 + 70 + 95.5) / 3
    assert mix.combined == D("82.59")  # 80 × 0.5 + 85.17 × 0.5 = 82.585 → 82.59
    assert rules.mix_special(D(80), [D(90)], D("0.25")).combined == D("82.50")  # 80 × 0.75 + 90 × 0.25


def test_one_side_missing_the_other_counts_alone():
    only_staff = rules.mix_special(D(80), [], D("0.5"))
    assert only_staff.combined == D(80) and only_staff.share == 0 and not only_staff.has_committee
    only_committees = rules.mix_special(None, [D(60), D(70)], D("0.5"))
    assert only_committees.combined == D("65.00") and only_committees.share == 1
    assert rules.mix_special(None, [], D("0.5")).combined is None


def test_the_default_share_is_a_half():
    assert rules.DEFAULT_SHARE == D("0.5")
    assert rules.mix_special(D(70), [D(90)]).combined == D("80.00")


@pytest.mark.parametrize("share", [D("-0.1"), D("1.01"), D("0.333")])
def test_a_share_outside_0_to_1_is_refused(share):
    with pytest.raises(ValueError):
        rules.mix_special(D(80), [D(90)], share)


def test_the_combined_score_is_the_formula_s_special_part():
    """Patrol mean 90 × 0.6 + special (80 staff, 100 committee, share 0.5 → 90) × 0.4 = 54 + 36 = 90."""
    mix = rules.mix_special(D(80), [D(100)], D("0.5"))
    data = assessment.CompanyInput({1: assessment.PatrolSum.of(90, 90, 90)}, special=mix.combined)
    result = assessment.company_score(data, assessment.Settings())
    assert result.special == D(90) and result.special_part == D("36.00") and result.total == D("90.00")
    missing = assessment.company_score(
        assessment.CompanyInput({1: assessment.PatrolSum.of(90, 90, 90)},
                                special=rules.mix_special(None, [], D("0.5")).combined), assessment.Settings())
    assert missing.is_special_missing and missing.patrol_weight == 1 and missing.total == D("90.00")
