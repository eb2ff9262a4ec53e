"""The committee's pages through the test client: its home, its ledger (only its neighbourhood: B's finding, order
and patrol are 404), the form (bad points: a clear message, everything typed kept), the admin's items and share,
the account created with its neighbourhood, the command line."""

from decimal import Decimal as D

from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.committees import queries
from inspect_app.committees.models import CommitteeItem
from inspect_app.core.db import db
from inspect_app.orders import services as orders
from tests import factories
from tests.assessment.helpers import patrol
from tests.committees.helpers import committee, items, open_period
from tests.i18n.test_english import assert_english


def _things(world, neighborhood):
    finding = factories.finding(neighborhood, title=f"{neighborhood.name}的问题")
    order = orders.issue_order(orders.draft_order(neighborhood, [finding.id], actor=world.inspector),
                               actor=world.inspector)
    return finding, order, patrol(neighborhood, 88, inspector=world.inspector)


def test_a_committee_reads_its_neighbourhood_and_nothing_else(client, world, login):
    user = committee(world)
    mine, theirs = _things(world, world.neighborhood_a), _things(world, world.neighborhood_b)
    draft = orders.draft_order(world.neighborhood_a, [factories.finding(world.neighborhood_a).id],
                               actor=world.inspector)
    login(user)
    for finding, order, inspection in (mine,):
        assert client.get(f"/findings/{finding.id}").status_code == 200
        assert client.get(f"/orders/{order.id}").status_code == 200
        assert client.get(f"/inspections/{inspection.id}").status_code == 200
    finding, order, inspection = theirs
    for path in (f"/findings/{finding.id}", f"/orders/{order.id}", f"/orders/{order.id}/pdf",
                 f"/inspections/{inspection.id}", f"/orders/{draft.id}"):
        assert client.get(path).status_code == 404, path
    ledger = client.get("/ledger").get_data(as_text=True)
    assert mine[0].title in ledger and theirs[0].title not in ledger
    home = client.get("/").get_data(as_text=True)
    assert world.neighborhood_a.name in home and mine[0].title in home and theirs[0].title not in home
    assert mine[1].number in home and "88" in home
    for path in ("/plans", "/map", "/escalations", "/reports/triage", "/assessment", "/ledger/levels"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/orders/{mine[1].id}/acknowledge").status_code == 403


def test_the_form_refuses_bad_points_clearly_and_keeps_what_was_typed(client, world, login):
    user, period = committee(world), open_period(world)
    items(world, 20, 30)
    login(user)
    page = client.get("/committee/assessment").get_data(as_text=True)
    assert "项目1" in page and "满分 30" in page
    response = client.post("/committee/assessment", data={"item-1": "25", "item-2": "12.5", "note": "保洁好"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "得分须在 0 到 20 分之间" in body
    assert 'value="25"' in body and 'value="12.5"' in body and "保洁好" in body
    assert queries.input_for(period.id, world.neighborhood_a.id) is None
    response = client.post("/committee/assessment", data={"item-1": "abc", "item-2": "", "note": ""})
    body = response.get_data(as_text=True)
    assert "得分须在 0 到 20 分之间" in body and "请填写本项得分（0 到 30 分）" in body and 'value="abc"' in body
    response = client.post("/committee/assessment", data={"item-1": "18", "item-2": "27", "note": "保洁好"})
    assert response.status_code == 303
    entry = queries.input_for(period.id, world.neighborhood_a.id)
    assert queries.entered_points(entry) == {"item-1": D(18), "item-2": D(27)} and entry.note == "保洁好"
    page = client.get("/committee/assessment").get_data(as_text=True)
    assert 'value="18"' in page and "得分率 90%" in page  # 45 of 50


def test_htmx_saves_swap_the_form(hx, world, login):
    user, period = committee(world), open_period(world)
    items(world, 10)
    login(user, to=hx)
    response = hx.post("/committee/assessment", data={"item-1": "7"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.startswith("<form") and "已保存：得分率 70%" in body
    assert queries.input_for(period.id, world.neighborhood_a.id) is not None


def test_the_admin_keeps_the_items_and_the_share(client, world, login):
    period = open_period(world)
    login(world.admin)
    assert client.post("/admin/committee-items", data={"text": "", "max_points": "200"}).status_code == 422
    assert client.post("/admin/committee-items", data={"text": "保洁及时", "max_points": "25", "position": "1"}
                       ).status_code == 303
    item = db.session.scalar(select(CommitteeItem))
    assert (item.text, item.max_points) == ("保洁及时", D(25))
    client.post(f"/admin/committee-items/{item.id}", data={"text": "保洁", "max_points": "20", "position": "1"})
    client.post(f"/admin/committee-items/{item.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert (item.text, item.max_points, item.is_active) == ("保洁", D(20), False)
    response = client.post("/admin/committee-items/share", data={"period": period.code, "share": "1.5"})
    assert response.status_code == 422 and "请填写 0 到 1 之间的数" in response.get_data(as_text=True)
    client.post("/admin/committee-items/share", data={"period": period.code, "share": "0.3"})
    assert queries.share_of(period.id) == D("0.3")
    page = client.get("/admin/committee-items").get_data(as_text=True)
    assert "保洁" in page and 'value="0.30"' in page


def test_the_admin_creates_a_committee_account_with_its_neighbourhood(client, world, login):
    login(world.admin)
    form = {"username": "ywh01", "display_name": "业委会主任", "role": "committee", "area": "", "company_id": "0",
            "neighborhood_id": "0"}
    response = client.post("/admin/accounts/new", data=form)
    assert response.status_code == 422 and "业委会账号须选择所在小区" in response.get_data(as_text=True)
    response = client.post("/admin/accounts/new", data=form | {"neighborhood_id": str(world.neighborhood_a.id)})
    assert response.status_code == 200
    account = db.session.scalar(select(User).where(User.username == "ywh01"))
    assert account.role == "committee" and account.neighborhood_id == world.neighborhood_a.id
    assert account.area_name == world.neighborhood_a.name


def test_create_user_takes_the_committee_s_neighbourhood(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "ywh02", "--role", "committee", "--password", "longenough"])
    assert result.exit_code != 0 and "--neighborhood" in result.output
    result = runner.invoke(args=["create-user", "ywh02", "--role", "committee", "--neighborhood",
                                 world.neighborhood_a.name, "--password", "longenough"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.neighborhood_id).where(User.username == "ywh02")) == world.neighborhood_a.id


def test_the_committee_s_pages_in_english(app, english, world, login):
    user, _period = committee(world), open_period(world)
    items(world, 20)
    _things(world, world.neighborhood_a)
    login(user)
    assert_english(app, english.get("/"), "首页", "台账", "未销号问题", "最近巡查", "季度得分", "保存业委会评价")
    assert_english(app, english.get("/committee/assessment"), "业委会评价", "说明（选填）")
    login(world.admin)
    assert_english(app, english.get("/admin/committee-items"), "业委会评价项目", "新增项目", "保存比例")
