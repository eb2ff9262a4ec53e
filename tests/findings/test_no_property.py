"""No dead ends for 无物业小区 (golive.md): ordered to an appointed company, or fixed by the community and closed
after a follow-up — as use cases without HTTP and through the pages; and the 建账立表 list."""

from datetime import timedelta

import pytest

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role
from inspect_app.core.time import local_today
from inspect_app.findings import levels, services
from inspect_app.findings.forms import Upload
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.orders import services as orders
from inspect_app.photos.models import Photo
from inspect_app.places import services as places
from tests import factories
from tests.security.helpers import jpeg, sign_in


@pytest.fixture
def linye(world):
    """林业北小区: no company serves it, in 学府街社区 like the world's other neighbourhoods."""
    neighborhood = places.ensure_neighborhood(world.neighborhood_a.community, "林业北小区", company=None)
    db.session.commit()
    return neighborhood


def area_user(username: str, role: Role, *, community=None, subdistrict=None):
    user = factories.user(username, role)
    user.community, user.subdistrict = community, subdistrict
    db.session.commit()
    return user


def test_an_appointed_company_gets_the_order_and_reports_as_usual(world, linye):
    linye.responsible_company_id = world.company_b.id
    db.session.commit()
    finding = factories.finding(linye, deadline=local_today() + timedelta(days=3))
    assert finding.company_id is None
    order = orders.issue_order(orders.draft_order(linye, [finding.id], actor=world.inspector), actor=world.inspector)
    assert order.company_id == world.company_b.id and finding.state == FindingState.ORDERED
    assert finding.company_id == world.company_b.id  # the appointed company now answers for it
    company = world.company_user_b
    assert orders.get_order_for(company, order.id) is not None
    assert services.get_finding_for(company, finding.id) is not None
    assert services.get_finding_for(world.company_user_a, finding.id) is None
    orders.acknowledge(order, actor=company)
    orders.report_fix(order, finding, actor=company, note="国有物业已清理")
    assert finding.state == FindingState.REPORTED


