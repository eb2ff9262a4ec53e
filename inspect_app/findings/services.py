"""Finding queries and use cases; company users only ever get their own company's findings."""

from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.permissions import company_scope
from inspect_app.core.time import start_of_local_day
from inspect_app.findings.models import Finding, FindingState, StateChange


def get_finding_for(user: User, finding_id: int) -> Finding | None:
    stmt = select(Finding).where(Finding.id == finding_id).options(joinedload(Finding.neighborhood))
    return db.session.scalar(company_scope(stmt, Finding.company_id, user))


def findings_for(user: User, *, today: date, limit: int = 50) -> list[Finding]:
    """Unclosed findings, overdue first, then by deadline."""
    overdue_first = case((Finding.deadline < today, 0), else_=1)
    stmt = (
        select(Finding)
        .where(Finding.state != FindingState.CLOSED)
        .options(joinedload(Finding.neighborhood))
        .order_by(overdue_first, Finding.deadline.is_(None), Finding.deadline, Finding.id)
        .limit(limit)
    )
    return list(db.session.scalars(company_scope(stmt, Finding.company_id, user)))


def ledger_counts(user: User, *, today: date) -> dict[str, int]:
    month_start = start_of_local_day(today.replace(day=1))
    stmt = select(
        func.count().filter(Finding.state != FindingState.CLOSED).label("open"),
        func.count().filter(Finding.state != FindingState.CLOSED, Finding.deadline < today).label("overdue"),
        func.count().filter(Finding.state == FindingState.REPORTED).label("reported"),
        func.count().filter(Finding.state == FindingState.CLOSED, Finding.closed_at >= month_start)
        .label("closed_this_month"),
    ).select_from(Finding)
    row = db.session.execute(company_scope(stmt, Finding.company_id, user)).one()
    return dict(row._mapping)


def timeline(finding: Finding) -> list[StateChange]:
    stmt = (
        select(StateChange)
        .where(StateChange.subject_type == "finding", StateChange.subject_id == finding.id)
        .options(joinedload(StateChange.actor))
        .order_by(StateChange.created_at, StateChange.id)
    )
    return list(db.session.scalars(stmt))


def record_change(subject_type: str, subject_id: int, from_state: str | None, to_state: str, *,
                  actor: User | None, note: str = "") -> StateChange:
    change = StateChange(subject_type=subject_type, subject_id=subject_id, from_state=from_state,
                         to_state=to_state, actor=actor, note=note)
    db.session.add(change)
    return change
