"""What each role sees first."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import quarter_start, start_of_local_day
from inspect_app.inspections.models import Inspection, InspectionKind, InspectionStatus
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict


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
