"""A period's ranking, computed live while open or read from the scores frozen at close, with movement."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, func, insert, select

from inspect_app.assessment import queries, rules
from inspect_app.assessment.models import AssessmentPeriod, CompanyScore
from inspect_app.assessment.rules import PeriodStatus
from inspect_app.committees.rules import SpecialMix
from inspect_app.core.db import db, utcnow
from inspect_app.places.models import PropertyCompany

FROZEN = (PeriodStatus.CLOSED, PeriodStatus.PUBLISHED)


@dataclass(frozen=True)
class NeighborhoodMean:
    name: str
    mean: Decimal
    count: int


@dataclass(frozen=True)
class Row:
    company_id: int
    company_name: str
    result: rules.CompanyResult
    rank: int | None = None
    movement: rules.Movement | None = None
    on_time_rate: Decimal | None = None
    closed: int = 0
    closed_on_time: int = 0
    neighborhoods: tuple[NeighborhoodMean, ...] = ()
    escalated: int = 0  # 督办 of its orders in the period (counted, no deduction)
    special_mix: SpecialMix | None = None  # how the 专项考评 was reached (staff and owners' committees)


@dataclass(frozen=True)
class Ranking:
    period: AssessmentPeriod
    settings: rules.Settings
    rows: list[Row]
    previous_code: str | None = None
    extremes: list[rules.Extreme] = field(default_factory=list)

    @property
    def rated(self) -> list[Row]:
        return [row for row in self.rows if row.rank is not None]

    @property
    def unrated(self) -> list[Row]:
        return [row for row in self.rows if row.rank is None]

    @property
    def names(self) -> dict[int, str]:
        return {row.company_id: row.company_name for row in self.rows}

    @property
    def best_by_category(self) -> dict[str, Decimal]:
        return {extreme.code: extreme.best for extreme in self.extremes}

    def row(self, company_id: int) -> Row | None:
        return next((row for row in self.rows if row.company_id == company_id), None)

    def red_black(self, size: int) -> tuple[list[Row], list[Row]]:
        """红黑榜: the best `size` rated companies and the worst `size` (worst last), never one on both lists."""
        rated = self.rated
        red = rated[:size]
        black = rated[max(len(red), len(rated) - size):]
        return red, black


def settings_of(period: AssessmentPeriod) -> rules.Settings:
    return rules.Settings(Decimal(period.patrol_weight), Decimal(period.special_weight),
                          Decimal(period.overdue_penalty), Decimal(period.sent_back_penalty),
                          Decimal(period.penalty_cap), period.min_patrols,
                          satisfaction_weight=Decimal(period.satisfaction_weight))


def ranking(period: AssessmentPeriod, *, public: bool = False, now: datetime | None = None) -> Ranking:
    """Live while the period is open, frozen once closed; movement against the period just before, if that one is
    frozen (and, for the public, published)."""
    rows = frozen_rows(period) if period.status in FROZEN else live_rows(period, now or utcnow())
    previous = previous_period(period)
    if previous is not None and previous.status not in ((PeriodStatus.PUBLISHED,) if public else FROZEN):
        previous = None
    if previous is not None:
        before = previous_ranks(previous)
        rows = [replace(row, movement=rules.movement(row.rank, before.get(row.company_id))) for row in rows]
    rows.sort(key=_order)
    extremes = rules.category_extremes({row.company_id: row.result.categories for row in rows if row.rank})
    return Ranking(period, settings_of(period), rows, previous.code if previous is not None else None, extremes)


def _order(row: Row) -> tuple:
    return (row.rank is None, row.rank or 0, row.company_name)


def live_rows(period: AssessmentPeriod, now: datetime) -> list[Row]:
    settings = settings_of(period)
    data = queries.period_data(period, now)
    results = {cid: rules.company_score(item.scoring_input(), settings) for cid, item in data.items()}
    ranks = rules.competition_ranks({cid: result.total for cid, result in results.items()})
    return [Row(cid, item.name, results[cid], ranks.get(cid), None,
                rules.on_time_rate(item.closed_on_time, item.closed, item.overdue), item.closed, item.closed_on_time,
                _neighborhood_means(item), item.escalated, item.special_mix) for cid, item in data.items()]


def _neighborhood_means(item: queries.CompanyData) -> tuple[NeighborhoodMean, ...]:
    means = [NeighborhoodMean(item.neighborhood_names[nid], rules.quantize(s.total / s.count), s.count)
             for nid, s in item.neighborhoods.items()]
    return tuple(sorted(means, key=lambda n: n.name))


def previous_period(period: AssessmentPeriod) -> AssessmentPeriod | None:
    return db.session.scalar(select(AssessmentPeriod).where(AssessmentPeriod.starts_on < period.starts_on)
                             .order_by(AssessmentPeriod.starts_on.desc()).limit(1))


def previous_ranks(period: AssessmentPeriod) -> dict[int, int]:
    rows = db.session.execute(select(CompanyScore.company_id, CompanyScore.rank).where(
        CompanyScore.period_id == period.id, CompanyScore.rank.is_not(None)))
    return {company_id: rank for company_id, rank in rows if rank is not None}


def freeze(period: AssessmentPeriod, rows: list[Row]) -> None:
    """Replace the period's stored scores with these rows (one INSERT for all companies)."""
    db.session.execute(delete(CompanyScore).where(CompanyScore.period_id == period.id))
    if rows:
        db.session.execute(insert(CompanyScore), [_stored(period, row) for row in rows])


