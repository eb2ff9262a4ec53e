"""Read-only planning queries: plans a user sees, patrols done in a quarter (counted, never stored), coverage, and an
inspector's week."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from inspect_app.assessment.rules import quarter_bounds, quarter_code
from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import start_of_local_day
from inspect_app.inspections.models import Inspection, InspectionKind, InspectionStatus
from inspect_app.places.models import Neighborhood
from inspect_app.planning import rules
from inspect_app.planning.models import PatrolPlan, PlanLine


def plans(user: User, quarter: str) -> list[PatrolPlan]:
    stmt = (select(PatrolPlan).where(PatrolPlan.visible_to(user), PatrolPlan.quarter == quarter)
            .options(joinedload(PatrolPlan.subdistrict), joinedload(PatrolPlan.community))
            .order_by(PatrolPlan.subdistrict_id.is_not(None), PatrolPlan.community_id.is_not(None), PatrolPlan.id))
    return list(db.session.scalars(stmt))


def plan_for(user: User, plan_id: int) -> PatrolPlan | None:
    return db.session.scalar(select(PatrolPlan).where(PatrolPlan.id == plan_id, PatrolPlan.visible_to(user)))


def own_plan(user: User, quarter: str) -> PatrolPlan | None:
    """The plan of exactly the user's area for the quarter."""
    if user.community_id is not None:
        area = PatrolPlan.community_id == user.community_id
    elif user.subdistrict_id is not None:
        area = (PatrolPlan.subdistrict_id == user.subdistrict_id) & PatrolPlan.community_id.is_(None)
    else:
        area = PatrolPlan.subdistrict_id.is_(None) & PatrolPlan.community_id.is_(None)
    return db.session.scalar(select(PatrolPlan).where(PatrolPlan.quarter == quarter, area))


def area_neighborhoods(user: User) -> list[Neighborhood]:
    """The active neighbourhoods a line may name: the user's."""
    return list(db.session.scalars(select(Neighborhood).where(Neighborhood.visible_to(user), Neighborhood.is_active)
                                   .order_by(Neighborhood.name)))


def lines(plan: PatrolPlan, user: User | None = None) -> list[PlanLine]:
    """The plan's lines; with a user, only those of neighbourhoods the user sees (a larger area's plan)."""
    stmt = (select(PlanLine).where(PlanLine.plan_id == plan.id)
            .options(joinedload(PlanLine.neighborhood).joinedload(Neighborhood.community),
                     joinedload(PlanLine.neighborhood).joinedload(Neighborhood.company), joinedload(PlanLine.inspector))
            .order_by(PlanLine.is_random, PlanLine.neighborhood_id, PlanLine.id))
    if user is not None:
        stmt = stmt.where(PlanLine.neighborhood_id.in_(select(Neighborhood.id).where(Neighborhood.visible_to(user))))
    return list(db.session.scalars(stmt))


def _span(quarter: str):
    starts_on, ends_on = quarter_bounds(quarter)
    return start_of_local_day(starts_on), start_of_local_day(ends_on + timedelta(days=1))


def _patrols(quarter: str):
    start, end = _span(quarter)
    return (Inspection.kind == InspectionKind.PATROL, Inspection.status == InspectionStatus.SUBMITTED,
            Inspection.submitted_at >= start, Inspection.submitted_at < end)


def done_by_neighborhood(quarter: str, neighborhood_ids) -> dict[int, int]:
    """Submitted patrols of the quarter (China time) per neighbourhood."""
    stmt = (select(Inspection.neighborhood_id, func.count()).where(*_patrols(quarter))
            .where(Inspection.neighborhood_id.in_(neighborhood_ids)).group_by(Inspection.neighborhood_id))
    return {n: c for n, c in db.session.execute(stmt)}


def done_by_company(quarter: str, company_ids) -> dict[int, int]:
    """Submitted patrols of the quarter per company served, wherever (the ranking's count)."""
    stmt = (select(Inspection.company_id, func.count()).where(*_patrols(quarter))
            .where(Inspection.company_id.in_(company_ids)).group_by(Inspection.company_id))
    return {c: n for c, n in db.session.execute(stmt) if c is not None}


