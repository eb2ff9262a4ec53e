"""The inputs of a period's scores, aggregated in SQL: a fixed handful of statements whatever the company count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Date, and_, cast, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from inspect_app.assessment import rules
from inspect_app.assessment.models import AssessmentPeriod, SpecialAssessment
from inspect_app.committees import queries as committees
from inspect_app.committees import rules as committee_rules
from inspect_app.core.db import db
from inspect_app.core.time import LOCAL_TZ, start_of_local_day
from inspect_app.escalations.models import Escalation
from inspect_app.findings import rules as finding_rules
from inspect_app.findings.models import Finding, StateChange
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.inspections.models import CategoryScore, Inspection, InspectionKind, InspectionStatus
from inspect_app.orders.models import RectificationOrder
from inspect_app.places.models import Neighborhood, PropertyCompany
from inspect_app.survey import queries as survey_queries


@dataclass(frozen=True)
class Window:
    """A period as instants: [start, end); `cutoff` is the end, or now while the period is still running."""

    start: datetime
    end: datetime
    cutoff: datetime

    @property
    def cutoff_day(self) -> date:
        return self.cutoff.astimezone(LOCAL_TZ).date()


def window(period: AssessmentPeriod, now: datetime) -> Window:
    start = start_of_local_day(period.starts_on)
    end = start_of_local_day(period.ends_on + timedelta(days=1))
    return Window(start, end, min(end, now))


@dataclass
class CompanyData:
    """Everything measured about one company in the period, before the formula is applied."""

    name: str
    neighborhoods: dict[int, rules.PatrolSum] = field(default_factory=dict)
    neighborhood_names: dict[int, str] = field(default_factory=dict)
    categories: dict[str, rules.CategoryPoints] = field(default_factory=dict)
    special: Decimal | None = None
    overdue: int = 0
    sent_back: int = 0
    closed: int = 0
    closed_on_time: int = 0
    escalated: int = 0  # 督办 of its orders made in the period (escalations)
    satisfaction: Decimal | None = None  # the quarter's 满意度测评, 0–100 (survey)
    special_mix: committee_rules.SpecialMix | None = None  # staff's 专项考评 with the owners' committees' inputs

    def scoring_input(self) -> rules.CompanyInput:
        return rules.CompanyInput(self.neighborhoods, self.special, self.overdue, self.sent_back, self.categories,
                                  self.satisfaction)


def period_data(period: AssessmentPeriod, now: datetime) -> dict[int, CompanyData]:
    """Company id → its data: every active company, plus any inactive one that was patrolled in the period."""
    span = window(period, now)
    patrols = _patrol_sums(span)
    data = {cid: CompanyData(name) for cid, name, active in db.session.execute(
        select(PropertyCompany.id, PropertyCompany.name, PropertyCompany.is_active)) if active or cid in patrols}
    for company_id, rows in patrols.items():
        for neighborhood_id, name, total, count in rows:
            data[company_id].neighborhoods[neighborhood_id] = rules.PatrolSum(Decimal(total), count)
            data[company_id].neighborhood_names[neighborhood_id] = name
    for company_id, code, earned, possible in _category_sums(span):
        if company_id in data:
            data[company_id].categories[code] = rules.CategoryPoints(Decimal(earned), Decimal(possible))
    for company_id, score in db.session.execute(select(SpecialAssessment.company_id, SpecialAssessment.score)
                                                .where(SpecialAssessment.period_id == period.id)):
        if company_id in data:
            data[company_id].special = Decimal(score)
    _mix_committees(data, period)
    _add_finding_counts(data, span)
    _add_escalation_counts(data, span)
    for company_id, satisfaction in survey_queries.company_satisfaction(period.code).items():
        if company_id in data:
            data[company_id].satisfaction = satisfaction
    return data


def _mix_committees(data: dict[int, CompanyData], period: AssessmentPeriod) -> None:
    """The special part's score: the staff's 专项考评 with the mean of the company's neighbourhoods' committees
    (committees.rules.mix_special, the period's share); computed before the formula, which sees one score."""
    percentages = committees.committee_percentages(period.id)
    share = committees.share_of(period.id)
    for company_id, item in data.items():
        mix = committee_rules.mix_special(item.special, percentages.get(company_id, []), share)
        item.special, item.special_mix = mix.combined, mix


def _add_escalation_counts(data: dict[int, CompanyData], span: Window) -> None:
    """督办 made in the period, per company of the escalated order (shown in the details, not deducted)."""
    stmt = (select(RectificationOrder.company_id, func.count()).select_from(Escalation)
            .join(RectificationOrder, RectificationOrder.id == Escalation.order_id)
            .where(Escalation.created_at >= span.start, Escalation.created_at < span.cutoff)
            .group_by(RectificationOrder.company_id))
    for company_id, count in db.session.execute(stmt):
        if company_id in data:
            data[company_id].escalated = count


def _patrols_in(span: Window) -> list[ColumnElement[bool]]:
    return [Inspection.kind == InspectionKind.PATROL, Inspection.status == InspectionStatus.SUBMITTED,
            Inspection.submitted_at >= span.start, Inspection.submitted_at < span.end,
            Inspection.company_id.is_not(None), Inspection.score.is_not(None)]


def _patrol_sums(span: Window) -> dict[int, list[tuple[int, str, Decimal, int]]]:
    stmt = (select(Inspection.company_id, Inspection.neighborhood_id, Neighborhood.name,
                   func.sum(Inspection.score), func.count())
            .join(Neighborhood, Neighborhood.id == Inspection.neighborhood_id)
            .where(*_patrols_in(span))
            .group_by(Inspection.company_id, Inspection.neighborhood_id, Neighborhood.name))
    grouped: dict[int, list] = defaultdict(list)
    for company_id, neighborhood_id, name, total, count in db.session.execute(stmt):
        assert company_id is not None  # _patrols_in keeps patrols of a company only
        grouped[company_id].append((neighborhood_id, name, total, count))
    return grouped


def _category_sums(span: Window):
    return db.session.execute(
        select(Inspection.company_id, CategoryScore.category_code, func.sum(CategoryScore.earned),
               func.sum(CategoryScore.possible))
        .join(Inspection, Inspection.id == CategoryScore.inspection_id)
        .where(*_patrols_in(span))
        .group_by(Inspection.company_id, CategoryScore.category_code))


def _local_date(column) -> ColumnElement:
    """The local calendar day of a UTC instant, in SQL (SQLite keeps UTC as text; China has no DST)."""
    if db.session.get_bind().dialect.name == "sqlite":
        offset = LOCAL_TZ.utcoffset(datetime(2000, 1, 1))
        assert offset is not None  # a ZoneInfo always has one
        hours = int(offset.total_seconds() // 3600)
        return func.date(column, f"{hours:+d} hours")
    return cast(func.timezone(LOCAL_TZ.key, column), Date)


def _add_finding_counts(data: dict[int, CompanyData], span: Window) -> None:
    """Overdue at the cutoff (created before it, deadline passed, not closed by then), closed in the period
    (and of those, closed no later than their deadline's day), and sent back (督办) in the period; findings
    transferred to a department (and not returned) count for neither."""
    not_closed_by_cutoff = or_(Finding.state != FindingState.CLOSED, Finding.closed_at >= span.cutoff)
    closed_in_period = and_(Finding.state == FindingState.CLOSED, Finding.closed_at >= span.start,
                            Finding.closed_at < span.cutoff)
    on_time = or_(Finding.deadline.is_(None), _local_date(Finding.closed_at) <= Finding.deadline)
    stmt = (select(Finding.company_id,
                   func.count().filter(not_closed_by_cutoff, Finding.deadline < span.cutoff_day),
                   func.count().filter(closed_in_period),
                   func.count().filter(closed_in_period, on_time))
            .where(Finding.company_id.is_not(None), Finding.created_at < span.cutoff,
                   or_(Finding.closed_at.is_(None), Finding.closed_at >= span.start),
                   ~Finding.left_to_department())  # 转办: not the company's to fix, never its overdue
            .group_by(Finding.company_id))
    for company_id, overdue, closed, closed_on_time in db.session.execute(stmt):
        if company_id in data:
            item = data[company_id]
            item.overdue, item.closed, item.closed_on_time = overdue, closed, closed_on_time
    sent_back = (select(Finding.company_id, func.count()).select_from(StateChange)
                 .join(Finding, Finding.id == StateChange.subject_id)
                 .where(StateChange.subject_type == "finding", StateChange.to_state == FindingState.ORDERED,
                        StateChange.from_state.in_(finding_rules.sources(FindingMove.SEND_BACK)),
                        StateChange.created_at >= span.start, StateChange.created_at < span.cutoff,
                        Finding.company_id.is_not(None))
                 .group_by(Finding.company_id))
    for company_id, count in db.session.execute(sent_back):
        if company_id in data:
            data[company_id].sent_back = count
