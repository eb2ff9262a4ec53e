"""Staff pages through the test client: the button and form on a finding (422 keeps what was typed, htmx gets the
partial), the list scoped to the area, the admin's departments."""

from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.findings.rules import FindingState
from inspect_app.transfers.models import Department, Transfer
from tests import factories
from tests.transfers.helpers import department, transferred


def test_staff_transfer_an_open_finding_from_its_page(client, world, login):
    finding = factories.finding(world.neighborhood_a, title="供暖管道漏水")
    to = department(world)
    login(world.inspector)
    page = client.get(f"/findings/{finding.id}").get_data(as_text=True)
    assert f"/findings/{finding.id}/transfer" in page
    form = client.get(f"/findings/{finding.id}/transfer").get_data(as_text=True)
    assert "区住建局" in form and 'name="workdays"' in form
    response = client.post(f"/findings/{finding.id}/transfer",
                           data={"department_id": to.id, "workdays": "5", "note": "属供热管网"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/findings/{finding.id}")
    page = client.get(f"/findings/{finding.id}").get_data(as_text=True)
    assert "已转办" in page and "区住建局" in page and "办理中" in page
    assert f"/findings/{finding.id}/transfer" not in page  # no second transfer while it is away
    db.session.refresh(finding)
    assert finding.state == FindingState.TRANSFERRED


def test_a_refused_transfer_keeps_what_was_typed(client, hx, world, login):
    finding = factories.finding(world.neighborhood_a)
    department(world)
    login(world.inspector)
    response = client.post(f"/findings/{finding.id}/transfer", data={"department_id": "", "workdays": "99",
                                                                     "note": "请处理路灯"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "请选择转办部门" in page and "1 至 60 个工作日" in page
    assert "请处理路灯" in page and 'value="99"' in page
    login(world.inspector, to=hx)
    partial = hx.post(f"/findings/{finding.id}/transfer", data={"workdays": "x"})
    assert partial.status_code == 422 and "<html" not in partial.get_data(as_text=True)
    assert db.session.scalar(select(Transfer.id)) is None


def test_the_list_shows_department_deadline_and_overdue_within_the_area(client, world, login):
    transfer = transferred(world)  # deadline 2026-11-16: overdue by now
    login(world.supervisor)
    page = client.get("/transfers").get_data(as_text=True)
    assert f'id="transfer-{transfer.id}"' in page and "区住建局" in page and "2026-11-16" in page
    assert "逾期" in page
    assert f'id="transfer-{transfer.id}"' not in client.get("/transfers?state=done").get_data(as_text=True)
    far = factories.user("far_inspector", Role.INSPECTOR)
    far.community_id = _other_community(world)
    db.session.commit()
    login(far)
    assert f'id="transfer-{transfer.id}"' not in client.get("/transfers").get_data(as_text=True)


def _other_community(world) -> int:
    from inspect_app.places import services as places

    return places.ensure_community(world.neighborhood_a.community.subdistrict, "永兴街社区").id


def test_companies_see_no_transfer_pages(client, world, login):
    finding = transferred(world).finding
    login(world.company_user_a)
    assert client.get("/transfers").status_code == 403
    assert client.get(f"/findings/{finding.id}/transfer").status_code == 403
    page = client.get(f"/findings/{finding.id}").get_data(as_text=True)
    assert "已转办" in page and 'id="finding-transfers"' not in page  # the record says where it went, no more


def test_the_admin_keeps_the_departments(client, world, login):
    login(world.admin)
    bad = client.post("/admin/departments/new", data={"name": "区城管局", "email": "not-mail", "phone": "x"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "电子邮箱格式不对" in page and "区城管局" in page and "电话只能包含" in page
    saved = client.post("/admin/departments/new", data={"name": "区城管局", "contact_person": "李科长",
                                                         "email": "cg@example.cn", "phone": "0313-2345678"})
    assert saved.status_code == 303
    department_ = db.session.scalar(select(Department))
    assert client.get("/admin/departments").get_data(as_text=True).count('id="department-') == 1
    edited = client.post(f"/admin/departments/{department_.id}/edit",
                         data={"name": "区城市管理综合执法局", "email": "cg@example.cn"})
    assert edited.status_code == 303
    assert client.post(f"/admin/departments/{department_.id}/disable").status_code == 303
    db.session.refresh(department_)
    assert department_.name == "区城市管理综合执法局" and not department_.is_enabled
    assert "已停用" in client.get("/admin/departments").get_data(as_text=True)
    assert client.post(f"/admin/departments/{department_.id}/enable").status_code == 303
    login(db.session.get(User, world.supervisor.id))
    assert client.get("/admin/departments").status_code == 403
