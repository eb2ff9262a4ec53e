"""What an owners' committee sees first: its neighbourhood, open findings, orders, latest patrols and scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from inspect_app.assessment import ranking
from inspect_app.assessment import services as assessment
from inspect_app.assessment.queries import window
from inspect_app.auth.models import User
from inspect_app.committees import queries
from inspect_app.core.db import db, utcnow
from inspect_app.findings import ledger
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.inspections.models import Inspection, InspectionKind, InspectionStatus
from inspect_app.orders import queries as orders

LATEST = 5


@dataclass(frozen=True)
class QuarterScore:
    code: str
    patrol_mean: Decimal | None  # this neighbourhood's patrols in the period
    patrol_count: int
    company_total: Decimal | None  # the company's total, once the quarter is published
    company_rank: int | None
    rated_count: int


def home(user: User, *, today: date) -> dict:
    """Everything is read through the models' `visible_to(user)`: the committee's neighbourhood only."""
    open_findings = list(db.session.scalars(
        select(Finding).where(Finding.visible_to(user), Finding.state != FindingState.CLOSED)
        .options(joinedload(Finding.neighborhood)).order_by(Finding.created_at.desc()).limit(10)))
    patrols = list(db.session.scalars(
        select(Inspection).where(Inspection.visible_to(user), Inspection.kind == InspectionKind.PATROL,
                                 Inspection.status == InspectionStatus.SUBMITTED)
        .order_by(Inspection.submitted_at.desc()).limit(LATEST)))
    counts = ledger.tile_counts(ledger.LedgerFilters(), user, today)
    counts.pop("matching")
    return {"neighborhood": user.neighborhood, "counts": counts, "filters": ledger.LedgerFilters(),
            "open_findings": open_findings, "orders": orders.order_list(user, today=today, limit=10),
            "patrols": patrols, "scores": quarter_scores(user), **queries.form_state(user.neighborhood_id)}


def quarter_scores(user: User, limit: int = 2) -> list[QuarterScore]:
    """The newest periods: the neighbourhood's patrol mean, and its company's total and rank once published."""
    company_id = user.neighborhood.company_id if user.neighborhood is not None else None
    result = []
    for period in assessment.periods()[:limit]:
        span = window(period, utcnow())
        mean, count = db.session.execute(
            select(func.avg(Inspection.score), func.count()).where(
                Inspection.visible_to(user), Inspection.kind == InspectionKind.PATROL,
                Inspection.status == InspectionStatus.SUBMITTED, Inspection.score.is_not(None),
                Inspection.submitted_at >= span.start, Inspection.submitted_at < span.end)).one()
        board = ranking.ranking(period, public=True) if period.is_published else None
        row = board.row(company_id) if board is not None and company_id is not None else None
        result.append(QuarterScore(period.code, Decimal(mean).quantize(Decimal("0.01")) if mean is not None else None,
                                   count, row.result.total if row else None, row.rank if row else None,
                                   len(board.rated) if board is not None else 0))
    return result
