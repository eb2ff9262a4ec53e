"""Read-only lists for the admin pages and the pickers (retired places are not offered in pickers)."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from inspect_app.core.db import db
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, ServicePeriod, Subdistrict

LIST_LIMIT = 200


@dataclass
class Listing:
    rows: list
    total: int


def subdistricts() -> Listing:
    rows = list(db.session.scalars(select(Subdistrict).options(selectinload(Subdistrict.communities))
                                   .order_by(Subdistrict.is_active.desc(), Subdistrict.name)))
    return Listing(rows, len(rows))


def communities() -> Listing:
    rows = list(db.session.scalars(select(Community).join(Community.subdistrict)
                                   .options(joinedload(Community.subdistrict), selectinload(Community.neighborhoods))
                                   .order_by(Community.is_active.desc(), Subdistrict.name, Community.name)))
    return Listing(rows, len(rows))


def neighborhoods(query: str = "", community_id: int | None = None) -> Listing:
    stmt = select(Neighborhood).join(Neighborhood.community).join(Community.subdistrict)
    if query.strip():
        stmt = stmt.where(Neighborhood.name.contains(query.strip(), autoescape=True))
    if community_id:
        stmt = stmt.where(Neighborhood.community_id == community_id)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(db.session.scalars(
        stmt.options(joinedload(Neighborhood.community).joinedload(Community.subdistrict),
                     joinedload(Neighborhood.company))
        .order_by(Neighborhood.is_active.desc(), Subdistrict.name, Community.name, Neighborhood.name)
        .limit(LIST_LIMIT)))
    return Listing(rows, total)


def companies() -> Listing:
    served = (select(Neighborhood.company_id, func.count(Neighborhood.id).label("n"))
              .group_by(Neighborhood.company_id).subquery())
    rows = list(db.session.execute(
        select(PropertyCompany, func.coalesce(served.c.n, 0)).outerjoin(served, served.c.company_id ==
                                                                         PropertyCompany.id)
        .order_by(PropertyCompany.is_active.desc(), PropertyCompany.name)))
    return Listing(rows, len(rows))


def periods(neighborhood: Neighborhood) -> list[ServicePeriod]:
    """Newest first, with their companies."""
    return list(db.session.scalars(select(ServicePeriod).where(ServicePeriod.neighborhood_id == neighborhood.id)
                                   .options(joinedload(ServicePeriod.company))
                                   .order_by(ServicePeriod.starts_on.desc(), ServicePeriod.id.desc())))


def subdistrict_choices(keep: int | None = None) -> list[tuple[int, str]]:
    """Active subdistricts, and the one already chosen even if retired (so that an edit keeps it)."""
    stmt = select(Subdistrict.id, Subdistrict.name).where(Subdistrict.is_active | (Subdistrict.id == keep))
    return [(i, n) for i, n in db.session.execute(stmt.order_by(Subdistrict.name))]


def community_choices(keep: int | None = None) -> list[tuple[int, str]]:
    stmt = (select(Community.id, Subdistrict.name, Community.name).join(Community.subdistrict)
            .where((Community.is_active & Subdistrict.is_active) | (Community.id == keep))
            .order_by(Subdistrict.name, Community.name))
    return [(i, f"{s} · {c}") for i, s, c in db.session.execute(stmt)]


def company_choices() -> list[tuple[int, str]]:
    stmt = select(PropertyCompany.id, PropertyCompany.name).where(PropertyCompany.is_active)
    return [(i, n) for i, n in db.session.execute(stmt.order_by(PropertyCompany.name))]


def get(model: type, obj_id: int):
    return db.session.get(model, obj_id)
