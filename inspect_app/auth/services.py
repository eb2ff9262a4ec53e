"""Account use cases: authenticate, create users by name, look up the session's user and an area by name."""

from flask import g
from sqlalchemy import and_, func, or_, select

from inspect_app.auth import lifecycle, rules
from inspect_app.auth.models import User
from inspect_app.auth.rules import EventKind
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import PATROL_ROLES, Role
from inspect_app.notifications.models import Notification
from inspect_app.places.models import Community, District, Neighborhood, PropertyCompany, Subdistrict

# Compared against when the user does not exist, so that timing does not reveal valid usernames.
_DUMMY_HASH = "scrypt:32768:8:1$abcdefghijklmnop$" + "0" * 128


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        User(password_hash=_DUMMY_HASH).check_password(password)
        return None
    if not user.is_enabled or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def load_session_user(session_id: str) -> User | None:
    """Session ids carry the user's session_version: a password change or deactivation ends old sessions."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # The header's unread count comes with the account in one statement (a page's query budget is small).
    unread = (select(func.count()).select_from(Notification)
              .where(Notification.user_id == User.id, Notification.read_at.is_(None)).scalar_subquery())
    row = db.session.execute(select(User, unread).where(User.id == int(user_id))).first()
    if row is None:
        return None
    user, g.unread_notifications = row[0], row[1]
    if not user.is_enabled or user.session_version != int(version):
        return None
    return user


def find_area(name: str) -> tuple[Subdistrict | None, Community | None]:
    """The area named (golive.md): the district's name → (None, None); a subdistrict's; a community's, written
    "街道/社区" where two subdistricts have a community of that name."""
    name = name.strip()
    if db.session.scalar(select(District.id).where((District.name == name) | (District.short_name == name))):
        return None, None
    subdistrict_name, _, community_name = name.rpartition("/")
    if not subdistrict_name:
        subdistrict = db.session.scalar(select(Subdistrict).where(Subdistrict.name == name))
        if subdistrict is not None:
            return subdistrict, None
    stmt = select(Community).where(Community.name == community_name.strip())
    if subdistrict_name:
        stmt = stmt.join(Subdistrict).where(Subdistrict.name == subdistrict_name.strip())
    communities = db.session.scalars(stmt).all()
    if len(communities) > 1:
        raise DomainError(f"有多个社区叫“{name}”，请写成“街道/社区”", field="area")
    if not communities:
        raise DomainError(f"找不到片区：{name}（区、街道或社区的名称）", field="area")
    return None, communities[0]


def staff_for(neighborhood: Neighborhood) -> list[User]:
    """The enabled patrol staff whose area holds the neighbourhood: its community's, subdistrict's, district's."""
    community = neighborhood.community
    return list(db.session.scalars(select(User).where(
        User.role.in_(PATROL_ROLES), User.is_enabled,
        or_(User.community_id == community.id, User.subdistrict_id == community.subdistrict_id,
            and_(User.community_id.is_(None), User.subdistrict_id.is_(None))))))


def create_user(username: str, *, role: Role | str, password: str, display_name: str | None = None,
                company_name: str | None = None, area_name: str | None = None, phone: str | None = None,
                actor: User | None = None, neighborhood_name: str | None = None) -> User:
    """An account by names (the command line, imports); its creation is recorded, by `actor` if one is given."""
    role = Role(role)
    problem = rules.password_problem(password, username=username)
    if problem is not None:
        raise DomainError(lifecycle.password_messages()[problem], field="password")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise DomainError(f"用户名 {username} 已存在", field="username")
    company = None
    if role == Role.COMPANY:
        company = db.session.scalar(select(PropertyCompany).where(PropertyCompany.name == company_name))
        if company is None:
            raise DomainError(f"找不到物业公司：{company_name}", field="company")
    elif company_name:
        raise DomainError("只有物业公司账号可以绑定物业公司", field="company")
    subdistrict = community = None
    if area_name:
        if role == Role.COMPANY:
            raise DomainError("物业公司账号没有片区，它只看本公司的", field="area")
        subdistrict, community = find_area(area_name)
    neighborhood = _committee_neighborhood(role, neighborhood_name)
    user = User(username=username, role=role, display_name=display_name or username, company=company,
                subdistrict=subdistrict, community=community, phone=phone, neighborhood=neighborhood)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    lifecycle.record(user, EventKind.CREATED, actor=actor, **lifecycle.snapshot(user))
    db.session.commit()
    return user


def _committee_neighborhood(role: Role, name: str | None) -> Neighborhood | None:
    """An owners' committee (业委会) needs its neighbourhood, by name (a unique one); no other role has one."""
    if role != Role.COMMITTEE:
        if name:
            raise DomainError("只有业委会账号绑定小区", field="neighborhood")
        return None
    found = list(db.session.scalars(select(Neighborhood).where(Neighborhood.name == (name or "").strip())))
    if len(found) != 1:
        raise DomainError(f"找不到唯一的小区：{name or ''}（业委会账号须用 --neighborhood 指定小区）",
                          field="neighborhood")
    return found[0]
