"""Small object builders for tests: a district with two companies, their neighbourhoods and one user per role."""

from dataclasses import dataclass
from functools import cache

from werkzeug.security import generate_password_hash

from inspect_app.auth.models import User
from inspect_app.checklists.services import ensure_default_template
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.findings.models import Finding, FindingSource
from inspect_app.places import services as places
from inspect_app.places.models import Neighborhood, PropertyCompany

PASSWORD = "password123"


@cache
def _password_hash() -> str:
    """scrypt is slow on purpose; hashing once per test session keeps the suite fast."""
    return generate_password_hash(PASSWORD, method="scrypt:1024:8:1")  # cheap parameters: tests only


def user(username: str, role: Role, company: PropertyCompany | None = None, *,
         neighborhood: Neighborhood | None = None) -> User:
    u = User(username=username, display_name=username.title(), role=role, company=company,
             neighborhood=neighborhood, password_hash=_password_hash(), session_version=1)
    db.session.add(u)
    db.session.flush()
    return u


def finding(neighborhood: Neighborhood, *, title: str = "楼道堆积杂物", category_code: str = "H",
            **fields) -> Finding:
    f = Finding(source=FindingSource.MANUAL, neighborhood=neighborhood, community_id=neighborhood.community_id,
                subdistrict_id=neighborhood.community.subdistrict_id, company_id=neighborhood.company_id,
                category_code=category_code, title=title, **fields)
    db.session.add(f)
    db.session.commit()
    return f


@dataclass
class World:
    company_a: PropertyCompany
    company_b: PropertyCompany
    neighborhood_a: Neighborhood
    neighborhood_b: Neighborhood
    inspector: User
    supervisor: User
    company_user_a: User
    company_user_b: User
    admin: User


def world() -> World:
    ensure_default_template()
    district = places.ensure_district("张家口经济技术开发区", "经开")
    company_a = places.ensure_company(district, "九州物业")
    company_b = places.ensure_company(district, "嘉家物业")
    community = places.ensure_community(places.ensure_subdistrict(district, "南站街道"), "学府街社区")
    w = World(
        company_a=company_a,
        company_b=company_b,
        neighborhood_a=places.ensure_neighborhood(community, "枫墅小镇小区", company=company_a),
        neighborhood_b=places.ensure_neighborhood(community, "晟家理想湾小区", company=company_b),
        inspector=user("inspector1", Role.INSPECTOR),
        supervisor=user("supervisor1", Role.SUPERVISOR),
        company_user_a=user("company_a", Role.COMPANY, company_a),
        company_user_b=user("company_b", Role.COMPANY, company_b),
        admin=user("admin1", Role.ADMIN),
    )
    db.session.commit()
    return w
