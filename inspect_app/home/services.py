"""What each role sees first."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import quarter_start, start_of_local_day
from inspect_app.escalations import queries as escalations
from inspect_app.findings import ledger
from inspect_app.findings.rules import FindingState
from inspect_app.inspections.models import Inspection, InspectionKind, InspectionStatus
from inspect_app.orders import queries as orders
from inspect_app.orders.forms import DUE
from inspect_app.orders.rules import OrderState
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict
from inspect_app.resident_reports import triage
from inspect_app.resident_reports.rules import ReportStatus


@dataclass(frozen=True)
class NeighborhoodRow:
    neighborhood: Neighborhood
    last_patrol_at: datetime | None  # latest submitted patrol this quarter
    draft_id: int | None  # the user's own draft, to resume


def neighborhoods(user: User, *, today: date, query: str = "", community_id: int | None = None,
                  limit: int = 60) -> list[NeighborhoodRow]:
    """Not inspected this quarter first; the user's drafts marked for resuming."""
    since = start_of_local_day(quarter_start(today))
    last = (select(Inspection.neighborhood_id, func.max(Inspection.submitted_at).label("last_at"))
            .where(Inspection.status == InspectionStatus.SUBMITTED, Inspection.kind == InspectionKind.PATROL,
                   Inspection.submitted_at >= since)
            .group_by(Inspection.neighborhood_id).subquery())
    drafts = (select(Inspection.neighborhood_id, func.max(Inspection.id).label("draft_id"))
              .where(Inspection.status == InspectionStatus.DRAFT, Inspection.inspector_id == user.id,
                     Inspection.kind == InspectionKind.PATROL)
              .group_by(Inspection.neighborhood_id).subquery())
    stmt = (select(Neighborhood, last.c.last_at, drafts.c.draft_id)
            .join(Neighborhood.community)
            .outerjoin(last, last.c.neighborhood_id == Neighborhood.id)
            .outerjoin(drafts, drafts.c.neighborhood_id == Neighborhood.id)
            .options(joinedload(Neighborhood.community), joinedload(Neighborhood.company))
            .where(Neighborhood.visible_to(user), Neighborhood.is_active, Community.is_active)
            .order_by(drafts.c.draft_id.is_(None), last.c.last_at.is_not(None), Community.name, Neighborhood.name)
            .limit(limit))
    if query.strip():
        stmt = stmt.where(Neighborhood.name.contains(query.strip(), autoescape=True))
    if community_id:
        stmt = stmt.where(Neighborhood.community_id == community_id)
    return [NeighborhoodRow(n, last_at, draft_id) for n, last_at, draft_id in db.session.execute(stmt)]


def ledger_tiles(user: User, *, today: date) -> dict[str, int]:
    """The ledger's headline tiles over everything the user sees (the inspector's home)."""
    counts = ledger.tile_counts(ledger.LedgerFilters(), user, today)
    counts.pop("matching")
    return counts


def supervisor_queue(user: User, *, today: date) -> dict[str, int]:
    """What waits for a supervisor; each count is the length of the list its tile links to."""
    findings = ledger.tile_counts(ledger.LedgerFilters(), user, today, keys=(ledger.TO_CLOSE, "overdue"))
    order_counts = orders.order_counts(user, today=today)
    return {"to_close": findings[ledger.TO_CLOSE], "due": order_counts[DUE],
            "reported": order_counts[OrderState.REPORTED], "overdue": findings["overdue"],
            "received": triage.status_counts(user).get(ReportStatus.RECEIVED, 0),
            "escalated": escalations.queue_count(user)}


def company_queue(user: User, *, today: date) -> dict[str, int]:
    """What waits for a property company: orders to acknowledge, findings to fix and report, the overdue ones."""
    findings = ledger.tile_counts(ledger.LedgerFilters(), user, today, keys=(FindingState.ORDERED, "overdue"))
    return {"issued": orders.order_counts(user, today=today)[OrderState.ISSUED],
            "ordered": findings[FindingState.ORDERED], "overdue": findings["overdue"]}


def communities(user: User) -> list[Community]:
    """The communities of the user's area that have a neighbourhood the user works with (the patrol filter)."""
    mine = select(Neighborhood.community_id).where(Neighborhood.visible_to(user))
    return list(db.session.scalars(select(Community).where(Community.id.in_(mine)).order_by(Community.name)))


def admin_overview() -> dict[str, int]:
    def count(model) -> int:
        return db.session.scalar(select(func.count()).select_from(model)) or 0

    return {"subdistricts": count(Subdistrict), "communities": count(Community),
            "neighborhoods": count(Neighborhood), "companies": count(PropertyCompany), "users": count(User)}


def users() -> list[User]:
    stmt = select(User).options(joinedload(User.company)).order_by(User.role, User.username)
    return list(db.session.scalars(stmt))
