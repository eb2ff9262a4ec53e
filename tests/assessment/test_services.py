"""Assessment services against the database: live scores, freezing on close, publishing, re-opening, inputs."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from inspect_app.assessment import ranking, services
from inspect_app.assessment.models import CompanyScore
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.findings.models import StateChange
from inspect_app.places import services as places
from tests.assessment.helpers import IN_PAST, PAST, finding, patrol, patrols, period, send_back

END = date(2025, 6, 30)


@pytest.fixture
def second_a(world):
    """A second neighbourhood of company A (九州物业)."""
    community = world.neighborhood_a.community
    n = places.ensure_neighborhood(community, "九州雅苑", company=world.company_a)
    db.session.commit()
    return n


def rows_by_name(result):
    return {row.company_name: row for row in result.rows}


def test_live_score_from_patrols_special_and_findings(world, second_a):
    p = period(world)
    patrols(world.neighborhood_a, 100, 100, 100, 100, inspector=world.inspector)
    patrols(second_a, 60, inspector=world.inspector)
    patrols(world.neighborhood_b, 90, 90, 90, inspector=world.inspector)
    services.enter_special(p, world.company_a.id, score=D(90), note="党建引领扎实", actor=world.supervisor)
    finding(world.neighborhood_a, deadline=date(2025, 5, 20))  # still open: overdue at the end
    finding(world.neighborhood_a, deadline=date(2025, 5, 20), closed=date(2025, 5, 20))  # on time
    late = finding(world.neighborhood_a, deadline=date(2025, 5, 20), closed=date(2025, 5, 21))
    send_back(late, date(2025, 5, 15))
    result = ranking.ranking(p)
    a, b = rows_by_name(result)["九州物业"], rows_by_name(result)["嘉家物业"]
    assert a.result.patrol_mean == D("80.00") and a.result.patrol_count == 5
    assert (a.result.overdue, a.result.sent_back, a.result.penalty) == (1, 1, D("1.50"))
    assert a.result.total == D("48.00") + D("36.00") - D("1.50")
    assert (a.closed, a.closed_on_time, a.on_time_rate) == (2, 1, D("0.3333"))
    assert b.result.total == D("90.00") and b.result.is_special_missing
    assert [(r.rank, r.company_name) for r in result.rated] == [(1, "嘉家物业"), (2, "九州物业")]
    assert [(n.name, n.mean, n.count) for n in a.neighborhoods] == [("九州雅苑", D(60), 1), ("枫墅小镇小区", D(100), 4)]


def test_only_submitted_patrols_inside_the_period_count(world):
    p = period(world)
    patrols(world.neighborhood_a, 80, 80, 80, inspector=world.inspector)
    patrol(world.neighborhood_a, 10, inspector=world.inspector, kind="follow_up")
    patrol(world.neighborhood_a, 10, inspector=world.inspector, status="draft")
    patrol(world.neighborhood_a, 10, inspector=world.inspector, day=date(2025, 3, 31))
    patrol(world.neighborhood_a, 10, inspector=world.inspector, day=date(2025, 7, 1))
    row = rows_by_name(ranking.ranking(p))["九州物业"]
    assert (row.result.patrol_count, row.result.patrol_mean) == (3, D("80.00"))


def test_patrol_scores_stay_with_the_company_at_patrol_time(world):
    p = period(world)
    for _ in range(3):
        patrol(world.neighborhood_a, 70, inspector=world.inspector, company=world.company_b)
    result = rows_by_name(ranking.ranking(p))
    assert result["嘉家物业"].result.patrol_count == 3 and result["九州物业"].result.patrol_count == 0


def test_category_sub_scores_and_extremes(world):
    p = period(world)
    for _ in range(3):
        patrol(world.neighborhood_a, 90, inspector=world.inspector, categories={"H": (27, 30), "Q": (10, 20)})
        patrol(world.neighborhood_b, 90, inspector=world.inspector, categories={"H": (15, 30), "Q": (20, 20)})
    result = ranking.ranking(p)
    a = rows_by_name(result)["九州物业"]
    assert a.result.categories == {"H": D("90.00"), "Q": D("50.00")}
    extremes = {e.code: e for e in result.extremes}
    assert extremes["H"].best_ids == (world.company_a.id,) and extremes["Q"].best_ids == (world.company_b.id,)


def test_finding_counts_at_the_period_end(world):
    p = period(world)
    n = world.neighborhood_a
    finding(n, deadline=date(2025, 6, 1), closed=date(2025, 7, 5))  # closed only after the end: overdue then
    finding(n, deadline=date(2025, 6, 30))  # due on the last day and not fixed by its end: overdue
    finding(n, deadline=date(2025, 7, 1))  # due after the period: not overdue yet
    finding(n, created=date(2025, 7, 2), deadline=date(2025, 7, 3))  # after the period
    finding(n, created=date(2025, 3, 1), deadline=date(2025, 3, 5), closed=date(2025, 3, 30))  # before
    finding(n, created=date(2025, 3, 1), deadline=date(2025, 3, 5), closed=date(2025, 4, 2))  # late, closed in it
    issued = finding(n, deadline=date(2025, 7, 10))
    send_back(issued, date(2025, 5, 1), from_state="open")  # issuing an order is not a send-back
    send_back(issued, date(2025, 7, 1))  # outside the period
    send_back(issued, date(2025, 6, 30), from_state="ordered")  # 督办 at follow-up: counts
    row = rows_by_name(ranking.ranking(p))["九州物业"]
    assert (row.result.overdue, row.result.sent_back, row.closed, row.closed_on_time) == (2, 1, 1, 0)
    assert row.on_time_rate == D(0)


def test_close_freezes_scores_and_later_patrols_do_not_change_them(world):
    p = period(world)
    patrols(world.neighborhood_a, 90, 90, 90, inspector=world.inspector)
    services.close_period(p, actor=world.admin)
    stored = db.session.scalar(select(CompanyScore).where(CompanyScore.company_id == world.company_a.id))
    assert (stored.rank, stored.total, stored.patrol_count) == (1, D("90.00"), 3)
    patrols(world.neighborhood_a, 10, 10, 10, inspector=world.inspector)  # late data for the quarter
    finding(world.neighborhood_a, deadline=date(2025, 5, 1))
    frozen = rows_by_name(ranking.ranking(p))["九州物业"]
    assert (frozen.result.total, frozen.result.patrol_count, frozen.result.overdue) == (D("90.00"), 3, 0)
    assert services.compute_period(p)[0].result.patrol_count >= 3  # live numbers differ, the ranking does not
    services.reopen_period(p, actor=world.admin, note="补录巡查")
    live = rows_by_name(ranking.ranking(p))["九州物业"]
    assert live.result.patrol_count == 6 and live.result.total == D("49.50")


def test_a_real_patrol_after_closing_the_current_quarter_changes_nothing(world):
    from inspect_app.assessment.rules import quarter_code
    from inspect_app.core.time import local_today
    from inspect_app.inspections import services as inspections
    from tests.inspections.helpers import pass_all_but

    def walk():
        inspection = inspections.start_patrol(world.neighborhood_a, actor=world.inspector)
        pass_all_but(inspection, world.inspector)
        return inspections.submit(inspection, actor=world.inspector)

    p = period(world, quarter_code(local_today()))
    for _ in range(3):
        walk()
    services.close_period(p, actor=world.admin)
    before = rows_by_name(ranking.ranking(p))["九州物业"]
    walk()
    after = rows_by_name(ranking.ranking(p))["九州物业"]
    assert before.result.patrol_count == after.result.patrol_count == 3
    assert after.rank == 1 and after.result.total == D("100.00")


def test_publish_only_after_close_and_repeats_are_harmless(world):
    p = period(world)
    with pytest.raises(DomainError) as refused:
        services.publish_period(p, actor=world.admin)
    assert refused.value.status == 409
    services.close_period(p, actor=world.admin)
    closed_at = p.closed_at
    services.close_period(p, actor=world.admin)
    assert p.closed_at == closed_at
    services.publish_period(p, actor=world.admin)
    services.publish_period(p, actor=world.admin)
    assert p.status == "published" and p.published_at is not None
    moves = db.session.execute(select(StateChange.from_state, StateChange.to_state).where(
        StateChange.subject_type == "period", StateChange.subject_id == p.id).order_by(StateChange.id)).all()
    assert moves == [(None, "open"), ("open", "closed"), ("closed", "published")]


def test_reopen_needs_a_reason_and_is_recorded(world):
    p = period(world)
    services.close_period(p, actor=world.admin)
    services.publish_period(p, actor=world.admin)
    with pytest.raises(DomainError) as refused:
        services.reopen_period(p, actor=world.admin, note="  ")
    assert refused.value.field == "note"
    services.reopen_period(p, actor=world.admin, note="专项考评录入有误")
    assert p.status == "open" and p.published_at is None
    log = services.period_log(p)
    assert (log[0].from_state, log[0].to_state, log[0].note, log[0].actor_id) == (
        "published", "open", "专项考评录入有误", world.admin.id)


@pytest.mark.parametrize("action", ["create", "close", "publish", "reopen", "settings"])
@pytest.mark.parametrize("who", ["supervisor", "inspector", "company_user_a"])
def test_only_admins_manage_periods(world, action, who):
    p = period(world)
    actor = getattr(world, who)
    calls = {
        "create": lambda: services.create_period("2025Q3", actor=actor),
        "close": lambda: services.close_period(p, actor=actor),
        "publish": lambda: services.publish_period(p, actor=actor),
        "reopen": lambda: services.reopen_period(p, actor=actor, note="x"),
        "settings": lambda: services.update_settings(p, {}, actor=actor),
    }
    with pytest.raises(DomainError) as refused:
        calls[action]()
    assert refused.value.status == 403 and p.status == "open"


@pytest.mark.parametrize("value", [D("-0.01"), D("100.01"), D("95.555"), None, D("NaN")])
def test_special_score_is_validated(world, value):
    p = period(world)
    with pytest.raises(DomainError) as refused:
        services.enter_special(p, world.company_a.id, score=value, note="说明", actor=world.admin)
    assert refused.value.field == "score"


def test_special_needs_a_note_a_company_an_open_period_and_staff(world):
    p = period(world)
    for kwargs, field in (({"note": " "}, "note"), ({"company_id": 999999}, "company_id")):
        with pytest.raises(DomainError) as refused:
            services.enter_special(p, kwargs.get("company_id", world.company_a.id), score=D(90),
                                   note=kwargs.get("note", "说明"), actor=world.admin)
        assert refused.value.field == field
    with pytest.raises(DomainError) as refused:
        services.enter_special(p, world.company_a.id, score=D(90), note="说明", actor=world.company_user_a)
    assert refused.value.status == 403
    services.close_period(p, actor=world.admin)
    with pytest.raises(DomainError) as refused:
        services.enter_special(p, world.company_a.id, score=D(90), note="说明", actor=world.admin)
    assert refused.value.status == 409


def test_entering_a_special_again_replaces_it(world):
    p = period(world)
    services.enter_special(p, world.company_a.id, score=D(80), note="初评", actor=world.supervisor)
    services.enter_special(p, world.company_a.id, score=D("88.5"), note="复核", actor=world.admin)
    special = services.specials(p)[world.company_a.id]
    assert (special.score, special.note, special.entered_by_id) == (D("88.50"), "复核", world.admin.id)


def test_settings_change_the_live_score_while_open(world):
    p = period(world)
    patrols(world.neighborhood_a, 80, 80, 80, inspector=world.inspector)
    services.enter_special(p, world.company_a.id, score=D(100), note="说明", actor=world.admin)
    services.update_settings(p, {"patrol_weight": D("0.5"), "special_weight": D("0.5"), "min_patrols": 2},
                             actor=world.admin)
    assert rows_by_name(ranking.ranking(p))["九州物业"].result.total == D("90.00")
    with pytest.raises(DomainError) as refused:
        services.update_settings(p, {"patrol_weight": D("0.7")}, actor=world.admin)
    assert refused.value.field == "special_weight"
    assert services.period_log(p)[0].note.startswith("patrol_weight=0.5")
    services.close_period(p, actor=world.admin)
    with pytest.raises(DomainError) as refused:
        services.update_settings(p, {"min_patrols": 5}, actor=world.admin)
    assert refused.value.status == 409


@pytest.mark.parametrize("code", ["2025Q5", "Q1", "2025-Q1", ""])
def test_create_period_refuses_bad_codes(world, code):
    with pytest.raises(DomainError) as refused:
        services.create_period(code, actor=world.admin)
    assert refused.value.field == "code"


def test_create_period_copies_the_latest_settings_and_refuses_duplicates(world):
    first = period(world, "2025Q1")
    services.update_settings(first, {"penalty_cap": D(6)}, actor=world.admin)
    second = services.create_period("2025q2", actor=world.admin)
    assert (second.code, second.starts_on, second.ends_on) == ("2025Q2", date(2025, 4, 1), date(2025, 6, 30))
    assert second.penalty_cap == D(6)
    with pytest.raises(DomainError):
        services.create_period("2025Q2", actor=world.admin)


def test_movement_against_the_previous_frozen_period(world):
    q1 = period(world, "2025Q1")
    patrols(world.neighborhood_a, 70, 70, 70, inspector=world.inspector, day=date(2025, 2, 1))
    patrols(world.neighborhood_b, 90, 90, 90, inspector=world.inspector, day=date(2025, 2, 1))
    q2 = period(world, PAST)
    patrols(world.neighborhood_a, 95, 95, 95, inspector=world.inspector)
    patrols(world.neighborhood_b, 85, 85, 85, inspector=world.inspector)
    assert all(row.movement is None for row in ranking.ranking(q2).rows)  # Q1 still open: nothing to compare
    services.close_period(q1, actor=world.admin)
    staff = rows_by_name(ranking.ranking(q2))
    assert (staff["九州物业"].movement.trend, staff["九州物业"].movement.places) == ("up", 1)
    assert staff["嘉家物业"].movement.trend == "down"
    assert all(row.movement is None for row in ranking.ranking(q2, public=True).rows)  # Q1 not published
    services.publish_period(q1, actor=world.admin)
    assert ranking.ranking(q2, public=True).previous_code == "2025Q1"


def test_company_history_lists_published_quarters_only(world):
    for code, day, score in (("2025Q1", date(2025, 2, 1), 70), (PAST, IN_PAST, 95)):
        p = period(world, code)
        patrols(world.neighborhood_a, score, score, score, inspector=world.inspector, day=day)
        services.close_period(p, actor=world.admin)
    services.publish_period(services.get_period("2025Q1"), actor=world.admin)
    history = ranking.company_history(world.company_a.id)
    assert [(h.code, h.total, h.rank, h.rated_count) for h in history] == [("2025Q1", D("70.00"), 1, 1)]
    assert len(ranking.company_history(world.company_a.id, public=False)) == 2
