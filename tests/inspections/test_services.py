"""Patrol use cases without HTTP: start/resume, answers, live score, submission onto the ledger."""

from datetime import timedelta
from decimal import Decimal

import pytest

from inspect_app.core.errors import DomainError
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding, FindingState, StateChange
from inspect_app.inspections import queries, scoring, services
from inspect_app.inspections.answers import parse_answer
from inspect_app.inspections.models import InspectionStatus
from tests.inspections.helpers import answer, attach_photo, deduct, items, pass_all_but


@pytest.fixture
def patrol(world):
    return services.start_patrol(world.neighborhood_a, actor=world.inspector, lat=40.77, lng=114.88)


def card(inspection):
    template = queries.load_template(inspection.template_id)
    return scoring.score_card(template, queries.results_by_item(inspection))


def test_start_records_location_and_resumes_the_same_draft(world, patrol):
    assert (patrol.start_lat, patrol.start_lng) == (40.77, 114.88)
    assert patrol.company_id == world.company_a.id
    again = services.start_patrol(world.neighborhood_a, actor=world.inspector)
    assert again.id == patrol.id
    other = services.start_patrol(world.neighborhood_a, actor=world.supervisor)
    assert other.id != patrol.id


def test_start_ignores_impossible_coordinates(world):
    inspection = services.start_patrol(world.neighborhood_b, actor=world.inspector, lat=900, lng=-500)
    assert inspection.start_lat is None and inspection.start_lng is None


def test_preset_times_count_capped_at_item_max(world, patrol):
    h2 = items(patrol)["H2"]  # 0.5 per place, max 6
    assert deduct(patrol, h2, world.inspector, count=3).deduction == Decimal("1.5")
    assert deduct(patrol, h2, world.inspector, count=40).deduction == Decimal("6")
    assert card(patrol).total == Decimal(94)


@pytest.mark.parametrize("form,field", [
    ({"outcome": "maybe"}, "outcome"),
    ({"outcome": "deduct", "preset_id": "custom", "custom_amount": "7", "reason": "x"}, "custom_amount"),
    ({"outcome": "deduct", "preset_id": "custom", "custom_amount": "abc", "reason": "x"}, "custom_amount"),
    ({"outcome": "deduct", "preset_id": "custom", "custom_amount": "-1", "reason": "x"}, "custom_amount"),
    ({"outcome": "deduct", "preset_id": "999999", "count": "1"}, "preset_id"),
    ({"outcome": "deduct", "preset_id": "PRESET", "count": "0"}, "count"),
    ({"outcome": "deduct", "preset_id": "PRESET", "count": "many"}, "count"),
    ({"outcome": "pass", "note": "x" * 2001}, "note"),
])
def test_bad_answers_name_the_field_and_store_nothing(world, patrol, form, field):
    item = items(patrol)["H2"]
    form = {k: (str(item.presets[0].id) if v == "PRESET" else v) for k, v in form.items()}
    parsed = parse_answer(item, form)
    assert field in parsed.errors
    with pytest.raises(DomainError):
        services.save_answer(patrol, item, parsed, actor=world.inspector)
    assert queries.results_by_item(patrol) == {}


def test_custom_deduction_with_reason(world, patrol):
    result = answer(patrol, items(patrol)["F1"], world.inspector, outcome="deduct", preset_id="custom",
                    custom_amount="2.5", reason="主干道大面积坑洼")
    assert result.deduction == Decimal("2.5") and result.custom_amount == Decimal("2.5")


def test_not_applicable_rescales_to_100(world, patrol):
    for code in ("Q1", "Q2", "Q3"):
        answer(patrol, items(patrol)[code], world.inspector, outcome="not_applicable")
    deduct(patrol, items(patrol)["H2"], world.inspector, count=2)  # −1 of 88 possible
    assert card(patrol).total == Decimal("98.86")


