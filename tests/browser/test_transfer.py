"""转办 on a phone: an inspector transfers an open finding to a department; the department opens its e-mailed link
without an account, sees the problem and its photo, and replies once; the staff's list shows where each stands."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.places.models import Neighborhood
from inspect_app.transfers.links import reply_path
from inspect_app.transfers.models import Transfer
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def _demo_transfer(app) -> tuple[int, str]:
    with app.app_context():
        transfer = db.session.scalar(select(Transfer).where(Transfer.state == "pending").order_by(Transfer.id))
        assert transfer is not None
        result = transfer.id, reply_path(transfer.id)
        db.session.remove()
        return result


def _open_finding(app) -> int:
    with app.app_context():
        neighborhood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "新城名座小区"))
        finding_id = factories.finding(neighborhood, title="小区门前路灯不亮", category_code="F").id
        db.session.remove()
        return finding_id


def test_an_inspector_transfers_and_lists_transfers(live_app, page, shot):
    finding_id = _open_finding(live_app)
    log_in(page, "inspector")
    page.goto(f"/findings/{finding_id}")
    page.locator("a.transfer").click()
    page.locator("#transfer-form button[type=submit]").click()  # no department chosen: refused, kept
    expect(page.locator("#t-department-error")).to_contain_text("请选择转办部门")
    page.select_option("#t-department", label="区城管局")
    page.fill("#t-workdays", "5")
    page.fill("#t-note", "路灯线路属城管局维护")
    page.locator("#transfer-form button[type=submit]").click()
    page.wait_for_url(f"**/findings/{finding_id}")
    expect(page.locator("#finding-transfers")).to_contain_text("区城管局")
    page.goto("/transfers")
    expect(page.locator(".transfer-list")).to_contain_text("供热公司")
    expect(page.locator(".transfer-list")).to_contain_text("区城管局")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "transfers")
    assert page.csp_violations == []


def test_the_department_replies_through_its_link(live_app, page, shot):
    transfer_id, path = _demo_transfer(live_app)
    page.goto(path)  # nobody logged in
    card = page.locator(f"#transfer-{transfer_id}")
    expect(card).to_contain_text("小区供暖主管网漏水")
    expect(card.locator(".photo-gallery img")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "transfer_reply")
    page.fill("#r-text", "已于当日抢修，更换漏水管段，恢复供热。")
    page.locator("#reply-form button[type=submit]").click()
    expect(page.locator(".notice")).to_contain_text("已收到贵单位的答复")
    expect(page.locator("#reply-form")).to_have_count(0)
    shot(page, "transfer_replied")
    page.goto(path.replace(path.rsplit("/", 1)[1], "0" * 32))
    expect(page.locator("body")).to_contain_text("找不到")
    assert page.csp_violations == []
