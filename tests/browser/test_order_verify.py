"""A printed order checked from a phone: its PDF's QR code, decoded by a real decoder, opens the public
verification page without login; a logged-in inspector is offered the order itself."""

import subprocess

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.orders import pdf as order_pdf
from inspect_app.orders import services
from inspect_app.places.models import Neighborhood
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def issued_order_pdf(app, path) -> tuple[int, str]:
    with app.app_context():
        inspector = db.session.scalar(select(User).where(User.username == "inspector"))
        neighborhood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "馨苑二期"))
        finding = factories.finding(neighborhood, title="验真：楼道堆物")
        order = services.issue_order(services.draft_order(neighborhood, [finding.id], actor=inspector),
                                     actor=inspector)
        path.write_bytes(order_pdf.render_order_pdf(order))
        result = order.id, order.number
        db.session.remove()
        return result


def test_the_qr_code_opens_the_verification_page(live_app, page, shot, tmp_path):
    order_id, number = issued_order_pdf(live_app, tmp_path / "order.pdf")
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", "1", "-l", "1",
                    str(tmp_path / "order.pdf"), str(tmp_path / "page1")], check=True, timeout=60)
    with Image.open(tmp_path / "page1.png") as image:
        [url] = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    page.goto(url)  # nobody logged in
    card = page.locator("#order-verify")
    expect(card.locator("#verify-number")).to_have_text(number)
    expect(card).to_contain_text("已签发")
    expect(page.locator("#open-order")).to_have_count(0)
    assert page.locator("img").count() == 0
    shot(page, "order_verify")
    log_in(page, "inspector")
    page.goto(url)
    expect(page.locator("#open-order")).to_have_attribute("href", f"/orders/{order_id}")
    shot(page, "order_verify_logged_in")
