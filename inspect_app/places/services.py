"""Loading a neighbourhood for a user; get-or-create of organisations by their natural keys (names); who serves
a neighbourhood from when (service periods) and the change of company that closes one period and opens the next."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Account
from inspect_app.core.time import local_today
from inspect_app.places import rules
from inspect_app.places.models import Community, District, Neighborhood, PropertyCompany, ServicePeriod, Subdistrict
from inspect_app.places.rules import PeriodKind

DEFAULT_DISTRICT = ("张家口经济技术开发区", "经开")


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


def the_district() -> District:
    """The one district the app serves (the first entered; the seed's when none is)."""
    district = db.session.scalar(select(District).order_by(District.id).limit(1))
    return district or ensure_district(*DEFAULT_DISTRICT)


def ensure_company(district: District, name: str, **details) -> PropertyCompany:
    return _get_or_create(PropertyCompany, {"district_id": district.id, **details}, name=name)


def ensure_subdistrict(district: District, name: str) -> Subdistrict:
    return _get_or_create(Subdistrict, district_id=district.id, name=name)


def ensure_community(subdistrict: Subdistrict, name: str) -> Community:
    return _get_or_create(Community, subdistrict_id=subdistrict.id, name=name)


def ensure_neighborhood(community: Community, name: str, *, company: PropertyCompany | None,
                        is_gated: bool = True, starts_on: date | None = None) -> Neighborhood:
    """The neighbourhood of that name; a new one with a company gets its first (open) service period."""
    neighborhood = db.session.scalar(select(Neighborhood).filter_by(community_id=community.id, name=name))
    if neighborhood is None:
        neighborhood = Neighborhood(community=community, name=name, company=company, is_gated=is_gated)
        db.session.add(neighborhood)
        open_first_period(neighborhood, company, starts_on or local_today())
        db.session.flush()
    return neighborhood


def open_first_period(neighborhood: Neighborhood, company: PropertyCompany | None, starts_on: date) -> None:
    if company is not None:
        db.session.add(ServicePeriod(neighborhood=neighborhood, company=company, starts_on=starts_on,
                                     kind=PeriodKind.INITIAL))


def company_on(neighborhood: Neighborhood, on_date: date) -> PropertyCompany | None:
    """Who served the neighbourhood that day (rules.company_serving over its recorded periods)."""
    return rules.company_serving(neighborhood, on_date)


def change_company(neighborhood: Neighborhood, company: PropertyCompany | None, *, on: date, kind: PeriodKind | str,
                   today: date | None = None, commit: bool = True) -> ServicePeriod:
    """新物业进驻 / 国有物业接管 / 物业撤场: the open period ends the day before `on` and the next one starts that day
    (the same day as the open one began: a correction of it). Findings, orders and scores already recorded keep
    the company they name; only what is recorded from now on names the new one."""
    kind = PeriodKind(kind)
    if company is neighborhood.company:  # the same object from the session (a new company has no id yet)
        raise DomainError(_("该小区的物业公司没有变化。"), field="company_id")
    if company is not None and not company.is_active:
        raise DomainError(_("物业公司“%(name)s”已停用，不能进驻小区。", name=company.name), field="company_id")
    current = rules.open_period(neighborhood.service_periods)
    if current is not None and current.starts_on == on:
        current.company, current.kind = company, kind
        period = current
    else:
        try:
            last_day = rules.closing_day(current.starts_on if current else None, on, today or local_today())
        except rules.ChangeRefused as refused:
            raise DomainError(_refusal(str(refused)), field="on") from refused
        if current is not None:
            current.ends_on = last_day
        period = ServicePeriod(neighborhood=neighborhood, company=company, starts_on=on, kind=kind)
        db.session.add(period)
    neighborhood.company = company
    if commit:
        db.session.commit()
    return period


def _refusal(code: str) -> str:
    if code == "future":
        return _("变更日期不能晚于今天。")
    return _("变更日期必须晚于当前服务期的开始日期。")
