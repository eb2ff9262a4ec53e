"""Integrations for API tests: a token per area and access, and a far area with a finding of its own."""

from inspect_app.core.db import db
from inspect_app.integrations import services as integrations
from inspect_app.places import services as places
from tests import factories


def token(name: str, *, area: str = "", access: str = "read") -> str:
    _integration, raw = integrations.create_integration(name, area, access, actor=None)
    return raw


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def far_finding(world):
    """A neighbourhood of 北站街道/站前社区 (outside 学府街社区) and a finding there."""
    district = places.ensure_district("张家口经济技术开发区", "经开")
    community = places.ensure_community(places.ensure_subdistrict(district, "北站街道"), "站前社区")
    neighborhood = places.ensure_neighborhood(community, "远方小区", company=world.company_b)
    db.session.commit()
    return factories.finding(neighborhood, title="远方的问题")