def test_an_appointed_company_sees_the_order_page_and_reports_through_it(app, world, linye):
    linye.responsible_company_id = world.company_b.id
    db.session.commit()
    finding = factories.finding(linye)
    order = orders.issue_order(orders.draft_order(linye, [finding.id], actor=world.inspector), actor=world.inspector)
    client = app.test_client()
    sign_in(client, world.company_user_b)
    assert client.get(f"/orders/{order.id}").status_code == 200
    assert client.post(f"/orders/{order.id}/acknowledge").status_code == 303
    response = client.post(f"/orders/{order.id}/findings/{finding.id}/report", data={"note": "已修复"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Finding, finding.id).state == FindingState.REPORTED


def test_under_community_care_there_is_no_order_but_a_community_fix_a_follow_up_and_a_close(world, linye):
    finding = factories.finding(linye)
    with pytest.raises(DomainError, match="社区代管"):
        orders.draft_order(linye, [finding.id], actor=world.inspector)
    community = area_user("xq-c", Role.INSPECTOR, community=linye.community)
    with pytest.raises(DomainError) as refused:
        services.close_community_fix(finding, actor=world.supervisor)
    assert refused.value.status == 409  # nothing fixed yet
    with pytest.raises(DomainError, match="如何整改"):
        services.record_community_fix(finding, actor=community, note=" ")
    services.record_community_fix(finding, actor=community, note="社区组织清运", uploads=[Upload("a.jpg", jpeg())])
    assert finding.state == FindingState.REPORTED
    assert db.session.query(Photo).filter_by(finding_id=finding.id, kind="after").count() == 1
    with pytest.raises(DomainError, match="说明原因"):
        services.follow_up_community_fix(finding, actor=world.inspector, outcome="failed", note="")
    services.follow_up_community_fix(finding, actor=world.inspector, outcome="failed", note="仍有堆物")
    assert finding.state == FindingState.OPEN  # back on the open ledger
    services.record_community_fix(finding, actor=community, note="第二次清运")
    with pytest.raises(DomainError):
        services.close_community_fix(finding, actor=world.supervisor)  # the latest follow-up failed it
    services.follow_up_community_fix(finding, actor=world.inspector, outcome="passed", note="已清理干净")
    with pytest.raises(DomainError) as refused:
        services.close_community_fix(finding, actor=world.inspector)
    assert refused.value.status == 403  # 销号 is a supervisor's
    services.close_community_fix(finding, actor=world.supervisor)
    assert finding.state == FindingState.CLOSED and finding.closed_at is not None
    moves = [(c.from_state, c.to_state) for c in services.timeline(finding)]
    assert moves == [("open", "reported"), ("reported", "open"), ("open", "reported"), ("reported", "closed")]


def test_staff_of_another_community_cannot_record_the_fix(world, linye):
    finding = factories.finding(linye)
    other = places.ensure_community(linye.community.subdistrict, "学府街二社区")
    stranger = area_user("xq-o", Role.INSPECTOR, community=other)
    with pytest.raises(DomainError) as refused:
        services.record_community_fix(finding, actor=stranger, note="x")
    assert refused.value.status == 403
    neighborhood_with_company = factories.finding(world.neighborhood_a)
    with pytest.raises(DomainError) as refused:
        services.record_community_fix(neighborhood_with_company, actor=world.inspector, note="x")
    assert refused.value.status == 409  # a company serves it: it goes on an order


def test_the_community_path_through_the_pages(app, world, linye):
    finding = factories.finding(linye)
    inspector, supervisor = app.test_client(), app.test_client()
    sign_in(inspector, area_user("xq-p", Role.INSPECTOR, community=linye.community))
    sign_in(supervisor, world.supervisor)
    page = inspector.get(f"/findings/{finding.id}").get_data(as_text=True)
    assert "社区代管" in page and "登记社区整改" in page
    response = inspector.post(f"/findings/{finding.id}/community-fix", data={"note": ""})
    assert response.status_code == 422 and "请写明社区如何整改" in response.get_data(as_text=True)
    assert inspector.post(f"/findings/{finding.id}/community-fix", data={"note": "已清运"}).status_code == 303
    response = inspector.post(f"/findings/{finding.id}/community-follow-up", data={"outcome": "failed"})
    assert response.status_code == 422 and "不通过须说明原因" in response.get_data(as_text=True)
    assert inspector.post(f"/findings/{finding.id}/community-follow-up",
                          data={"outcome": "passed", "note": "ok"}).status_code == 303
    assert "等待督查销号" in supervisor.get(f"/findings/{finding.id}").get_data(as_text=True)
    assert inspector.post(f"/findings/{finding.id}/community-close").status_code == 403
    assert supervisor.post(f"/findings/{finding.id}/community-close").status_code == 303
    db.session.expire_all()
    assert db.session.get(Finding, finding.id).state == FindingState.CLOSED
    far = app.test_client()
    district = linye.community.subdistrict.district
    far_area = places.ensure_subdistrict(district, "北站街道")
    db.session.commit()
    sign_in(far, area_user("xq-far", Role.SUPERVISOR, subdistrict=far_area))
    assert far.get(f"/findings/{finding.id}").status_code == 404
    assert far.post(f"/findings/{finding.id}/community-close").status_code == 404


def test_the_no_property_list_until_a_company_takes_over(app, world, linye):
    factories.finding(linye)
    factories.finding(linye, state=FindingState.CLOSED)
    rows = levels.no_property(world.supervisor, today=local_today())
    assert [(r.neighborhood.name, r.open, r.unfinished) for r in rows] == [("林业北小区", 1, 1)]
    client = app.test_client()
    sign_in(client, world.inspector)
    body = client.get("/neighborhoods/no-property").get_data(as_text=True)
    assert "林业北小区" in body and "社区代管" in body and "枫墅小镇小区" not in body
    linye.responsible_company_id = world.company_b.id
    db.session.commit()
    assert "嘉家物业" in client.get("/neighborhoods/no-property").get_data(as_text=True)
    linye.company_id = world.company_a.id  # 新物业进驻: off the list
    db.session.commit()
    assert levels.no_property(world.supervisor, today=local_today()) == []


def test_a_finding_raised_before_a_takeover_is_still_closed_through_the_community(world, linye):
    finding = factories.finding(linye)
    places.change_company(linye, world.company_a, on=local_today(), kind="new_company")
    assert linye.company_id == world.company_a.id and finding.company_id is None and finding.is_community_care
    assert services.get_finding_for(world.company_user_a, finding.id) is None  # not the new company's
    services.record_community_fix(finding, actor=world.inspector, note="社区组织清理")
    services.follow_up_community_fix(finding, actor=world.inspector, outcome="passed", note="已清理")
    services.close_community_fix(finding, actor=world.supervisor)
    assert finding.state == FindingState.CLOSED
    later = factories.finding(linye)
    assert later.company_id == world.company_a.id and not later.is_community_care
