"""In Chromium at 390×844: the map draws the neighbourhoods and open findings over tiles the test serves itself
(no network), with the strict CSP intact; the list below stays the page's content."""

import io

from PIL import Image
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from tests.browser.conftest import log_in


def _tile() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (205, 225, 200)).save(out, "PNG")
    return out.getvalue()


def test_the_map_shows_findings_over_local_tiles(live_app, page, shot):
    with live_app.app_context():
        finding = db.session.scalars(select(Finding).where(Finding.state != FindingState.CLOSED)
                                     .order_by(Finding.id)).first()
        assert finding is not None
        place = finding.neighborhood
        saved = (place.lat, place.lng)
        place.lat, place.lng = 40.7712, 114.8856
        db.session.commit()
        name, title = place.name, finding.title
    tiles, elsewhere = [], []
    png = _tile()

    def serve_tile(route):
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=png)

    def refuse(route):
        elsewhere.append(route.request.url)
        route.abort()

    page.context.route("https://tile.openstreetmap.org/**", serve_tile)
    page.context.route(lambda url: not url.startswith(("http://127.0.0.1", "https://tile.openstreetmap.org")), refuse)
    try:
        log_in(page, "inspector")
        page.click("nav >> text=地图")
        page.wait_for_url("**/map")
        page.wait_for_selector("#map.leaflet-container")
        page.wait_for_function("document.querySelectorAll('#map .leaflet-tile-loaded').length > 0")
        listed = page.locator("#map-list .map-place", has_text=name).locator(".map-findings > li:not([data-own])")
        counted = page.locator("#map .map-count:not(.empty)")  # its findings counted on its neighbourhood's marker
        assert counted.count() == 1 and counted.inner_text() == str(listed.count())
        states = listed.evaluate_all("rows => rows.map(li => li.dataset.state)")
        first = next(s for s in ("open", "ordered", "reported") if s in states)
        assert f"state-{first}" in counted.get_attribute("class")  # coloured by its least advanced state
        box = page.locator("#map").bounding_box()
        assert box and box["width"] <= 390 and box["height"] >= 260
        assert page.locator("#map-list .map-place", has_text=name).locator("a", has_text=title).count() >= 1
        page.locator("#map").scroll_into_view_if_needed()
        shot(page, "map-phone", full_page=False)
        counted.first.hover()
        page.locator(".leaflet-tooltip", has_text=name).wait_for()
        assert tiles and not elsewhere, elsewhere
        assert page.csp_violations == []
    finally:
        with live_app.app_context():
            restored = db.session.get(Finding, finding.id).neighborhood
            restored.lat, restored.lng = saved
            db.session.commit()
