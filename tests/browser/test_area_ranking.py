"""At 390×844: the public ranking of the demo's last closed quarter shows the subdistricts' ranking and, opened, the
communities within; its PDF and Excel links answer without login; the admin sees it on the period's page."""

import pytest
from playwright.sync_api import expect

from inspect_app.assessment.rules import previous_quarter, quarter_code
from inspect_app.core.time import local_today
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_area_ranking_on_the_public_page(page, shot):
    code = previous_quarter(quarter_code(local_today()))
    page.goto(f"/ranking/{code}")
    section = page.locator("section.ar-ranking")
    expect(section).to_contain_text("街道社区考评排名")
    expect(section.locator(".ar-list > li")).to_have_count(2)
    first = section.locator(".ar-list > li").first
    first.locator("summary").click()
    expect(first.locator(".ar-sublist li").first).to_be_visible()
    section.scroll_into_view_if_needed()
    shot(page, "area-ranking-public", full_page=False)
    for kind in ("pdf", "xlsx"):
        response = page.request.get(f"/ranking/{code}/areas.{kind}")
        assert response.status == 200 and len(response.body()) > 1000


def test_the_area_ranking_on_the_staff_page(page, shot):
    code = previous_quarter(quarter_code(local_today()))
    log_in(page, "admin")
    page.goto(f"/assessment/{code}")
    expect(page.locator("section.ar-ranking")).to_contain_text("马路东街道")
    expect(page.get_by_role("link", name="街道社区排名 PDF")).to_be_visible()
    page.locator("section.ar-ranking").scroll_into_view_if_needed()
    shot(page, "area-ranking-staff", full_page=False)
