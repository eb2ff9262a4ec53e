"""In a real browser: the supervisor's work queue opens its lists, the company sees chosen photos before sending."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.rules import OrderState
from tests.browser.conftest import log_in, new_phone

pytestmark = pytest.mark.browser


def test_queue_tiles_open_their_lists_and_the_report_form_previews_photos(photos_dir, browser, base_url, live_app,
                                                                           shot):
    supervisor = new_phone(browser, base_url)
    log_in(supervisor, "supervisor")
    tile = supervisor.locator("#work-queue a.tile", has_text="已反馈")
    count = int(tile.locator("b").inner_text())
    tile.click()
    expect(supervisor.locator("#order-results .ledger-summary")).to_contain_text(f"共 {count} 份")
    expect(supervisor.locator("#o-show")).to_have_value("reported")
    shot(supervisor, "queue-orders-reported", full_page=False)
    supervisor.context.close()

    with live_app.app_context():
        order = db.session.scalars(select(RectificationOrder).where(
            RectificationOrder.state == OrderState.ACKNOWLEDGED, RectificationOrder.company.has(name="九州物业"))
            .order_by(RectificationOrder.id)).first()
        order_id = order.id
        db.session.remove()
    company = new_phone(browser, base_url)
    log_in(company, "jiuzhou")
    company.goto(f"/orders/{order_id}")
    form = company.locator("form.report-form").first
    photos = sorted(photos_dir.glob("*.jpg"))[:2]
    form.locator("input[type=file]:not([capture])").set_input_files([str(p) for p in photos])
    preview = form.locator("[data-photo-preview]")
    expect(preview.locator(".photo-count")).to_have_text("已选 2 张照片")
    expect(preview.locator("img")).to_have_count(2)
    assert all(re.match(r"blob:", src) for src in preview.locator("img").evaluate_all("els => els.map(e => e.src)"))
    shot(company, "report-photo-preview", full_page=False)
    assert company.csp_violations == []
    company.context.close()
