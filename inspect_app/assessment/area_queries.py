"""The inputs of the areas' quarterly scores (镇街考评): counted per community from the plan, the patrols, the
ledger and the residents' reports; a subdistrict is the sum of its communities. A fixed handful of statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_, select

from inspect_app.assessment import area_rules
from inspect_app.assessment.area_rules import AreaInput, Report
from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.assessment.queries import Window, _local_date, window
from inspect_app.core.db import db
from inspect_app.core.time import LOCAL_TZ
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.places.models import Community, Neighborhood, Subdistrict
from inspect_app.planning.models import PatrolPlan, PlanLine
from inspect_app.planning.queries import done_by_neighborhood
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import ReportStatus
from inspect_app.workdays.rules import Calendar


@dataclass(frozen=True)
class Area:
    id: int
    name: str


@dataclass
class AreaData:
    """The active subdistricts (by name) and each one's active communities, with what was counted for each."""

    subdistricts: dict[int, Area] = field(default_factory=dict)
    communities: dict[int, list[Area]] = field(default_factory=dict)  # subdistrict id → its communities
    counts: dict[int, AreaInput] = field(default_factory=dict)  # community id → its counts

    def subdistrict_input(self, subdistrict_id: int, satisfaction: Decimal | None = None) -> AreaInput:
        total = AreaInput(satisfaction=satisfaction)
        for community in self.communities.get(subdistrict_id, []):
            total.add(self.counts[community.id])
        return total


def period_areas(period: AssessmentPeriod, now: datetime, calendar: Calendar,
                 satisfaction: dict[tuple[str, int], Decimal] | None = None) -> AreaData:
    """`satisfaction` maps ("subdistrict" | "community", id) to the survey's 0–100 score; absent when none."""
    satisfaction = satisfaction or {}
    span = window(period, now)
    data = _areas()
    for communities in data.communities.values():
        for community in communities:
            data.counts[community.id] = AreaInput(satisfaction=satisfaction.get(("community", community.id)))
    _add_coverage(data.counts, period.code)
    _add_findings(data.counts, span, calendar)
    _add_reports(data.counts, span, calendar)
    return data


def _areas() -> AreaData:
    data = AreaData()
    stmt = (select(Subdistrict.id, Subdistrict.name, Community.id, Community.name)
            .outerjoin(Community, and_(Community.subdistrict_id == Subdistrict.id, Community.is_active))
            .where(Subdistrict.is_active).order_by(Subdistrict.name, Community.name))
    for sid, name, cid, community in db_rows(stmt):
        data.subdistricts.setdefault(sid, Area(sid, name))
        data.communities.setdefault(sid, [])
        if cid is not None:
            data.communities[sid].append(Area(cid, community))
    return data


def db_rows(stmt) -> list:
    return list(db.session.execute(stmt).all())


def _add_coverage(counts: dict[int, AreaInput], quarter: str) -> None:
    """Every plan of the quarter (district, subdistrict, community) counts its lines where its neighbourhoods lie."""
    planned = db_rows(select(PlanLine.neighborhood_id, Neighborhood.community_id, func.sum(PlanLine.count))
                      .join(PatrolPlan, PatrolPlan.id == PlanLine.plan_id)
                      .join(Neighborhood, Neighborhood.id == PlanLine.neighborhood_id)
                      .where(PatrolPlan.quarter == quarter)
                      .group_by(PlanLine.neighborhood_id, Neighborhood.community_id))
    done = done_by_neighborhood(quarter, [row[0] for row in planned])
    by_community: dict[int, dict[int, int]] = defaultdict(dict)
    for neighborhood_id, community_id, count in planned:
        by_community[community_id][neighborhood_id] = int(count)
    for community_id, plan in by_community.items():
        if community_id in counts:
            counts[community_id].done, counts[community_id].planned = area_rules.coverage(done, plan)


def _add_findings(counts: dict[int, AreaInput], span: Window, calendar: Calendar) -> None:
    """As for the companies: overdue at the cutoff, closed in the period and of those on time; plus the working
    days each closed finding took (counted in Python on the working-day calendar)."""
    not_closed_by_cutoff = or_(Finding.state != FindingState.CLOSED, Finding.closed_at >= span.cutoff)
    closed_in_period = and_(Finding.state == FindingState.CLOSED, Finding.closed_at >= span.start,
                            Finding.closed_at < span.cutoff)
    on_time = or_(Finding.deadline.is_(None), _local_date(Finding.closed_at) <= Finding.deadline)
    stmt = (select(Finding.community_id,
                   func.count().filter(not_closed_by_cutoff, Finding.deadline < span.cutoff_day),
                   func.count().filter(closed_in_period), func.count().filter(closed_in_period, on_time))
            .where(Finding.created_at < span.cutoff, or_(Finding.closed_at.is_(None), Finding.closed_at >= span.start))
            .group_by(Finding.community_id))
    for community_id, overdue, closed, closed_on_time in db_rows(stmt):
        if community_id in counts:
            item = counts[community_id]
            item.overdue, item.closed, item.closed_on_time = overdue, closed, closed_on_time
    for community_id, created_at, closed_at in db_rows(
            select(Finding.community_id, Finding.created_at, Finding.closed_at).where(closed_in_period)):
        if community_id in counts:
            counts[community_id].close_days += area_rules.working_days(
                calendar, created_at.astimezone(LOCAL_TZ).date(), closed_at.astimezone(LOCAL_TZ).date())


def _add_reports(counts: dict[int, AreaInput], span: Window, calendar: Calendar) -> None:
    """The residents' reports received in the period, judged by their triage day."""
    stmt = (select(Neighborhood.community_id, ResidentReport.created_at, ResidentReport.triaged_at,
                   ResidentReport.status)
            .join(Neighborhood, Neighborhood.id == ResidentReport.neighborhood_id)
            .where(ResidentReport.created_at >= span.start, ResidentReport.created_at < span.cutoff))
    reports: dict[int, list[Report]] = defaultdict(list)
    for community_id, created_at, triaged_at, status in db_rows(stmt):
        handled = triaged_at.astimezone(LOCAL_TZ).date() if triaged_at and status != ReportStatus.RECEIVED else None
        reports[community_id].append(Report(created_at.astimezone(LOCAL_TZ).date(), handled))
    for community_id, items in reports.items():
        if community_id in counts:
            counts[community_id].reports, counts[community_id].reports_in_time = area_rules.judge_reports(
                items, calendar, span.cutoff_day)
