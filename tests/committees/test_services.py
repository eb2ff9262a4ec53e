"""The committee's input through the services: saved per item, its period's copy of the items, editable only while
the period is open; the company's special part combines it with the staff's 专项考评, live and frozen."""

from decimal import Decimal as D

import pytest

from inspect_app.assessment import ranking
from inspect_app.assessment import services as assessment
from inspect_app.committees import queries, services
from inspect_app.core.errors import DomainError
from tests.assessment.helpers import patrols
from tests.committees.helpers import committee, items, open_period


def _points(**values):
    return {f"item-{n}": D(v) for n, v in values.items()}


def test_an_input_is_saved_and_replaced(world):
    user, period = committee(world), open_period(world)
    items(world, 20, 30)
    services.save_input(period, {"item-1": D(10), "item-2": D(30)}, "总体满意", actor=user)
    entry = services.save_input(period, {"item-1": D(20), "item-2": D(15)}, "再评", actor=user)
    assert entry.company_id == world.company_a.id and entry.note == "再评"
    assert queries.entered_points(entry) == {"item-1": D(20), "item-2": D(15)}
    assert [s.percentage for s in queries.summaries(period.id)] == [D(70)]  # 35 of 50


def test_a_period_keeps_the_items_of_its_first_input(world):
    user, period = committee(world), open_period(world)
    items(world, 20)
    services.save_input(period, {"item-1": D(10)}, "", actor=user)
    item = queries.master_items()[0]
    services.update_item(item, "改过的项目", D(50), 1, actor=world.admin)
    assert [(i.text, i.max_points) for i in queries.form_items(period)] == [("项目1", D(20))]
    later = assessment.create_period("2025Q3", actor=world.admin)
    assert [(i.text, i.max_points) for i in queries.form_items(later)] == [("改过的项目", D(50))]


def test_points_beyond_the_maximum_and_other_roles_are_refused(world):
    user, period = committee(world), open_period(world)
    items(world, 20)
    with pytest.raises(DomainError) as refused:
        services.save_input(period, {"item-1": D(21)}, "", actor=user)
    assert refused.value.field == "item-1"
    for other in (world.admin, world.supervisor, world.company_user_a):
        with pytest.raises(DomainError) as refused:
            services.save_input(period, {"item-1": D(1)}, "", actor=other)
        assert refused.value.status == 403


def test_a_closed_period_is_not_edited(world):
    user, period = committee(world), open_period(world)
    items(world, 20)
    assessment.close_period(period, actor=world.admin)
    with pytest.raises(DomainError) as refused:
        services.save_input(period, {"item-1": D(10)}, "", actor=user)
    assert refused.value.status == 409


def test_the_ranking_mixes_staff_and_committees(world):
    """Staff 80, committees of A (100 %) and B (60 %) of the same company → mean 80; share 0.25 → 80.
    Company B: no staff score, its committee alone (50 %). Frozen at close, the breakdown stays."""
    period = open_period(world)
    items(world, 10)
    patrols(world.neighborhood_a, 90, 90, 90, inspector=world.inspector)
    patrols(world.neighborhood_b, 70, 70, 70, inspector=world.inspector)
    assessment.enter_special(period, world.company_a.id, score=D(80), note="专项", actor=world.supervisor)
    services.save_input(period, {"item-1": D(10)}, "", actor=committee(world, "cm_a"))
    services.save_input(period, {"item-1": D(5)}, "", actor=committee(world, "cm_b", world.neighborhood_b))
    services.set_share(period, D("0.25"), actor=world.admin)
    live = ranking.ranking(period)
    a, b = live.row(world.company_a.id), live.row(world.company_b.id)
    assert a.special_mix.committee == D(100) and a.result.special == D(85)  # 80 × 0.75 + 100 × 0.25
    assert a.result.total == D("88.00")  # 90 × 0.6 + 85 × 0.4
    assert b.result.special == D(50) and b.special_mix.staff is None and b.result.total == D("62.00")
    assessment.close_period(period, actor=world.admin)
    frozen = ranking.ranking(period).row(world.company_a.id)
    assert frozen.result.total == D("88.00") and frozen.special_mix == a.special_mix


def test_without_committees_the_existing_rule_holds(world):
    period = open_period(world)
    patrols(world.neighborhood_a, 90, 90, 90, inspector=world.inspector)
    row = ranking.ranking(period).row(world.company_a.id)
    assert row.result.is_special_missing and row.result.total == D("90.00")
    assert queries.share_of(period.id) == D("0.5")
