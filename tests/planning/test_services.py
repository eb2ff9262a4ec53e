"""Plans in the database, without HTTP: generation for an area, patrols counted by query at the quarter's
boundary (China time), the inspector's week, and the at-risk notice sent once."""

from datetime import date, datetime, time

from sqlalchemy import select

from inspect_app.assessment.rules import quarter_bounds
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.core.time import LOCAL_TZ
from inspect_app.notifications.models import Notification
from inspect_app.planning import queries, rules, services
from tests import factories
from tests.maps.helpers import patrol


def _patrol_at(world, neighborhood, when: datetime):
    inspection = patrol(neighborhood, world.inspector, None, None, day=when.date())
    inspection.submitted_at = when
    db.session.commit()
    return inspection


def test_generation_gives_every_company_the_floor(world):
    plan = services.generate(world.supervisor, "2026Q1", seed=7)
    regular = [line for line in plan.lines if not line.is_random]
    by_company = {}
    for line in regular:
        by_company[line.neighborhood.company_id] = by_company.get(line.neighborhood.company_id, 0) + line.count
    assert by_company == {world.company_a.id: services.floor(), world.company_b.id: services.floor()}
    assert all(line.inspector_id == world.inspector.id for line in plan.lines)  # the only inspector
    assert [line.is_random for line in plan.lines].count(True) == 1


def test_the_random_picks_can_be_drawn_again_from_the_recorded_seed(world):
    plan = services.generate(world.supervisor, "2026Q1")
    picks = [(line.neighborhood_id, line.due_on) for line in plan.lines if line.is_random]
    ids = sorted(line.neighborhood_id for line in plan.lines if not line.is_random)
    again = rules.draw_random(ids, [world.inspector.id], seed=plan.seed, picks=len(picks),
                              starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31))
    assert [(line.neighborhood_id, line.due_on) for line in again] == picks


def test_a_second_plan_for_the_same_area_and_quarter_is_refused(world):
    services.generate(world.supervisor, "2026Q1")
    try:
        services.generate(world.supervisor, "2026Q1")
    except Exception as error:  # noqa: BLE001
        assert getattr(error, "status", None) == 409
    else:
        raise AssertionError("a second plan was made")


def test_coverage_counts_a_patrol_at_2359_on_the_last_day_of_q1_in_q1_not_q2(world):
    q1 = services.generate(world.supervisor, "2026Q1", seed=1, picks=0)
    _patrol_at(world, world.neighborhood_a, datetime.combine(date(2026, 3, 31), time(23, 59), tzinfo=LOCAL_TZ))
    _patrol_at(world, world.neighborhood_a, datetime.combine(date(2026, 4, 1), time(0, 0), tzinfo=LOCAL_TZ))
    in_q1 = queries.coverage(q1, date(2026, 3, 31), services.floor())
    assert in_q1.neighborhoods[world.neighborhood_a.id].done == 1
    assert in_q1.companies[world.company_a.id].done == 1
    assert in_q1.total.done == 1 and in_q1.total.planned == 2 * services.floor()
    assert in_q1.companies[world.company_a.id].at_risk and in_q1.companies[world.company_b.id].at_risk
    q2 = services.generate(world.supervisor, "2026Q2", seed=1, picks=0)
    assert queries.coverage(q2, date(2026, 4, 1), services.floor()).companies[world.company_a.id].done == 1


def test_the_inspectors_week_lists_overdue_then_due_then_random(world):
    plan = services.generate(world.supervisor, rules.quarter_of(datetime.now(LOCAL_TZ)), seed=3, picks=0)
    today = date.today()
    starts_on, ends_on = quarter_bounds(plan.quarter)
    line_a = next(line for line in plan.lines if line.neighborhood_id == world.neighborhood_a.id)
    line_a.count = 30  # many patrols: the first ones are overdue by now unless the quarter just began
    db.session.add(type(line_a)(plan_id=plan.id, neighborhood_id=world.neighborhood_b.id, count=1,
                                inspector_id=world.inspector.id, is_random=True, due_on=ends_on))
    db.session.commit()
    rows = queries.this_week(world.inspector, today)
    order = [rules.URGENCY_ORDER.index(row.urgency) for row in rows]
    assert order == sorted(order)
    assert any(row.line.is_random for row in rows)
    assert queries.this_week(world.supervisor, today) == []
    del starts_on


def test_supervisors_of_the_area_are_told_once_of_a_company_at_risk(world):
    plan = services.generate(world.supervisor, "2026Q1", seed=1, picks=0)
    other = factories.user("inspector_only", Role.INSPECTOR)
    db.session.commit()
    sent = services.notify_at_risk(date(2026, 2, 20))
    assert sent == 2  # both companies, to the one district-level supervisor
    assert services.notify_at_risk(date(2026, 2, 21)) == 0  # the same events: nothing twice
    rows = db.session.scalars(select(Notification).where(Notification.kind == "plan_at_risk")).all()
    assert {row.user_id for row in rows} == {world.supervisor.id} and other.id not in {r.user_id for r in rows}
    assert all(row.link == f"/plans/{plan.id}/coverage" for row in rows)
    assert services.notify_at_risk(date(2026, 2, 1)) == 0  # before mid-quarter: nothing flagged
