"""What each role sees first."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict


def neighborhoods(query: str = "", limit: int = 50) -> list[Neighborhood]:
    stmt = (
        select(Neighborhood)
        .join(Neighborhood.community)
        .options(joinedload(Neighborhood.community), joinedload(Neighborhood.company))
        .order_by(Community.name, Neighborhood.name)
        .limit(limit)
    )
    if query.strip():
        stmt = stmt.where(Neighborhood.name.contains(query.strip(), autoescape=True))
    return list(db.session.scalars(stmt))


def admin_overview() -> dict[str, int]:
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return {
        "subdistricts": count(Subdistrict),
        "communities": count(Community),
        "neighborhoods": count(Neighborhood),
        "companies": count(PropertyCompany),
        "users": count(User),
    }


def users() -> list[User]:
    return list(db.session.scalars(select(User).options(joinedload(User.company)).order_by(User.role,
                                                                                          User.username)))
