"""The satisfaction part of the company score: weight, scaling of the other parts, missing answers."""

from decimal import Decimal

import pytest

from inspect_app.assessment.rules import CompanyInput, PatrolSum, Settings, company_score

D = Decimal
PATROLS = {1: PatrolSum.of(90, 92, 94)}  # mean 92.00


def test_default_weights_scale_patrol_and_special():
    result = company_score(CompanyInput(PATROLS, special=D(80), satisfaction=D(75)), Settings())
    # 0.6 × 0.9 = 0.54, 0.4 × 0.9 = 0.36, 0.10
    assert (result.patrol_weight, result.special_weight, result.satisfaction_weight) == (D("0.54"), D("0.36"),
                                                                                         D("0.10"))
    assert result.patrol_part == D("49.68")  # 92 × 0.54
    assert result.special_part == D("28.80")  # 80 × 0.36
    assert result.satisfaction_part == D("7.50")  # 75 × 0.10
    assert result.total == D("85.98")
    assert result.patrol_weight + result.special_weight + result.satisfaction_weight == 1


def test_no_answers_gives_the_weight_back():
    without = company_score(CompanyInput(PATROLS, special=D(80)), Settings())
    assert (without.patrol_weight, without.special_weight, without.satisfaction_weight) == (D("0.6"), D("0.4"), 0)
    assert without.satisfaction_part == 0 and without.satisfaction is None
    assert without.total == D("55.20") + D("32.00")


def test_no_special_and_no_answers_is_patrol_alone():
    result = company_score(CompanyInput(PATROLS), Settings())
    assert result.patrol_weight == 1 and result.total == D("92.00")


def test_satisfaction_without_special():
    result = company_score(CompanyInput(PATROLS, satisfaction=D(60)), Settings())
    assert (result.patrol_weight, result.satisfaction_weight) == (D("0.90"), D("0.10"))
    assert result.total == D("82.80") + D("6.00")


def test_an_admin_set_weight_and_the_penalty():
    settings = Settings(satisfaction_weight=D("0.20"))
    result = company_score(CompanyInput(PATROLS, special=D(100), satisfaction=D(50), overdue=2), settings)
    assert result.patrol_part == D("44.16")  # 92 × 0.48
    assert result.special_part == D("32.00")  # 100 × 0.32
    assert result.satisfaction_part == D("10.00")
    assert result.total == D("44.16") + D("32.00") + D("10.00") - D("1.00")


def test_zero_weight_leaves_the_formula_as_it_was():
    settings = Settings(satisfaction_weight=D(0))
    assert company_score(CompanyInput(PATROLS, special=D(80), satisfaction=D(20)), settings).total == D("87.20")


def test_an_unrated_company_has_no_total_whatever_the_survey():
    result = company_score(CompanyInput({1: PatrolSum.of(90)}, satisfaction=D(100)), Settings())
    assert result.total is None and result.satisfaction_part == D("10.00")


@pytest.mark.parametrize("bad", [D("-0.01"), D(1), D("1.5")])
def test_weight_out_of_range_is_refused(bad):
    with pytest.raises(ValueError):
        Settings(satisfaction_weight=bad)


def test_satisfaction_out_of_range_is_refused():
    with pytest.raises(ValueError):
        company_score(CompanyInput(PATROLS, satisfaction=D(101)), Settings())
