"""Staff areas (golive.md): naming an area, and every model's visible_to confined to it — without HTTP."""

import pytest
from sqlalchemy import select

from inspect_app.auth import services
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role
from inspect_app.findings.models import Finding
from inspect_app.places import services as places
from inspect_app.places.models import Neighborhood
from tests import factories


@pytest.fixture
def areas(world):
    """A second subdistrict with a community and a neighbourhood of its own, and a finding in each area."""
    district = world.neighborhood_a.community.subdistrict.district
    other = places.ensure_community(places.ensure_subdistrict(district, "北站街道"), "朝阳社区")
    far = places.ensure_neighborhood(other, "林业北小区", company=world.company_a)
    near_finding = factories.finding(world.neighborhood_a)
    far_finding = factories.finding(far)
    db.session.commit()
    return far, near_finding, far_finding


def test_area_is_found_by_any_level_name(world, areas):
    community = world.neighborhood_a.community
    assert services.find_area("学府街社区") == (None, community)
    assert services.find_area("南站街道") == (community.subdistrict, None)
    assert services.find_area("张家口经济技术开发区") == (None, None)
    assert services.find_area("经开") == (None, None)
    assert services.find_area("南站街道/学府街社区") == (None, community)
    with pytest.raises(DomainError, match="找不到片区"):
        services.find_area("不存在社区")


def test_a_community_name_used_twice_must_name_its_subdistrict(world, areas):
    far, _, _ = areas
    places.ensure_community(far.community.subdistrict, "学府街社区")
    db.session.commit()
    with pytest.raises(DomainError, match="街道/社区"):
        services.find_area("学府街社区")
    assert services.find_area("北站街道/学府街社区")[1].subdistrict == far.community.subdistrict


def test_a_company_account_has_no_area(world):
    with pytest.raises(DomainError, match="没有片区"):
        services.create_user("c9", role=Role.COMPANY, password="longenough", company_name="九州物业",
                             area_name="学府街社区")


@pytest.mark.parametrize("area,sees_near,sees_far", [
    ("学府街社区", True, False),
    ("南站街道", True, False),
    ("北站街道", False, True),
    ("朝阳社区", False, True),
    (None, True, True),
])
def test_staff_see_the_findings_and_neighbourhoods_of_their_area(world, areas, area, sees_near, sees_far):
    far, near_finding, far_finding = areas
    user = services.create_user("area1", role=Role.INSPECTOR, password="longenough", area_name=area)
    findings = set(db.session.scalars(select(Finding.id).where(Finding.visible_to(user))))
    neighborhoods = set(db.session.scalars(select(Neighborhood.id).where(Neighborhood.visible_to(user))))
    assert (near_finding.id in findings, far_finding.id in findings) == (sees_near, sees_far)
    assert (world.neighborhood_a.id in neighborhoods, far.id in neighborhoods) == (sees_near, sees_far)


def test_a_company_still_sees_its_own_wherever_they_are(world, areas):
    _, near_finding, far_finding = areas
    findings = set(db.session.scalars(select(Finding.id).where(Finding.visible_to(world.company_user_a))))
    assert {near_finding.id, far_finding.id} <= findings
    assert not set(db.session.scalars(select(Finding.id).where(Finding.visible_to(world.company_user_b))))


def test_create_user_command_takes_an_area_of_any_level(app, world, areas):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "xq1", "--role", "inspector", "--area", "学府街社区",
                                 "--password", "longenough"])
    assert result.exit_code == 0, result.output
    assert "created xq1 (inspector, 学府街社区)" in result.output
    result = runner.invoke(args=["create-user", "xq2", "--role", "supervisor", "--area", "北站街道",
                                 "--password", "longenough"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "xq3", "--role", "inspector", "--area", "火星社区",
                                 "--password", "longenough"])
    assert result.exit_code != 0 and "找不到片区" in result.output
    users = {u.username: u for u in db.session.scalars(select(services.User))}
    assert users["xq1"].community == world.neighborhood_a.community and users["xq1"].subdistrict is None
    assert users["xq2"].subdistrict.name == "北站街道" and users["xq2"].community is None
    assert "xq3" not in users
