"""Import of places, companies and accounts from a workbook: every row checked first, then all written or none.

Natural keys: a company by its name; a subdistrict, community and neighbourhood by their names. Importing the same
file again changes nothing; a row naming another company opens a new service period (services.change_company).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import IO

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspect_app.auth.account_import import CreatedAccount, ImportedAccount, import_accounts
from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.core.time import local_today
from inspect_app.places import services, workbook
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict
from inspect_app.places.rules import PeriodKind
from inspect_app.places.workbook import ACCOUNTS, COMPANIES, PLACES, RowError


@dataclass
class Change:
    sheet: str
    row: int
    action: str  # 新增, 更新, 换物业
    subject: str
    details: str = ""
    do: Callable[[], object] = field(default=lambda: None, repr=False, compare=False)


@dataclass
class Plan:
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    accounts: list[ImportedAccount] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def by_sheet(self, items: list) -> list[tuple[str, list]]:
        """Changes or errors grouped by sheet, in the workbook's order (物业公司, 小区, 账号)."""
        groups: dict[str, list] = {}
        for item in items:
            groups.setdefault(item.sheet, []).append(item)
        return list(groups.items())

    def counts(self) -> dict[tuple[str, str], int]:
        seen: dict[tuple[str, str], int] = {}
        for change in self.changes:
            seen[(change.sheet, change.action)] = seen.get((change.sheet, change.action), 0) + 1
        return seen


@dataclass
class Result:
    plan: Plan
    written: bool
    created_accounts: list[CreatedAccount] = field(default_factory=list)


class _Planner:
    """The database's places and companies loaded once; each row compared with them (and with earlier rows)."""

    def __init__(self, parsed: workbook.ParsedWorkbook, today: date) -> None:
        self.parsed, self.today, self.plan = parsed, today, Plan(errors=list(parsed.errors))
        self.district = services.the_district()
        self.companies = {c.name: c for c in db.session.scalars(select(PropertyCompany))}
        self.subdistricts = {s.name: s for s in db.session.scalars(select(Subdistrict))}
        self.communities = {(c.subdistrict.name, c.name): c for c in db.session.scalars(
            select(Community).options(selectinload(Community.subdistrict)))}
        self.neighborhoods = {(n.community.subdistrict.name, n.community.name, n.name): n
                              for n in db.session.scalars(select(Neighborhood).options(
                                  selectinload(Neighborhood.community).selectinload(Community.subdistrict),
                                  selectinload(Neighborhood.service_periods)))}
        self.new_companies: set[str] = set()
        self.new_subdistricts: set[str] = set()
        self.new_communities: set[tuple[str, str]] = set()

    def error(self, sheet: str, row: int, message: str) -> None:
        self.plan.errors.append(RowError(sheet, row, message))

    def change(self, sheet: str, row: int, action: str, subject: str, details: str = "",
               do: Callable[[], object] = lambda: None) -> None:
        self.plan.changes.append(Change(sheet, row, action, subject, details, do))

    def run(self) -> Plan:
        self.plan.rows = dict(self.parsed.rows)
        _plan_companies(self)
        _plan_places(self)
        _plan_accounts(self)
        return self.plan


def _plan_companies(p: _Planner) -> None:
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    owners = {c.credit_code: c.name for c in p.companies.values() if c.credit_code}
    for r in p.parsed.companies:
        if r.name in names:
            p.error(COMPANIES, r.row, _("物业公司“%(name)s”与第 %(row)s 行重复。", name=r.name, row=names[r.name]))
            continue
        names[r.name] = r.row
        if r.credit_code and (r.credit_code in codes or owners.get(r.credit_code, r.name) != r.name):
            p.error(COMPANIES, r.row, _("统一社会信用代码 %(code)s 已被其他物业公司使用。", code=r.credit_code))
            continue
        if r.credit_code:
            codes[r.credit_code] = r.row
        existing = p.companies.get(r.name)
        if existing is None:
            p.new_companies.add(r.name)
            p.change(COMPANIES, r.row, _("新增"), r.name, r.credit_code or "", _creator(p, r))
            continue
        updates = {k: v for k, v in (("credit_code", r.credit_code), ("contact_name", r.contact_name),
                                     ("contact_phone", r.contact_phone)) if v and getattr(existing, k) != v}
        if updates:
            p.change(COMPANIES, r.row, _("更新"), r.name, "、".join(str(v) for v in updates.values()),
                     partial(_set_fields, existing, updates))


def _set_fields(obj: object, updates: Mapping[str, object]) -> None:
    for name, value in updates.items():
        setattr(obj, name, value)


def _creator(p: _Planner, r: workbook.CompanyRow) -> Callable[[], None]:
    def create() -> None:
        company = PropertyCompany(district_id=p.district.id, name=r.name, credit_code=r.credit_code,
                                  contact_name=r.contact_name, contact_phone=r.contact_phone, is_active=True)
        db.session.add(company)
        p.companies[r.name] = company

    return create


def _plan_places(p: _Planner) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for r in p.parsed.places:
        key = (r.subdistrict, r.community, r.name)
        if key in seen:
            p.error(PLACES, r.row, _("小区“%(name)s”与第 %(row)s 行重复。", name=r.name, row=seen[key]))
            continue
        seen[key] = r.row
        if r.company_name and not _company_known(p, PLACES, r.row, r.company_name):
            continue
        _plan_areas(p, r)
        existing = p.neighborhoods.get(key)
        if existing is None:
            p.change(PLACES, r.row, _("新增"), r.name, r.company_name or _("无物业"), _place_creator(p, r))
        else:
            _plan_place_update(p, r, existing)


