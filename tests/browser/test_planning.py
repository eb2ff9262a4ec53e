"""In Chromium at 390×844: 南站街道's supervisor generates the quarter's plan and adjusts a line; 富强路社区's inspector
finds it under 本周巡查, walks the patrol from there (started on the spot: GPS), and the coverage moves; the map shows
the finding raised on that patrol where it was raised."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import log_in, new_phone
from tests.browser.test_patrol import PHONE_PHOTO, item

pytestmark = pytest.mark.browser
HERE = {"latitude": 40.7712, "longitude": 114.8856}  # where the inspector stands: at 林业北小区
PLACE = "林业北小区"


def _tile() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (205, 225, 200)).save(out, "PNG")
    return out.getvalue()


def _done(page) -> int:
    row = page.locator("#coverage-neighborhoods li", has_text=PLACE)
    return int(row.locator("span").inner_text().split("/")[0])


def test_a_plan_is_generated_adjusted_patrolled_and_covered(photos_dir, browser, base_url, page, shot):
    # The area's supervisor generates the plan and gives 林业北小区 two patrols.
    log_in(page, "nanzhan")
    page.click("nav >> text=计划")
    page.wait_for_url("**/plans")
    page.get_by_role("button", name="生成本季度计划").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    plan_url = page.url
    line = page.locator("#plan-lines li", has_text=PLACE).filter(has_not=page.locator(".badge")).first
    line.locator("input[name=count]").fill("2")
    line.locator("select[name=inspector]").select_option(label="富强路社区 周强")
    line.get_by_role("button", name="保存").click()
    line = page.locator("#plan-lines li", has_text=PLACE).filter(has_not=page.locator(".badge")).first
    expect(line).to_contain_text("/2")
    expect(line).to_contain_text("周强")
    shot(page, "planning-plan")
    page.goto(plan_url + "/coverage")
    before = _done(page)
    expect(page.locator("#coverage-companies")).to_be_visible()

    # The inspector sees it under 本周巡查 and patrols from there, standing at the neighbourhood.
    inspector = new_phone(browser, base_url, geolocation=HERE, permissions=["geolocation"])
    try:
        png = _tile()
        inspector.context.route("https://tile.openstreetmap.org/**",
                                lambda route: route.fulfill(status=200, content_type="image/png", body=png))
        log_in(inspector, "fuqiang")
        week = inspector.locator("#this-week li", has_text=PLACE).first
        expect(week).to_be_visible()
        shot(inspector, "planning-this-week", full_page=False)
        inspector.wait_for_function("document.querySelector('#this-week input[name=lat]').value !== ''")
        week.get_by_role("button", name="开始").click()
        inspector.wait_for_url(re.compile(r"/inspections/\d+$"))
        h2 = item(inspector, "H2")
        h2.locator(".chip-deduct").click()
        h2.locator(".preset").first.click()
        h2.locator("input[type=file][capture]").set_input_files(str(photos_dir / PHONE_PHOTO))
        expect(h2.locator(".thumbs img")).to_have_count(1, timeout=20000)
        inspector.get_by_role("button", name="其余全部合格").click()
        expect(inspector.locator("#score-summary .answered")).to_contain_text("29/29")
        inspector.on("dialog", lambda dialog: dialog.accept())
        inspector.get_by_role("button", name="提交巡查").click()
        expect(inspector.locator("h1")).to_contain_text("巡查记录")
        expect(inspector.locator(".start-place")).to_be_visible()
        finding_id = inspector.locator("li[id^=finding-]").first.get_attribute("id").removeprefix("finding-")
        shot(inspector, "planning-record", full_page=False)

        # Coverage moved.
        page.goto(plan_url + "/coverage")
        assert _done(page) == before + 1
        shot(page, "planning-coverage")

        # The map shows the finding at its neighbourhood, located by this patrol's start if nothing better is known.
        inspector.click("nav >> text=地图")
        inspector.wait_for_selector("#map.leaflet-container")
        place = inspector.locator("#map-list .map-place", has_text=PLACE)
        expect(place.locator(f".map-findings a[href='/findings/{finding_id}']")).to_have_count(1)
        assert place.get_attribute("data-lat") is not None
        marker = inspector.locator("#map .map-count:not(.empty), #map .map-finding")
        assert marker.count() >= 1
        inspector.locator("#map").scroll_into_view_if_needed()
        shot(inspector, "planning-map", full_page=False)
        assert inspector.csp_violations == [] and page.csp_violations == []
    finally:
        inspector.context.close()
