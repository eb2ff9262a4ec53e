"""Loading a neighbourhood for a user; get-or-create of organisations by their natural keys (names)."""

from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.roles import Account
from inspect_app.places.models import Community, District, Neighborhood, PropertyCompany, Subdistrict


def get_neighborhood_for(user: Account, neighborhood_id: int | None) -> Neighborhood | None:
    """The neighbourhood if the user works with it (Neighborhood.visible_to)."""
    return db.session.scalar(select(Neighborhood).where(Neighborhood.id == neighborhood_id,
                                                        Neighborhood.visible_to(user)))


def _get_or_create(model, defaults: dict | None = None, **keys):
    obj = db.session.scalar(select(model).filter_by(**keys))
    if obj is None:
        obj = model(**keys, **(defaults or {}))
        db.session.add(obj)
        db.session.flush()
    return obj


def ensure_district(name: str, short_name: str) -> District:
    return _get_or_create(District, {"short_name": short_name}, name=name)


def ensure_company(district: District, name: str, **details) -> PropertyCompany:
    return _get_or_create(PropertyCompany, {"district_id": district.id, **details}, name=name)


def ensure_subdistrict(district: District, name: str) -> Subdistrict:
    return _get_or_create(Subdistrict, district_id=district.id, name=name)


def ensure_community(subdistrict: Subdistrict, name: str) -> Community:
    return _get_or_create(Community, subdistrict_id=subdistrict.id, name=name)


def ensure_neighborhood(community: Community, name: str, *, company: PropertyCompany | None,
                        is_gated: bool = True) -> Neighborhood:
    return _get_or_create(Neighborhood, {"company_id": company.id if company else None, "is_gated": is_gated},
                          community_id=community.id, name=name)