def _company_known(p: _Planner, sheet: str, row: int, name: str) -> bool:
    company = p.companies.get(name)
    if company is None and name not in p.new_companies:
        p.error(sheet, row, _("未知物业公司“%(name)s”：请先在“物业公司”表或系统中添加。", name=name))
        return False
    if company is not None and not company.is_active:
        p.error(sheet, row, _("物业公司“%(name)s”已停用。", name=name))
        return False
    return True


def _plan_areas(p: _Planner, r: workbook.PlaceRow) -> None:
    if r.subdistrict not in p.subdistricts and r.subdistrict not in p.new_subdistricts:
        p.new_subdistricts.add(r.subdistrict)
        p.change(PLACES, r.row, _("新增街道"), r.subdistrict, do=partial(_add_subdistrict, p, r.subdistrict))
    key = (r.subdistrict, r.community)
    if key not in p.communities and key not in p.new_communities:
        p.new_communities.add(key)
        p.change(PLACES, r.row, _("新增社区"), f"{r.subdistrict} {r.community}", do=partial(_add_community, p, key))


def _add_subdistrict(p: _Planner, name: str) -> None:
    p.subdistricts[name] = Subdistrict(district=p.district, name=name)
    db.session.add(p.subdistricts[name])


def _add_community(p: _Planner, key: tuple[str, str]) -> None:
    p.communities[key] = Community(subdistrict=p.subdistricts[key[0]], name=key[1])
    db.session.add(p.communities[key])


def _place_creator(p: _Planner, r: workbook.PlaceRow) -> Callable[[], None]:
    def create() -> None:
        company = p.companies[r.company_name] if r.company_name else None
        neighborhood = Neighborhood(community=p.communities[(r.subdistrict, r.community)], name=r.name,
                                    address=r.address, households=r.households, company=company)
        db.session.add(neighborhood)
        services.open_first_period(neighborhood, company, p.today)

    return create


def _plan_place_update(p: _Planner, r: workbook.PlaceRow, n: Neighborhood) -> None:
    updates = {k: v for k, v in (("address", r.address), ("households", r.households))
               if v is not None and getattr(n, k) != v}
    if updates:
        p.change(PLACES, r.row, _("更新"), r.name, "、".join(str(v) for v in updates.values()),
                 partial(_set_fields, n, updates))
    current = n.company.name if n.company else None
    if current != r.company_name:
        p.change(PLACES, r.row, _("换物业"), r.name, f"{current or _('无物业')} → {r.company_name or _('无物业')}",
                 partial(_move, p, n, r.company_name))


def _move(p: _Planner, n: Neighborhood, company_name: str | None) -> None:
    company = p.companies[company_name] if company_name else None
    services.change_company(n, company, on=p.today, kind=PeriodKind.IMPORT if company else PeriodKind.NO_COMPANY,
                            today=p.today, commit=False)


def _plan_accounts(p: _Planner) -> None:
    taken = set(db.session.scalars(select(User.username).where(
        User.username.in_({r.username for r in p.parsed.accounts}))))
    areas = {p.district.name, *p.subdistricts, *p.new_subdistricts,
             *(c for _s, c in p.communities), *(c for _s, c in p.new_communities)}
    seen: dict[str, int] = {}
    for r in p.parsed.accounts:
        if r.username in seen:
            p.error(ACCOUNTS, r.row, _("用户名 %(name)s 与第 %(row)s 行重复。", name=r.username, row=seen[r.username]))
            continue
        seen[r.username] = r.row
        if r.username in taken:
            continue  # already there: an import changes no existing account
        if r.area and r.area not in areas:
            p.error(ACCOUNTS, r.row, _("未知片区“%(name)s”：请填区、街道或社区的名称。", name=r.area))
        elif r.role == Role.COMMITTEE:
            p.error(ACCOUNTS, r.row, _("业委会账号须绑定小区：请在账号管理中创建。"))
        elif r.role == Role.COMPANY and not r.company_name:
            p.error(ACCOUNTS, r.row, _("物业公司账号须填写物业公司。"))
        elif r.role != Role.COMPANY and r.company_name:
            p.error(ACCOUNTS, r.row, _("只有物业公司账号可以绑定物业公司。"))
        elif not r.company_name or _company_known(p, ACCOUNTS, r.row, r.company_name):
            p.plan.accounts.append(ImportedAccount(r.username, r.display_name, r.role, r.company_name, r.area, r.phone))
            p.change(ACCOUNTS, r.row, _("新增"), r.username, r.display_name)


def plan_import(parsed: workbook.ParsedWorkbook, *, today: date | None = None) -> Plan:
    """What the import would change, or the rows that stop it; writes nothing."""
    return _Planner(parsed, today or local_today()).run()


def import_workbook(source: bytes | IO[bytes], *, dry_run: bool = False, today: date | None = None) -> Result:
    """Check every row; unless dry_run or any row is wrong, write every change in one transaction."""
    plan = plan_import(workbook.read(source), today=today)
    if dry_run or not plan.is_valid or not plan.changes:
        db.session.rollback()
        return Result(plan, written=False)
    with db.session.no_autoflush:  # one flush for all rows: they are joined by relationships, not ids
        for change in plan.changes:
            change.do()
    db.session.flush()
    created = import_accounts(plan.accounts)
    db.session.commit()
    return Result(plan, written=True, created_accounts=created)

