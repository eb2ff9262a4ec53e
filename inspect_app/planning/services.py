"""Planning use cases: generate an area's quarter plan (the ranking's floor for every company, random picks from a
recorded seed), edit its lines, and tell supervisors of the companies at risk of 未评级."""

import secrets
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from inspect_app.assessment.rules import Settings, quarter_bounds, quarter_code
from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind
from inspect_app.places.models import Community, Neighborhood, communities_of
from inspect_app.planning import queries, rules
from inspect_app.planning.models import PatrolPlan, PlanLine

MAX_COUNT = 30  # patrols of one neighbourhood in a quarter a line may ask for


def floor() -> int:
    """The ranking's fairness floor: a company with fewer patrols in the quarter is 未评级."""
    return Settings().min_patrols


def area_inspectors(plan: PatrolPlan) -> list[User]:
    """The enabled inspectors working within the plan's area, by name."""
    stmt = select(User).where(User.role == Role.INSPECTOR, User.is_enabled)
    if plan.community_id is not None:
        stmt = stmt.where(User.community_id == plan.community_id)
    elif plan.subdistrict_id is not None:
        stmt = stmt.where(or_(User.subdistrict_id == plan.subdistrict_id,
                              User.community_id.in_(communities_of(plan.subdistrict_id))))
    return list(db.session.scalars(stmt.order_by(User.display_name, User.id)))


def area_supervisors(plan: PatrolPlan) -> list[User]:
    """The enabled supervisors of exactly the plan's area."""
    if plan.community_id is not None:
        area = User.community_id == plan.community_id
    elif plan.subdistrict_id is not None:
        area = (User.subdistrict_id == plan.subdistrict_id) & User.community_id.is_(None)
    else:
        area = User.subdistrict_id.is_(None) & User.community_id.is_(None)
    return list(db.session.scalars(select(User).where(User.role == Role.SUPERVISOR, User.is_enabled, area)))


def _places(user: User) -> list[rules.Place]:
    stmt = (select(Neighborhood.id, Neighborhood.company_id).join(Community, Community.id == Neighborhood.community_id)
            .where(Neighborhood.visible_to(user), Neighborhood.is_active, Community.is_active))
    return [rules.Place(n, c) for n, c in db.session.execute(stmt)]


def generate(user: User, quarter: str, *, seed: int | None = None, picks: int | None = None) -> PatrolPlan:
    """The plan of the supervisor's own area for the quarter, from the rule; refused (409) if it exists."""
    if queries.own_plan(user, quarter) is not None:
        raise DomainError(_("本季度本区域的巡查计划已生成。"), status=409)
    starts_on, ends_on = quarter_bounds(quarter)
    subdistrict_id = user.subdistrict_id
    if user.community_id is not None:
        subdistrict_id = db.session.get(Community, user.community_id).subdistrict_id  # type: ignore[union-attr]
    plan = PatrolPlan(quarter=quarter, subdistrict_id=subdistrict_id, community_id=user.community_id,
                      seed=secrets.randbelow(2**31) if seed is None else seed, created_by_id=user.id)
    db.session.add(plan)
    db.session.flush()
    places = _places(user)
    people = area_inspectors(plan)
    inspectors, eligible = [i.id for i in people], {i.id: _visible_ids(i) for i in people}
    drafts = rules.generate(places, inspectors, floor(), eligible)
    drafts += rules.draw_random([p.neighborhood_id for p in places], inspectors, seed=plan.seed,
                                picks=rules.random_count(len(places)) if picks is None else picks,
                                starts_on=starts_on, ends_on=ends_on, eligible=eligible)
    plan.lines = [PlanLine(neighborhood_id=d.neighborhood_id, count=d.count, inspector_id=d.inspector_id,
                           is_random=d.is_random, due_on=d.due_on) for d in drafts]
    db.session.commit()
    return plan


def _visible_ids(user: User) -> set[int]:
    return set(db.session.scalars(select(Neighborhood.id).where(Neighborhood.visible_to(user))))


def _check(plan: PatrolPlan, count: int, inspector_id: int | None, neighborhood_id: int | None) -> None:
    if not 1 <= count <= MAX_COUNT:
        raise DomainError(_("巡查次数须在 1 到 %(n)s 之间。", n=MAX_COUNT), field="count")
    if inspector_id is None:
        return
    inspector = next((i for i in area_inspectors(plan) if i.id == inspector_id), None)
    if inspector is None or neighborhood_id not in _visible_ids(inspector):
        raise DomainError(_("请选择本区域的巡查员。"), field="inspector")


def add_line(plan: PatrolPlan, user: User, *, neighborhood_id: int | None, count: int,
             inspector_id: int | None) -> PlanLine:
    _check(plan, count, inspector_id, neighborhood_id)
    visible = db.session.scalar(select(Neighborhood.id).where(Neighborhood.id == neighborhood_id,
                                                              Neighborhood.visible_to(user)))
    if neighborhood_id is None or visible is None:
        raise DomainError(_("请选择本区域的小区。"), field="neighborhood")
    line = PlanLine(plan_id=plan.id, neighborhood_id=neighborhood_id, count=count, inspector_id=inspector_id)
    db.session.add(line)
    db.session.commit()
    return line


def update_line(line: PlanLine, *, count: int, inspector_id: int | None) -> None:
    _check(line.plan, count, inspector_id, line.neighborhood_id)
    line.count, line.inspector_id = count, inspector_id
    db.session.commit()


def remove_line(line: PlanLine) -> None:
    db.session.delete(line)
    db.session.commit()


def notify_at_risk(today: date) -> int:
    """Each plan of today's quarter: its area's supervisors told once of each company at risk of 未评级."""
    sent = 0
    for plan in db.session.scalars(select(PatrolPlan).where(PatrolPlan.quarter == quarter_code(today))):
        result = queries.coverage(plan, today, floor())
        supervisors = area_supervisors(plan)
        for company_id, tally in result.companies.items():
            if not tally.at_risk:
                continue
            sent += len(notifications.notify(
                supervisors, NotificationKind.PLAN_AT_RISK, key=f"plan-at-risk:{plan.id}:{company_id}",
                link=f"/plans/{plan.id}/coverage", title=_("可能未评级：%(company)s", company=tally.name),
                body=_("%(company)s 本季度已巡查 %(done)s 次，按目前进度到季末达不到 %(floor)s 次。",
                       company=tally.name, done=tally.done, floor=floor())))
    return sent

