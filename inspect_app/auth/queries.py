"""Reads for the account pages: the filtered list, one account and its history, the area and company choices."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import selectinload

from inspect_app.auth.forms import AccountFilters, parse_area
from inspect_app.auth.models import AccountEvent, User
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict

PER_PAGE = 50


@dataclass(frozen=True)
class AccountPage:
    accounts: list[User]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def account_page(filters: AccountFilters) -> AccountPage:
    where = _where(filters)
    total = db.session.scalar(select(func.count()).select_from(User).where(*where)) or 0
    page = min(filters.page, max(1, -(-total // PER_PAGE)))
    stmt: Select = (select(User).where(*where).order_by(User.is_enabled.desc(), User.role, User.username)
                    .options(selectinload(User.company), selectinload(User.subdistrict),
                             selectinload(User.community))
                    .limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return AccountPage(list(db.session.scalars(stmt)), total, page)


def _where(filters: AccountFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.role:
        where.append(User.role == filters.role)
    if filters.enabled:
        where.append(User.is_enabled.is_(filters.enabled == "yes"))
    if filters.q:
        pattern = "%" + filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(or_(User.username.ilike(pattern, escape="\\"), User.display_name.ilike(pattern, escape="\\"),
                         User.phone.ilike(pattern, escape="\\")))
    if filters.area == "d":
        where += [User.subdistrict_id.is_(None), User.community_id.is_(None),
                  User.role.not_in((Role.COMPANY, Role.COMMITTEE))]
    elif filters.area:
        subdistrict_id, community_id = parse_area(filters.area)
        if community_id:
            where.append(User.community_id == community_id)
        else:  # a subdistrict's accounts and those of its communities
            communities = select(Community.id).where(Community.subdistrict_id == subdistrict_id)
            where.append(or_(User.subdistrict_id == subdistrict_id, User.community_id.in_(communities)))
    return where


def get_account(account_id: int) -> User | None:
    return db.session.get(User, account_id)


def events(account: User, limit: int = 100) -> list[AccountEvent]:
    stmt = (select(AccountEvent).where(AccountEvent.account_id == account.id)
            .options(selectinload(AccountEvent.actor))
            .order_by(AccountEvent.at.desc(), AccountEvent.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


def area_choices() -> list[tuple[str, str]]:
    """Every subdistrict, each followed by its communities ("街道 / 社区"), as area select values."""
    choices: list[tuple[str, str]] = []
    subdistricts = db.session.scalars(select(Subdistrict).options(selectinload(Subdistrict.communities))
                                      .order_by(Subdistrict.name))
    for subdistrict in subdistricts:
        choices.append((f"s{subdistrict.id}", subdistrict.name))
        choices += [(f"c{c.id}", f"{subdistrict.name} / {c.name}")
                    for c in sorted(subdistrict.communities, key=lambda c: c.name)]
    return choices


def neighborhood_choices() -> list[tuple[int, str]]:
    """Every neighbourhood as "社区 / 小区", for an owners' committee's account."""
    rows = db.session.execute(select(Neighborhood.id, Community.name, Neighborhood.name)
                              .join(Community, Community.id == Neighborhood.community_id)
                              .order_by(Community.name, Neighborhood.name))
    return [(nid, f"{community} / {name}") for nid, community, name in rows]


def company_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(select(PropertyCompany.id, PropertyCompany.name).order_by(PropertyCompany.name))
    return [(row.id, row.name) for row in rows]


def enabled_admins(*, excluding: User | None = None) -> int:
    stmt = select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.is_enabled.is_(True))
    if excluding is not None:
        stmt = stmt.where(User.id != excluding.id)
    return db.session.scalar(stmt) or 0
