"""A resident reports a problem from the neighbourhood's link on a phone; it is triaged, rectified and closed."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports.models import ResidentReport
from tests.browser.conftest import log_in, new_phone
from tests.resident_reports.helpers import rectify_and_close

pytestmark = pytest.mark.browser
PHOTO = "gps_DSCN0010.jpg"
NEIGHBORHOOD = "枫墅小镇小区"
RESIDENT_PHONE = "13912345678"


def token_of(app, name: str) -> str:
    with app.app_context():
        token = db.session.scalar(select(Neighborhood.public_token).where(Neighborhood.name == name))
        db.session.remove()
        return token


def close_through_the_services(app, code: str) -> None:
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User))}
        report = db.session.scalar(select(ResidentReport).where(ResidentReport.receipt_code == code))
        rectify_and_close(db.session.get(Finding, report.finding_id), inspector=users["inspector"],
                          supervisor=users["supervisor"], company_user=users["jiuzhou"])
        db.session.remove()


def report_as_resident(resident, live_app, shot, photo: Path) -> str:
    """Open the neighbourhood's link, fill the form with a photo, submit; the receipt code shown."""
    resident.goto(f"/r/{token_of(live_app, NEIGHBORHOOD)}")
    expect(resident.locator("h1")).to_have_text(NEIGHBORHOOD)
    expect(resident.locator("input[name=website]")).to_be_hidden()
    resident.locator("label.rr-cat", has_text="环境卫生").click()
    resident.fill("textarea[name=description]", "3号楼东侧垃圾桶满溢，已经两天没人清理，气味很大")
    resident.fill("input[name=location_text]", "3号楼东侧")
    resident.fill("input[name=contact_phone]", RESIDENT_PHONE)
    resident.locator("input[type=file][multiple]").set_input_files(str(photo))
    resident.evaluate("window.scrollTo(0, 0)")
    shot(resident, "resident-report-form")
    resident.get_by_role("button", name="提交").click()
    resident.wait_for_url(re.compile(r"/r/status/[2-9A-HJ-NP-Z]{8}\?new=1$"))
    code = resident.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{8}", code)
    expect(resident.locator(".rr-receipt")).to_contain_text("请截图或抄下")
    expect(resident.locator(".rr-state")).to_have_text("已受理")
    shot(resident, "resident-report-receipt")
    return code


def accept_as_inspector(inspector, live_app, code: str, shot) -> None:
    log_in(inspector, "inspector")
    inspector.get_by_role("link", name="百姓说事").click()
    card = inspector.locator("article.rr-report", has_text=code)
    expect(card).to_contain_text(RESIDENT_PHONE)
    expect(card.locator(".photo-gallery img")).to_have_count(1)
    expect(card.locator("select[name=category]")).to_have_value("H")
    shot(inspector, "resident-report-triage")
    card.get_by_role("button", name="立案，转入整改台账").click()
    expect(card.locator(".rr-outcome")).to_contain_text("已转入台账")
    expect(card.locator(".badge")).to_have_text("已立案")
    shot(inspector, "resident-report-accepted")
    card.get_by_role("link", name="本小区上报二维码与海报").click()
    expect(inspector.locator(".rr-url")).to_contain_text(f"/n/{token_of(live_app, NEIGHBORHOOD)}")
    expect(inspector.get_by_role("link", name="下载 A4 海报（PDF）")).to_be_visible()
    shot(inspector, "resident-link")


def test_a_resident_report_from_link_to_closed(photos_dir, browser, base_url, live_app, shot):
    resident, inspector = new_phone(browser, base_url), new_phone(browser, base_url)
    code = report_as_resident(resident, live_app, shot, photos_dir / PHOTO)
    accept_as_inspector(inspector, live_app, code, shot)

    resident.goto(f"/r/status/{code}")
    expect(resident.locator(".rr-state")).to_have_text("已立案 · 挂账")
    expect(resident.locator("#finding-progress")).to_have_text("挂账")
    shot(resident, "resident-report-status-accepted")

    close_through_the_services(live_app, code)
    resident.goto(f"/r/status/{code}")
    expect(resident.locator("#finding-progress")).to_have_text("已销号")
    expect(resident.locator(".rr-state")).to_have_text("已立案 · 已销号")
    expect(resident.locator(".rr-steps li.done")).to_have_count(4)
    assert RESIDENT_PHONE not in resident.content() and "张伟" not in resident.content()
    shot(resident, "resident-report-status-closed")

    resident.goto("/r/status?code=ABCD2345")
    expect(resident.locator("[role=alert]")).to_contain_text("没有找到这个回执码")
    for page in (resident, inspector):
        assert not page.csp_violations
        page.context.close()
