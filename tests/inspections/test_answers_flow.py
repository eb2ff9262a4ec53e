"""The fast patrol without HTTP: 扣分 takes the only standard, unfinished answers are kept (待补充), not refused,
其余全部合格 and its undo."""

from decimal import Decimal

import pytest

from inspect_app.core.errors import DomainError
from inspect_app.inspections import queries, scoring, services
from inspect_app.inspections.answers import parse_answer
from inspect_app.inspections.models import ItemOutcome
from tests.inspections.helpers import answer, attach_photo, deduct, items, pass_all_but


def problem(patrol, code):
    item = items(patrol)[code]
    result = queries.item_result(patrol, item)
    return scoring.item_problem(item, result, queries.photos_by_result(patrol).get(result.id, []) if result else [])


def test_deduct_on_an_item_with_one_standard_takes_it_and_the_count_stays_editable(world, patrol):
    h5 = items(patrol)["H5"]
    assert len(h5.presets) == 1
    result = answer(patrol, h5, world.inspector, outcome="deduct")
    assert result.preset_id == h5.presets[0].id and result.deduction == h5.presets[0].amount
    assert problem(patrol, "H5") is None
    result = answer(patrol, h5, world.inspector, outcome="deduct", count="2")  # no standard sent: still the one
    assert result.count == 2 and result.deduction == min(h5.presets[0].amount * 2, h5.max_points)


def test_deduct_with_several_standards_is_saved_as_unfinished_not_refused(world, patrol):
    h1 = items(patrol)["H1"]
    parsed = parse_answer(h1, {"outcome": "deduct"})
    assert parsed.errors == {} and "preset_id" in parsed.pending
    result = services.save_answer(patrol, h1, parsed, actor=world.inspector)
    assert result.outcome == ItemOutcome.DEDUCT and result.preset_id is None and result.deduction == 0
    assert problem(patrol, "H1") == "请选择扣分标准"
    pass_all_but(patrol, world.inspector, "H1")
    with pytest.raises(DomainError, match="1 项未完成"):
        services.submit(patrol, actor=world.inspector)


def test_custom_deduction_waits_for_its_amount_and_reason(world, patrol):
    f3 = items(patrol)["F3"]
    empty = parse_answer(f3, {"outcome": "deduct", "preset_id": "custom", "custom_amount": ""})
    assert empty.errors == {} and "custom_amount" in empty.pending
    result = answer(patrol, f3, world.inspector, outcome="deduct", preset_id="custom", custom_amount="1.5")
    assert result.deduction == Decimal("1.5") and result.reason == ""
    assert problem(patrol, "F3") == "自定义扣分须填写理由"
    answer(patrol, f3, world.inspector, outcome="deduct", preset_id="custom", custom_amount="1.5", reason="路灯坏")
    assert problem(patrol, "F3") is None


def test_a_wrong_custom_amount_is_still_refused(world, patrol):
    f3 = items(patrol)["F3"]
    parsed = parse_answer(f3, {"outcome": "deduct", "preset_id": "custom", "custom_amount": "9", "reason": "x"})
    assert "custom_amount" in parsed.errors and not parsed.pending


def test_a_photo_required_deduction_is_unfinished_until_its_photo_arrives(world, patrol):
    h2 = deduct(patrol, items(patrol)["H2"], world.inspector)
    assert problem(patrol, "H2") == "该项扣分须附照片"
    attach_photo(patrol, h2, world.inspector)
    assert problem(patrol, "H2") is None


def test_pass_rest_of_a_category_then_of_the_list_leaves_answered_items_alone(world, patrol):
    by_code = items(patrol)
    deduct(patrol, by_code["H5"], world.inspector)
    answer(patrol, by_code["Q1"], world.inspector, outcome="not_applicable")
    passed = services.pass_rest(patrol, actor=world.inspector, category_code="H")
    assert sorted(passed) == sorted(i.id for c, i in by_code.items() if c.startswith("H") and c != "H5")
    rest = services.pass_rest(patrol, actor=world.inspector)
    assert len(passed) + len(rest) == 27
    results = queries.results_by_item(patrol)
    assert len(results) == 29
    assert results[by_code["H5"].id].outcome == ItemOutcome.DEDUCT
    assert results[by_code["Q1"].id].outcome == ItemOutcome.NOT_APPLICABLE
    assert services.pass_rest(patrol, actor=world.inspector) == []


def test_undo_takes_back_only_what_is_still_a_plain_pass(world, patrol):
    by_code = items(patrol)
    passed = services.pass_rest(patrol, actor=world.inspector, category_code="G")
    answer(patrol, by_code["G2"], world.inspector, outcome="deduct")  # changed by hand since
    answer(patrol, by_code["G3"], world.inspector, note="东侧草坪已清理")  # a pass with a note
    services.undo_pass(patrol, passed, actor=world.inspector)
    results = queries.results_by_item(patrol)
    assert by_code["G1"].id not in results
    assert results[by_code["G2"].id].outcome == ItemOutcome.DEDUCT
    assert results[by_code["G3"].id].note == "东侧草坪已清理"


def test_bulk_and_undo_belong_to_the_patrols_inspector(world, patrol):
    with pytest.raises(DomainError):
        services.pass_rest(patrol, actor=world.supervisor)
    passed = services.pass_rest(patrol, actor=world.inspector)
    with pytest.raises(DomainError):
        services.undo_pass(patrol, passed, actor=world.supervisor)
    assert len(queries.results_by_item(patrol)) == 29


def test_clearing_an_answer_makes_it_unanswered_but_keeps_photos(world, patrol):
    by_code = items(patrol)
    answer(patrol, by_code["H1"], world.inspector)
    assert services.clear_answer(patrol, by_code["H1"], actor=world.inspector) is None
    assert by_code["H1"].id not in queries.results_by_item(patrol)
    h2 = deduct(patrol, by_code["H2"], world.inspector)
    attach_photo(patrol, h2, world.inspector)
    kept = services.clear_answer(patrol, by_code["H2"], actor=world.inspector)
    assert kept is not None and kept.outcome == ItemOutcome.DEDUCT and kept.preset_id is None
    assert queries.photos_by_result(patrol)[kept.id]
