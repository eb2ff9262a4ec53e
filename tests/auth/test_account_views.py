"""The account pages through the test client: each page, no-JS posts, htmx swaps, sessions that end at once."""

import re

import pytest
from sqlalchemy import func, select

from inspect_app.auth import lifecycle
from inspect_app.auth.models import AccountEvent, User
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.findings.models import Finding
from inspect_app.places.models import Community
from tests import factories
from tests.i18n.test_english import assert_english


@pytest.fixture
def admin(app, world, login):
    client = app.test_client()
    login(world.admin, to=client)
    return client


def _otp(page: str) -> str:
    match = re.search(r'<p class="ac-password"><code>([^<]+)</code>', page)
    assert match, page[:2000]
    return match.group(1)


def _community_value() -> str:
    return f"c{db.session.scalar(select(Community.id).where(Community.name == '学府街社区'))}"


def _user(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def test_the_list_filters_by_role_area_state_and_search(admin, world):
    lifecycle.update_account(world.supervisor, lifecycle.AccountInput("李娜", Role.SUPERVISOR,
                                                                      community_id=int(_community_value()[1:])),
                             actor=world.admin)
    lifecycle.set_enabled(world.company_user_b, False, actor=world.admin)
    page = admin.get("/admin/accounts").get_data(as_text=True)
    assert "共 5 个账号" in page and "李娜" in page and "学府街社区" in page and "已停用" in page
    assert "李娜" not in admin.get("/admin/accounts?role=inspector").get_data(as_text=True)
    assert "共 1 个账号" in admin.get(f"/admin/accounts?area={_community_value()}").get_data(as_text=True)
    disabled = admin.get("/admin/accounts?enabled=no").get_data(as_text=True)
    assert "共 1 个账号" in disabled and "company_b" in disabled
    found = admin.get("/admin/accounts?q=李").get_data(as_text=True)
    assert "共 1 个账号" in found and "supervisor1" in found
    assert "共 0 个账号" in admin.get("/admin/accounts?q=%25").get_data(as_text=True)  # % is no wildcard


def test_the_list_answers_htmx_with_its_results_only(admin, world):
    response = admin.get("/admin/accounts?role=admin&junk=1", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="account-results"' in body
    assert response.headers["HX-Push-Url"] == "/admin/accounts?role=admin"
    assert "HX-Request" in response.headers["Vary"]


def test_creating_an_account_without_js_shows_its_one_time_password_once(admin, world):
    response = admin.post("/admin/accounts/new", data={
        "username": "wangfang", "display_name": "王芳", "role": "inspector", "area": _community_value(),
        "company_id": "0", "phone": "138 0013 8000"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = _otp(page)
    account = _user("wangfang")
    assert account.area_name == "学府街社区" and account.phone == "13800138000" and account.must_change_password
    assert password not in account.password_hash
    detail = admin.get(f"/admin/accounts/{account.id}").get_data(as_text=True)
    assert password not in detail and "创建账号" in detail and "待改初始密码" in detail


def test_creating_with_htmx_answers_the_whole_page_in_place_of_the_body(admin, world):
    response = admin.post("/admin/accounts/new", headers={"HX-Request": "true"}, data={
        "username": "zhaolei", "display_name": "赵磊", "role": "supervisor", "area": "", "company_id": "0"})
    assert response.status_code == 200 and response.headers["HX-Retarget"] == "body"
    assert response.headers["HX-Reswap"] == "innerHTML" and response.headers["Cache-Control"] == "no-store"
    assert _user("zhaolei").check_password(_otp(response.get_data(as_text=True)))


def test_a_refused_create_keeps_what_was_typed(admin, world):
    response = admin.post("/admin/accounts/new", data={
        "username": "坏 名字", "display_name": "王芳", "role": "company", "area": "", "company_id": "0",
        "phone": "12345"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "用户名须为 3–50 位字母" in page and "手机号格式不对" in page
    assert 'value="坏 名字"' in page and 'value="王芳"' in page and 'value="12345"' in page
    assert re.search(r'<option selected value="company">|<option value="company" selected', page)
    assert _user("坏 名字") is None


def test_a_company_account_without_a_company_is_refused_at_the_field(admin, world):
    hx = admin.post("/admin/accounts/new", headers={"HX-Request": "true"}, data={
        "username": "newco", "display_name": "物业甲", "role": "company", "area": "", "company_id": "0"})
    body = hx.get_data(as_text=True)
    assert hx.status_code == 422 and "<html" not in body and 'id="account-form"' in body
    assert "物业公司账号须选择所属物业公司" in body and 'value="newco"' in body


def test_editing_without_js_redirects_and_the_change_shows_on_the_account_page(admin, world):
    account = world.inspector
    form = admin.get(f"/admin/accounts/{account.id}/edit").get_data(as_text=True)
    assert 'value="Inspector1"' in form and 'name="username"' not in form
    response = admin.post(f"/admin/accounts/{account.id}/edit", data={
        "display_name": "张伟", "role": "supervisor", "area": _community_value(), "company_id": "0",
        "phone": "13800138000"})
    assert response.status_code == 303 and response.headers["Location"] == f"/admin/accounts/{account.id}"
    page = admin.get(f"/admin/accounts/{account.id}").get_data(as_text=True)
    assert "已保存账号信息" in page and "修改信息" in page
    assert "角色：巡查员 → 督查" in page and "片区：— → 学府街社区" in page and "手机：— → 13800138000" in page


def test_demoting_the_last_administrator_is_refused_in_the_form(admin, world):
    response = admin.post(f"/admin/accounts/{world.admin.id}/edit", data={
        "display_name": "管理员", "role": "inspector", "area": "", "company_id": "0"})
    assert response.status_code == 422 and "不能取消自己的管理员角色" in response.get_data(as_text=True)
    assert _user("admin1").role == Role.ADMIN


def test_a_disabled_accounts_session_ends_at_once(app, admin, world, login):
    inspector = app.test_client()
    login(world.inspector, to=inspector)
    assert inspector.get("/ledger").status_code == 200
    response = admin.post(f"/admin/accounts/{world.inspector.id}/disable")
    assert response.status_code == 303
    assert inspector.get("/ledger").status_code == 302  # the very next request
    assert inspector.post("/login", data={"username": "inspector1", "password": factories.PASSWORD}).status_code == 422
    admin.post(f"/admin/accounts/{world.inspector.id}/enable")
    login(world.inspector, to=inspector)
    assert [e.kind for e in db.session.scalars(select(AccountEvent).order_by(AccountEvent.id))] == [
        "disabled", "enabled"]


def test_disabling_with_htmx_swaps_the_card_and_the_history(admin, world):
    response = admin.post(f"/admin/accounts/{world.supervisor.id}/disable", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.startswith('<section id="account-card"') and "重新启用" in body
    assert 'id="account-events" hx-swap-oob="true"' in body and "停用" in body


def test_an_administrator_sees_no_disable_button_for_themselves_and_is_refused(admin, world):
    page = admin.get(f"/admin/accounts/{world.admin.id}").get_data(as_text=True)
    assert f"/admin/accounts/{world.admin.id}/disable" not in page
    response = admin.post(f"/admin/accounts/{world.admin.id}/disable")
    assert response.status_code == 409 and "不能停用自己的账号" in response.get_data(as_text=True)


def test_a_reset_password_works_once_then_must_be_changed(app, admin, world):
    response = admin.post(f"/admin/accounts/{world.inspector.id}/reset-password")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    one_time = _otp(response.get_data(as_text=True))
    person = app.test_client()
    login = person.post("/login", data={"username": "inspector1", "password": one_time, "next": "/ledger"})
    assert login.status_code == 303
    forced = person.get("/ledger")
    assert forced.status_code == 302 and forced.headers["Location"] == "/account/password?next=/ledger"
    page = person.get(forced.headers["Location"]).get_data(as_text=True)
    assert "一次性初始密码" in page and 'value="/ledger"' in page
    changed = person.post("/account/password", data={"current": one_time, "new": "my-own-secret",
                                                     "confirm": "my-own-secret", "next": "/ledger"})
    assert changed.status_code == 303 and changed.headers["Location"] == "/ledger"
    assert person.get("/ledger").status_code == 200  # this session continues
    person.post("/logout")
    again = person.post("/login", data={"username": "inspector1", "password": one_time})
    assert again.status_code == 422  # the one-time password worked once


def test_the_forced_change_leaves_logout_static_and_tells_htmx(app, world, login):
    one_time = lifecycle.reset_password(world.inspector, actor=world.admin)
    client = app.test_client()
    login(world.inspector, password=one_time, to=client)
    hx = client.get("/ledger", headers={"HX-Request": "true"})
    assert hx.status_code == 403 and hx.headers["HX-Redirect"].startswith("/account/password")
    assert "请先修改初始密码" in hx.get_data(as_text=True)
    post = client.post("/findings/new", data={"neighborhood": str(world.neighborhood_a.id), "title": "楼道堆物"})
    assert post.status_code == 303 and post.headers["Location"] == "/account/password"
    assert db.session.scalar(select(func.count()).select_from(Finding)) == 0  # refused before the view ran
    with client.get("/static/js/app.js") as static:
        assert static.status_code == 200
    assert client.post("/logout").status_code == 303


def test_changing_ones_password_ends_the_other_sessions_only(app, world, login):
    phone, desktop = app.test_client(), app.test_client()
    login(world.supervisor, to=phone)
    login(world.supervisor, to=desktop)
    response = phone.post("/account/password", data={"current": factories.PASSWORD, "new": "a-new-secret",
                                                      "confirm": "a-new-secret"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert phone.get("/").status_code == 200
    assert desktop.get("/").status_code == 302


@pytest.mark.parametrize("data,message", [
    ({"current": "wrong", "new": "a-new-secret", "confirm": "a-new-secret"}, "当前密码不正确"),
    ({"current": factories.PASSWORD, "new": "a-new-secret", "confirm": "another-one"}, "两次输入的新密码不一致"),
    ({"current": factories.PASSWORD, "new": "short", "confirm": "short"}, "密码至少 8 位"),
    ({"current": factories.PASSWORD, "new": "", "confirm": ""}, "请输入新密码"),
])
def test_a_refused_password_change_says_why(client, world, login, data, message):
    login(world.company_user_a)
    response = client.post("/account/password", data=data, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and 'id="password-form"' in body and "<html" not in body
    assert _user("company_a").check_password(factories.PASSWORD)


def test_the_admin_home_links_to_the_accounts(admin):
    assert 'href="/admin/accounts"' in admin.get("/").get_data(as_text=True)


@pytest.fixture
def english(client):
    assert client.post("/lang/en").status_code == 303
    return client


def test_the_account_pages_in_english(app, english, world, login):
    lifecycle.update_account(world.inspector, lifecycle.AccountInput("张伟", Role.SUPERVISOR), actor=world.admin)
    lifecycle.set_enabled(world.inspector, False, actor=world.admin)
    login(world.admin)
    assert_english(app, english.get("/admin/accounts"), "账号管理", "＋ 新建账号", "片区", "已停用")
    assert_english(app, english.get(f"/admin/accounts/{world.inspector.id}"), "变更记录", "修改信息", "重新启用",
                   "重置密码")
    assert_english(app, english.get("/admin/accounts/new"), "新建账号", "姓名", "手机", "全区（区级）")
    assert_english(app, english.get("/account/password"), "修改密码", "当前密码", "再次输入新密码")
