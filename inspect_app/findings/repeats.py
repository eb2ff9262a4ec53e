"""Repeat findings (重复发现): a patrol that deducts an item whose problem is still open adds to that finding."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select, update

from inspect_app.checklists.models import ChecklistItem
from inspect_app.core.db import db
from inspect_app.core.roles import Account
from inspect_app.findings.models import Finding, FindingRepeat
from inspect_app.findings.rules import FindingState


def open_findings_by_item(neighborhood_id: int, company_id: int | None, user: Account) -> dict[str, list[Finding]]:
    """The neighbourhood's findings not yet closed, by item code ("H2"), oldest first: one statement.

    By code, not item id: a later checklist version has new ids for the same item. Only the company that serves
    the neighbourhood now: a new company's patrol starts its own record."""
    stmt = (select(ChecklistItem.code, Finding).join(ChecklistItem, ChecklistItem.id == Finding.item_id)
            .where(Finding.neighborhood_id == neighborhood_id, Finding.company_id.is_(None) if company_id is None
                   else Finding.company_id == company_id, Finding.state != FindingState.CLOSED,
                   Finding.visible_to(user))
            .order_by(Finding.created_at, Finding.id))
    found: dict[str, list[Finding]] = {}
    for code, finding in db.session.execute(stmt):
        found.setdefault(code, []).append(finding)
    return found


def record_repeat(finding: Finding, *, inspection_id: int, item_result_id: int, deduction: Decimal,
                  actor_id: int | None) -> FindingRepeat:
    """Count one more sighting on the open finding (in the caller's transaction; the caller commits)."""
    repeat = FindingRepeat(finding_id=finding.id, inspection_id=inspection_id, item_result_id=item_result_id,
                           deduction=deduction, created_by_id=actor_id)
    db.session.add(repeat)
    db.session.execute(update(Finding).where(Finding.id == finding.id)
                       .values(repeat_count=Finding.repeat_count + 1).execution_options(synchronize_session=False))
    db.session.flush()
    db.session.expire(finding, ["repeat_count"])
    return repeat


def repeats_of_inspection(inspection_id: int) -> list[FindingRepeat]:
    stmt = select(FindingRepeat).where(FindingRepeat.inspection_id == inspection_id).order_by(FindingRepeat.id)
    return list(db.session.scalars(stmt))


def repeat_counts_by_company(since: datetime, until: datetime,
                             company_ids: Iterable[int] | None = None) -> dict[int, int]:
    """For the assessment: company id → problems found again while still open, in [since, until)."""
    stmt = (select(Finding.company_id, func.count(FindingRepeat.id))
            .join(Finding, Finding.id == FindingRepeat.finding_id)
            .where(FindingRepeat.created_at >= since, FindingRepeat.created_at < until,
                   Finding.company_id.is_not(None))
            .group_by(Finding.company_id))
    if company_ids is not None:
        stmt = stmt.where(Finding.company_id.in_(list(company_ids)))
    return {company_id: count for company_id, count in db.session.execute(stmt) if company_id is not None}