def test_exempt_owner_caused_item_costs_nothing_but_red_line_always_does(world, patrol):
    q6 = items(patrol)["Q6"]
    assert deduct(patrol, q6, world.inspector, is_exempt="1").is_exempt
    assert card(patrol).total == Decimal(100)
    q4 = items(patrol)["Q4"]
    red = next(i for i, p in enumerate(q4.presets) if p.is_red_line)
    result = deduct(patrol, q4, world.inspector, preset=red, is_exempt="1")
    assert result.is_red_line and not result.is_exempt
    assert card(patrol).has_red_line and card(patrol).total == Decimal(98)


def test_submit_refuses_unanswered_items_and_missing_photos(world, patrol):
    pass_all_but(patrol, world.inspector, "H1", "H2")
    with pytest.raises(DomainError, match="2 项未完成"):
        services.submit(patrol, actor=world.inspector)
    answer(patrol, items(patrol)["H1"], world.inspector)
    deduct(patrol, items(patrol)["H2"], world.inspector)  # photo required
    problems = scoring.submission_problems(queries.load_template(patrol.template_id),
                                            queries.results_by_item(patrol), queries.photos_by_result(patrol))
    assert list(problems.values()) == ["该项扣分须附照片"]
    assert patrol.status == InspectionStatus.DRAFT


def test_submit_scores_and_puts_every_deduction_on_the_ledger(world, patrol):
    pass_all_but(patrol, world.inspector, "H2", "Q4", "S2")
    h2 = deduct(patrol, items(patrol)["H2"], world.inspector, count=4, note="3号楼地下室")
    photo = attach_photo(patrol, h2, world.inspector)
    q4 = items(patrol)["Q4"]
    red = next(i for i, p in enumerate(q4.presets) if p.is_red_line)
    q4_result = deduct(patrol, q4, world.inspector, preset=red)
    attach_photo(patrol, q4_result, world.inspector)
    deduct(patrol, items(patrol)["S2"], world.inspector)  # no photo needed

    submitted = services.submit(patrol, actor=world.inspector, submit_key="k1")
    assert submitted.status == InspectionStatus.SUBMITTED
    assert submitted.score == Decimal("95.50") and submitted.grade == "优秀" and submitted.has_red_line
    findings = {f.title[:2]: f for f in Finding.query.filter_by(inspection_id=patrol.id)}
    assert set(findings) == {"H2", "Q4", "S2"}
    today = local_today()
    assert findings["H2"].deadline == today + timedelta(days=3)
    assert findings["Q4"].deadline == today + timedelta(days=1) and findings["Q4"].is_red_line
    assert findings["S2"].deadline == today + timedelta(days=7)
    assert all(f.state == FindingState.OPEN and f.company_id == world.company_a.id for f in findings.values())
    assert photo.finding_id == findings["H2"].id
    assert "3号楼地下室" in findings["H2"].description
    assert {c.category_code: c.earned for c in submitted.category_scores}["H"] == Decimal(28)
    assert StateChange.query.filter_by(subject_type="finding").count() == 3


def test_double_submit_creates_nothing_twice(world, patrol):
    pass_all_but(patrol, world.inspector, "S2")
    deduct(patrol, items(patrol)["S2"], world.inspector)
    services.submit(patrol, actor=world.inspector, submit_key="k")
    services.submit(patrol, actor=world.inspector, submit_key="k")
    assert Finding.query.filter_by(inspection_id=patrol.id).count() == 1


def test_submitted_inspection_is_read_only(world, patrol):
    pass_all_but(patrol, world.inspector)
    services.submit(patrol, actor=world.inspector)
    with pytest.raises(DomainError) as error:
        answer(patrol, items(patrol)["H1"], world.inspector, outcome="not_applicable")
    assert error.value.status == 409


def test_someone_elses_inspection_cannot_be_changed_or_submitted(world, patrol):
    pass_all_but(patrol, world.inspector)
    with pytest.raises(DomainError) as error:
        services.submit(patrol, actor=world.supervisor)
    assert error.value.status == 403
    assert patrol.status == InspectionStatus.DRAFT
