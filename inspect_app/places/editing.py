"""Admin use cases on places and companies: create, edit, retire and reactivate (nothing referenced is deleted)."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.places import rules
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict
from inspect_app.places.services import open_first_period, the_district

Place = Subdistrict | Community | Neighborhood | PropertyCompany


@dataclass
class NeighborhoodData:
    name: str
    address: str | None = None
    households: int | None = None
    owners_committee_contact: str | None = None
    lat: float | None = None
    lng: float | None = None


@dataclass
class CompanyData:
    name: str
    credit_code: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None


def _taken(model, obj: Place | None, **keys) -> bool:
    found = db.session.scalar(select(model.id).filter_by(**keys))
    return found is not None and (obj is None or found != obj.id)


def save_subdistrict(subdistrict: Subdistrict | None, *, name: str) -> Subdistrict:
    district = the_district() if subdistrict is None else subdistrict.district
    if _taken(Subdistrict, subdistrict, district_id=district.id, name=name):
        raise DomainError(_("街道“%(name)s”已存在。", name=name), field="name")
    subdistrict = subdistrict or Subdistrict(district=district)
    subdistrict.name = name
    db.session.add(subdistrict)
    db.session.commit()
    return subdistrict


def save_community(community: Community | None, *, subdistrict: Subdistrict, name: str) -> Community:
    if _taken(Community, community, subdistrict_id=subdistrict.id, name=name):
        raise DomainError(_("%(parent)s已有社区“%(name)s”。", parent=subdistrict.name, name=name), field="name")
    community = community or Community()
    community.subdistrict, community.name = subdistrict, name
    db.session.add(community)
    db.session.commit()
    return community


def save_neighborhood(neighborhood: Neighborhood | None, *, community: Community, data: NeighborhoodData,
                      company: PropertyCompany | None = None, starts_on: date | None = None) -> Neighborhood:
    """Create (with its first service period when a company serves it) or edit; the company changes only through
    services.change_company, which keeps the periods."""
    if _taken(Neighborhood, neighborhood, community_id=community.id, name=data.name):
        raise DomainError(_("%(parent)s已有小区“%(name)s”。", parent=community.name, name=data.name), field="name")
    if neighborhood is None:
        if company is not None and not company.is_active:
            raise DomainError(_("物业公司“%(name)s”已停用，不能进驻小区。", name=company.name), field="company_id")
        neighborhood = Neighborhood(company=company)
        db.session.add(neighborhood)
        if starts_on is not None:
            open_first_period(neighborhood, company, starts_on)
    neighborhood.community = community
    for field, value in vars(data).items():
        setattr(neighborhood, field, value)
    db.session.commit()
    return neighborhood


def set_responsible_unit(neighborhood: Neighborhood, company: PropertyCompany | None) -> Neighborhood:
    """无物业小区: the state-owned company appointed to answer for it (国有物业进驻), or none: its community."""
    if neighborhood.company_id is not None:
        raise DomainError(_("该小区有物业公司服务，由物业公司负责整改。"), field="responsible_company_id")
    if company is not None and not company.is_active:
        raise DomainError(_("物业公司“%(name)s”已停用。", name=company.name), field="responsible_company_id")
    neighborhood.responsible_company = company
    db.session.commit()
    return neighborhood


def save_company(company: PropertyCompany | None, *, data: CompanyData) -> PropertyCompany:
    if _taken(PropertyCompany, company, name=data.name):
        raise DomainError(_("物业公司“%(name)s”已存在。", name=data.name), field="name")
    code = rules.normalise_credit_code(data.credit_code) if data.credit_code else None
    if code and not rules.is_credit_code(code):
        raise DomainError(_("统一社会信用代码不正确（18 位，最后一位为校验码）。"), field="credit_code")
    if code and _taken(PropertyCompany, company, credit_code=code):
        raise DomainError(_("统一社会信用代码 %(code)s 已被其他物业公司使用。", code=code), field="credit_code")
    company = company or PropertyCompany(district_id=the_district().id)
    company.name, company.credit_code = data.name, code
    company.contact_name, company.contact_phone = data.contact_name, data.contact_phone
    db.session.add(company)
    db.session.commit()
    return company


def set_active(place: Place, active: bool) -> None:
    """Retire (hidden from patrol start and pickers, refused when a patrol starts) or reactivate; never delete."""
    place.is_active = active
    db.session.commit()
