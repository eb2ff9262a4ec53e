"""The whole loop across roles on phones: order from a patrol, company report, follow-up, close-out, ledger."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.inspections import services
from inspect_app.places.models import Neighborhood
from tests.browser.conftest import log_in, new_phone
from tests.inspections.helpers import attach_photo, deduct, items, pass_all_but

pytestmark = pytest.mark.browser


def submitted_patrol(app, name: str) -> int:
    """A patrol with two deductions, made through the services (the browser walk is tested elsewhere)."""
    with app.app_context():
        inspector = db.session.scalar(select(User).where(User.username == "inspector"))
        neighborhood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == name))
        patrol = services.start_patrol(neighborhood, actor=inspector)
        pass_all_but(patrol, inspector, "H2", "Q5")
        attach_photo(patrol, deduct(patrol, items(patrol)["H2"], inspector, count=2), inspector)
        attach_photo(patrol, deduct(patrol, items(patrol)["Q5"], inspector), inspector)
        services.submit(patrol, actor=inspector)
        inspection_id = patrol.id
        db.session.remove()
        return inspection_id


def phone(browser, base_url, username):
    page = new_phone(browser, base_url)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, username)
    return page


def line(page, code: str):
    return page.locator("li.order-line", has=page.locator("h3", has_text=re.compile(rf"\b{code} ")))


def test_the_whole_rectification_loop(photos_dir, browser, base_url, live_app, shot, tmp_path):
    inspection_id = submitted_patrol(live_app, "殡仪馆家属楼")

    inspector = phone(browser, base_url, "inspector")
    inspector.goto(f"/inspections/{inspection_id}")
    inspector.get_by_role("link", name="下发整改通知书").click()
    inspector.get_by_role("button", name="生成草稿").click()
    inspector.get_by_role("button", name="签发通知书").click()
    number = inspector.locator(".order-number")
    expect(number).to_contain_text(re.compile(r"经开整改〔\d{4}〕第\d{4}号"))
    order_url = inspector.url
    with inspector.expect_download() as download_info:
        inspector.evaluate("url => { const a = document.createElement('a'); a.href = url; a.download = 'o.pdf'; "
                           "document.body.appendChild(a); a.click(); }", order_url + "/pdf")
    pdf_path = tmp_path / "order.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    shot(inspector, "order-issued")

    company = phone(browser, base_url, "aoxing")
    order_number = number.inner_text()
    expect(company.locator("#order-list")).to_contain_text(order_number)
    company.locator("#order-list a", has_text=order_number).click()
    company.get_by_role("button", name="签收通知书").click()
    expect(company.locator(".badge.state-acknowledged")).to_be_visible()
    h2 = line(company, "H2")
    h2.locator("textarea[name=note]").fill("3号楼地下室杂物已全部清运")
    h2.locator("input[type=file][capture]").set_input_files(str(photos_dir / "gps_DSCN0010.jpg"))
    h2.get_by_role("button", name="提交整改反馈").click()
    expect(line(company, "H2").locator(".report")).to_contain_text("已全部清运")
    q5 = line(company, "Q5")
    q5.locator("textarea[name=note]").fill("已张贴告知单，限期车主挪车")
    q5.get_by_role("button", name="提交整改反馈").click()
    expect(company.locator(".badge.state-reported").first).to_be_visible()
    shot(company, "order-company-reported")

    inspector.goto(order_url)
    inspector.get_by_role("button", name="开始复查").click()
    check_h2 = line(inspector, "H2")
    check_h2.locator(".chip-pass").click()
    check_h2.get_by_role("button", name="保存复查结果").click()
    check_q5 = line(inspector, "Q5")
    check_q5.locator(".chip-deduct").click()
    check_q5.locator("textarea[name=note]").fill("僵尸车仍未清理")
    check_q5.get_by_role("button", name="保存复查结果").click()
    shot(inspector, "follow-up")
    inspector.get_by_role("button", name="提交复查").click()
    expect(inspector.locator(".result-passed")).to_be_visible()

    supervisor = phone(browser, base_url, "supervisor")
    supervisor.goto(order_url)
    line(supervisor, "H2").get_by_role("button", name="核验销号").click()
    expect(line(supervisor, "H2").locator(".badge").first).to_have_text("已销号")
    q5 = line(supervisor, "Q5")
    q5.locator("input[name=deadline]").fill((local_today() + timedelta(days=5)).isoformat())
    q5.locator("textarea[name=note]").fill("限期五日内清理")
    q5.get_by_role("button", name="退回督办").click()
    expect(line(supervisor, "Q5")).to_contain_text("督办 ×1")
    shot(supervisor, "order-closed-and-sent-back")

    supervisor.goto("/ledger")
    ledger = supervisor.locator("main")
    expect(ledger).to_contain_text("已销号")
    expect(ledger).to_contain_text("已下发整改")
    shot(supervisor, "ledger-after-loop")
    for page in (inspector, company, supervisor):
        assert not getattr(page, "csp_violations", [])
        page.context.close()
