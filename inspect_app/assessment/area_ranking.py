"""The areas' ranking of a period (镇街考评): subdistricts among the district's, communities within their
subdistrict; live while the period is open, read from the scores frozen at close, with movement."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, insert, select

from inspect_app.assessment import area_queries, area_rules, rules
from inspect_app.assessment.area_rules import AreaInput, AreaResult
from inspect_app.assessment.models import AreaScore, AssessmentPeriod
from inspect_app.assessment.ranking import FROZEN, previous_period
from inspect_app.assessment.rules import PeriodStatus
from inspect_app.core.db import db, utcnow
from inspect_app.places.models import Community, Subdistrict
from inspect_app.survey import queries as survey_queries
from inspect_app.workdays.services import calendar

COUNTS = ("planned", "done", "closed", "closed_on_time", "overdue", "close_days", "reports", "reports_in_time")


@dataclass(frozen=True)
class AreaRow:
    subdistrict_id: int
    community_id: int | None  # None: the subdistrict's own row
    name: str
    counts: AreaInput
    result: AreaResult
    rank: int | None = None
    movement: rules.Movement | None = None

    @property
    def key(self) -> tuple[int, int | None]:
        return self.subdistrict_id, self.community_id


@dataclass(frozen=True)
class AreaRanking:
    period: AssessmentPeriod
    subdistricts: list[AreaRow]
    communities: dict[int, list[AreaRow]] = field(default_factory=dict)  # subdistrict id → its communities
    previous_code: str | None = None

    @property
    def rows(self) -> list[AreaRow]:
        """Each subdistrict followed by its communities (the order of the PDF and the Excel sheet)."""
        return [row for sub in self.subdistricts for row in (sub, *self.communities.get(sub.subdistrict_id, []))]

    def subdistrict(self, subdistrict_id: int) -> AreaRow | None:
        return next((row for row in self.subdistricts if row.subdistrict_id == subdistrict_id), None)


def satisfaction_scores(period: AssessmentPeriod) -> dict[tuple[str, int], Decimal]:
    """The quarter's satisfaction (满意度测评) per area, 0–100; an area nobody answered in has none and the other
    measures carry its weight (area_rules.reweighted)."""
    return survey_queries.area_satisfaction(period.code)


def live_rows(period: AssessmentPeriod, now: datetime) -> list[AreaRow]:
    satisfaction = satisfaction_scores(period)
    data = area_queries.period_areas(period, now, calendar(), satisfaction)
    inputs = {sid: data.subdistrict_input(sid, satisfaction.get(("subdistrict", sid))) for sid in data.subdistricts}
    results = {sid: area_rules.area_score(counts) for sid, counts in inputs.items()}
    ranks = rules.competition_ranks({sid: result.total for sid, result in results.items()})
    rows: list[AreaRow] = []
    for sid, area in data.subdistricts.items():
        rows.append(AreaRow(sid, None, area.name, inputs[sid], results[sid], ranks.get(sid)))
        communities = {c.id: area_rules.area_score(data.counts[c.id]) for c in data.communities[sid]}
        within = rules.competition_ranks({cid: result.total for cid, result in communities.items()})
        rows += [AreaRow(sid, c.id, c.name, data.counts[c.id], communities[c.id], within.get(c.id))
                 for c in data.communities[sid]]
    return rows


def area_ranking(period: AssessmentPeriod, *, public: bool = False, now: datetime | None = None) -> AreaRanking:
    """Movement against the period just before, if that one is frozen (and, for the public, published)."""
    rows = frozen_rows(period) if period.status in FROZEN else live_rows(period, now or utcnow())
    previous = previous_period(period)
    if previous is not None and previous.status not in ((PeriodStatus.PUBLISHED,) if public else FROZEN):
        previous = None
    if previous is not None:
        before = previous_ranks(previous)
        rows = [replace(row, movement=rules.movement(row.rank, before.get(row.key))) for row in rows]
    order = sorted(rows, key=lambda row: (row.rank is None, row.rank or 0, row.name))
    communities: dict[int, list[AreaRow]] = {}
    for row in order:
        if row.community_id is not None:
            communities.setdefault(row.subdistrict_id, []).append(row)
    return AreaRanking(period, [row for row in order if row.community_id is None], communities,
                       previous.code if previous is not None else None)


def previous_ranks(period: AssessmentPeriod) -> dict[tuple[int, int | None], int]:
    rows = db.session.execute(select(AreaScore.subdistrict_id, AreaScore.community_id, AreaScore.rank).where(
        AreaScore.period_id == period.id, AreaScore.rank.is_not(None)))
    return {(sid, cid): rank for sid, cid, rank in rows if rank is not None}


def freeze(period: AssessmentPeriod, rows: list[AreaRow]) -> None:
    """Replace the period's stored area scores with these rows."""
    db.session.execute(delete(AreaScore).where(AreaScore.period_id == period.id))
    if rows:
        db.session.execute(insert(AreaScore), [_stored(period, row) for row in rows])


def _text(values: dict[str, Decimal | None]) -> dict[str, str | None]:
    return {name: None if value is None else str(value) for name, value in values.items()}


def _stored(period: AssessmentPeriod, row: AreaRow) -> dict:
    result = row.result
    counts = {name: value for name, value in asdict(row.counts).items() if name in COUNTS}
    return {"period_id": period.id, "subdistrict_id": row.subdistrict_id, "community_id": row.community_id,
            "rank": row.rank, "total": result.total, "coverage": result.coverage,
            "on_time_rate": result.on_time_rate, "avg_days": result.avg_days, "reports_rate": result.reports_rate,
            "satisfaction": row.counts.satisfaction,
            "details": {"counts": counts, "measures": _text(dict(result.measures)),
                        "weights": _text(dict(result.weights)), "parts": _text(dict(result.parts))}}


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def frozen_rows(period: AssessmentPeriod) -> list[AreaRow]:
    stmt = (select(AreaScore, Subdistrict.name, Community.name)
            .join(Subdistrict, Subdistrict.id == AreaScore.subdistrict_id)
            .outerjoin(Community, Community.id == AreaScore.community_id)
            .where(AreaScore.period_id == period.id))
    return [_thawed(score, community or subdistrict) for score, subdistrict, community in db.session.execute(stmt)]


def _thawed(score: AreaScore, name: str) -> AreaRow:
    """A stored score as it was frozen: nothing is recomputed, so a later change of the weights leaves it alone."""
    details = score.details or {}
    counts = AreaInput(**{k: int(v) for k, v in details.get("counts", {}).items() if k in COUNTS},
                       satisfaction=score.satisfaction)
    measures = {k: _decimal(v) for k, v in details.get("measures", {}).items()}
    result = AreaResult(
        total=score.total, measures=measures,
        weights={k: Decimal(v or 0) for k, v in details.get("weights", {}).items()},
        parts={k: Decimal(v) for k, v in details.get("parts", {}).items() if v is not None},
        coverage=score.coverage, on_time_rate=score.on_time_rate, avg_days=score.avg_days,
        reports_rate=score.reports_rate)
    return AreaRow(score.subdistrict_id, score.community_id, name, counts, result, score.rank)
