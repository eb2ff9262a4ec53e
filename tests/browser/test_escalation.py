"""In a real browser: an overdue order escalates to its subdistrict (督办), whose supervisor finds it in the work
queue and downloads the numbered 督办单."""

import re
import subprocess
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.escalations import services as escalations
from inspect_app.escalations.models import Escalation
from inspect_app.orders import services as orders
from inspect_app.places.models import Community, Neighborhood, Subdistrict
from inspect_app.workdays.services import calendar
from tests import factories
from tests.browser.conftest import log_in, new_phone

pytestmark = pytest.mark.browser


def escalated_order(live_app) -> tuple[str, str]:
    """An order of a 南站街道 neighbourhood, issued with a deadline 6–8 working days ago, then the daily sweep:
    社区 and 街道 (N = 3), not yet 区. Its number and the 街道 督办单's number."""
    with live_app.app_context():
        neighborhood = db.session.scalars(
            select(Neighborhood).join(Neighborhood.community).join(Community.subdistrict)
            .where(Subdistrict.name == "南站街道", Neighborhood.company_id.is_not(None))
            .order_by(Neighborhood.id)).first()
        inspector = db.session.scalar(select(User).where(User.username == "inspector"))
        finding = factories.finding(neighborhood, title="消防通道堆放杂物（督办）")
        db.session.commit()
        order = orders.issue_order(orders.draft_order(neighborhood, [finding.id], actor=inspector), actor=inspector)
        today = local_today()
        deadline = today - timedelta(days=1)
        while calendar().between(deadline, today) < 7:
            deadline -= timedelta(days=1)
        for line in order.lines:
            line.deadline = line.finding.deadline = deadline
        order.deadline = deadline
        db.session.commit()
        escalations.sweep(today)
        street = db.session.scalar(select(Escalation).where(Escalation.order_id == order.id,
                                                            Escalation.level == "subdistrict"))
        assert street is not None
        numbers = order.number, street.number
        db.session.remove()
    return numbers


def test_the_subdistrict_supervisor_sees_the_escalation_and_downloads_the_notice(browser, base_url, live_app,
                                                                                 shot, tmp_path):
    order_number, notice_number = escalated_order(live_app)
    supervisor = new_phone(browser, base_url)
    log_in(supervisor, "nanzhan")
    tile = supervisor.locator("#work-queue a.tile", has_text="督办")
    expect(tile).to_be_visible()
    assert int(tile.locator("b").inner_text()) >= 1
    shot(supervisor, "escalation-queue", full_page=False)
    tile.click()
    row = supervisor.locator(".escalation-row", has_text=order_number)
    expect(row).to_contain_text("督办·街道")
    shot(supervisor, "escalation-list")
    with supervisor.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("督办单 PDF")).click()
    path = tmp_path / "escalation.pdf"
    download_info.value.save_as(path)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                             check=True, timeout=60).stdout)
    assert notice_number in text and order_number in text and "街道级督办" in text
    row.locator("a", has_text=order_number).click()
    expect(supervisor.locator("#order-escalations")).to_contain_text(notice_number)
    shot(supervisor, "escalation-order")
    assert supervisor.csp_violations == []
    supervisor.context.close()