def _stored(period: AssessmentPeriod, row: Row) -> dict:
    result = row.result
    return {
        "period_id": period.id, "company_id": row.company_id, "is_rated": result.is_rated, "rank": row.rank,
        "total": result.total, "patrol_score": result.patrol_mean, "special_score": result.special,
        "satisfaction_score": result.satisfaction,
        "penalty": result.penalty, "patrol_count": result.patrol_count, "overdue_count": result.overdue,
        "sent_back_count": result.sent_back, "on_time_rate": row.on_time_rate,
        "category_scores": {code: str(value) for code, value in result.categories.items()},
        "details": {"neighborhoods": [[n.name, str(n.mean), n.count] for n in row.neighborhoods],
                    "closed": row.closed, "closed_on_time": row.closed_on_time, "escalated": row.escalated,
                    "special_mix": _mix_stored(row.special_mix)},
    }


def _mix_stored(mix: SpecialMix | None) -> list | None:
    if mix is None or not mix.has_committee:
        return None
    return [None if mix.staff is None else str(mix.staff), str(mix.committee), mix.committee_count, str(mix.share),
            None if mix.combined is None else str(mix.combined)]


def _mix_thawed(stored: list | None) -> SpecialMix | None:
    if not stored:
        return None
    staff, committee, count, share, combined = stored
    return SpecialMix(None if staff is None else Decimal(staff), Decimal(committee), count, Decimal(share),
                      None if combined is None else Decimal(combined))


def frozen_rows(period: AssessmentPeriod) -> list[Row]:
    settings = settings_of(period)
    stmt = (select(CompanyScore, PropertyCompany.name)
            .join(PropertyCompany, PropertyCompany.id == CompanyScore.company_id)
            .where(CompanyScore.period_id == period.id))
    return [_thawed(score, name, settings) for score, name in db.session.execute(stmt)]


def _thawed(score: CompanyScore, name: str, settings: rules.Settings) -> Row:
    """A stored score back into a result; the parts follow from the frozen means and the period's weights."""
    mean = Decimal(score.patrol_score) if score.patrol_score is not None else None
    special = Decimal(score.special_score) if score.special_score is not None else None
    satisfaction = Decimal(score.satisfaction_score) if score.satisfaction_score is not None else None
    satisfaction_part, satisfaction_weight = rules.satisfaction_share(satisfaction, settings)
    patrol_part, special_part, patrol_weight, special_weight = rules.weighted_parts(
        mean, special, settings, rules.ONE - satisfaction_weight)
    uncapped = rules.penalty(score.overdue_count, score.sent_back_count, settings)[1]
    details = score.details or {}
    neighborhoods = tuple(NeighborhoodMean(n, Decimal(m), c) for n, m, c in details.get("neighborhoods", []))
    result = rules.CompanyResult(
        is_rated=score.is_rated, total=Decimal(score.total) if score.total is not None else None, patrol_mean=mean,
        patrol_part=patrol_part, patrol_weight=patrol_weight, special=special, special_part=special_part,
        special_weight=special_weight, penalty=Decimal(score.penalty), penalty_uncapped=uncapped,
        patrol_count=score.patrol_count, neighborhood_count=len(neighborhoods), overdue=score.overdue_count,
        sent_back=score.sent_back_count,
        categories={code: Decimal(value) for code, value in (score.category_scores or {}).items()},
        satisfaction=satisfaction, satisfaction_part=satisfaction_part, satisfaction_weight=satisfaction_weight)
    rate = Decimal(score.on_time_rate) if score.on_time_rate is not None else None
    return Row(score.company_id, name, result, score.rank, None, rate, details.get("closed", 0),
               details.get("closed_on_time", 0), neighborhoods, details.get("escalated", 0),
               _mix_thawed(details.get("special_mix")))


@dataclass(frozen=True)
class HistoryPoint:
    code: str
    total: Decimal | None
    rank: int | None
    rated_count: int


def company_history(company_id: int, *, public: bool = True) -> list[HistoryPoint]:
    """The company's frozen results over the periods (published ones only for the public), oldest first."""
    statuses = (PeriodStatus.PUBLISHED,) if public else FROZEN
    rated = (select(CompanyScore.period_id, func.count().label("n")).where(CompanyScore.rank.is_not(None))
             .group_by(CompanyScore.period_id).subquery())
    stmt = (select(AssessmentPeriod.code, CompanyScore.total, CompanyScore.rank, func.coalesce(rated.c.n, 0))
            .join(CompanyScore, CompanyScore.period_id == AssessmentPeriod.id)
            .outerjoin(rated, rated.c.period_id == AssessmentPeriod.id)
            .where(CompanyScore.company_id == company_id, AssessmentPeriod.status.in_(statuses))
            .order_by(AssessmentPeriod.starts_on))
    return [HistoryPoint(code, Decimal(total) if total is not None else None, rank, n)
            for code, total, rank, n in db.session.execute(stmt)]