@dataclass
class Tally:
    name: str
    planned: int = 0
    done: int = 0
    at_risk: bool = False

    @property
    def share(self) -> int:
        return rules.share(self.done, self.planned)


@dataclass
class Coverage:
    plan: PatrolPlan
    total: Tally
    companies: dict[int, Tally] = field(default_factory=dict)
    neighborhoods: dict[int, Tally] = field(default_factory=dict)
    done_lines: dict[int, int] = field(default_factory=dict)  # line id → patrols counted for it
    flagging: bool = False  # from mid-quarter the at-risk companies are flagged


def coverage(plan: PatrolPlan, today: date, floor: int, user: User | None = None) -> Coverage:
    """Done / planned of the plan's area, each company and each neighbourhood; companies short of the floor by
    the quarter's end at their pace flagged from mid-quarter. Three queries."""
    starts_on, ends_on = quarter_bounds(plan.quarter)
    plan_lines = lines(plan, user)
    neighborhoods = {line.neighborhood_id: line.neighborhood for line in plan_lines}
    done = done_by_neighborhood(plan.quarter, list(neighborhoods))
    by_company = done_by_company(plan.quarter, {n.company_id for n in neighborhoods.values() if n.company_id})
    result = Coverage(plan, Tally(plan.community.name if plan.community else plan.subdistrict.name
                                  if plan.subdistrict else ""),
                      flagging=today >= rules.mid_quarter(starts_on, ends_on))
    result.done_lines = rules.allocate([(ln.id, ln.neighborhood_id, ln.is_random, ln.count) for ln in plan_lines], done)
    for line in plan_lines:
        n = line.neighborhood
        tally = result.neighborhoods.setdefault(n.id, Tally(n.name, done=done.get(n.id, 0)))
        tally.planned += line.count
        if n.company is not None and n.company_id is not None:
            company = result.companies.setdefault(
                n.company_id, Tally(n.company.name, done=by_company.get(n.company_id, 0)))
            company.planned += line.count
    for tally in result.neighborhoods.values():
        result.total.planned += tally.planned
        result.total.done += min(tally.done, tally.planned)
    for company in result.companies.values():
        company.at_risk = rules.at_risk(company.done, floor, starts_on=starts_on, ends_on=ends_on, today=today)
    return result


@dataclass(frozen=True)
class WeekRow:
    line: PlanLine
    done: int
    urgency: rules.Urgency
    due_on: date | None


def this_week(user: User, today: date, limit: int = 30) -> list[WeekRow]:
    """The inspector's planned patrols of the quarter not yet done, most urgent first: overdue, due this week,
    random picks, later. Two queries."""
    quarter = quarter_code(today)
    starts_on, ends_on = quarter_bounds(quarter)
    done = (select(Inspection.neighborhood_id, func.count().label("n")).where(*_patrols(quarter))
            .group_by(Inspection.neighborhood_id).subquery())
    stmt = (select(PlanLine, func.coalesce(done.c.n, 0)).join(PatrolPlan, PatrolPlan.id == PlanLine.plan_id)
            .outerjoin(done, done.c.neighborhood_id == PlanLine.neighborhood_id)
            .where(PatrolPlan.quarter == quarter, PlanLine.inspector_id == user.id)
            .options(joinedload(PlanLine.neighborhood).joinedload(Neighborhood.community)))
    found = list(db.session.execute(stmt))
    counted = rules.allocate([(ln.id, ln.neighborhood_id, ln.is_random, ln.count) for ln, _ in found],
                             {ln.neighborhood_id: n for ln, n in found})
    rows = []
    for line, _n in found:
        state, due_on = rules.urgency(count=line.count, done=counted[line.id], is_random=line.is_random,
                                      due_on=line.due_on, starts_on=starts_on, ends_on=ends_on, today=today)
        if state != rules.Urgency.DONE:
            rows.append(WeekRow(line, counted[line.id], state, due_on))
    rows.sort(key=lambda r: (rules.URGENCY_ORDER.index(r.urgency), r.due_on or ends_on, r.line.neighborhood.name))
    return rows[:limit]

