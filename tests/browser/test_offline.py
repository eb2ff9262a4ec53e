"""No signal, no loss: a patrol finished in a dead spot arrives whole and once; photos shrink before they travel."""

import re
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.time import LOCAL_TZ
from inspect_app.inspections import queries
from inspect_app.inspections.models import Inspection, ItemResult
from inspect_app.photos.models import Photo
from inspect_app.photos.pipeline import PhotoLimits, process_photo
from inspect_app.photos.services import photo_path
from tests.browser.conftest import log_in, new_phone

pytestmark = pytest.mark.browser
PHONE_PHOTO = "phone_HMD_Nokia_8.3_5G.jpg"
UPLOADS = re.compile(r"/inspections/\d+/items/\d+/photos$")
ANSWERS = re.compile(r"/inspections/\d+/items/\d+$")


@pytest.fixture(autouse=True)
def photos(photos_dir: Path) -> Path:
    """Every test here uploads the shared real photos (skipped when they are absent)."""
    return photos_dir


@pytest.fixture
def received(live_app):
    """(path, body bytes) of every POST the live server receives while the test runs."""
    posts: list[tuple[str, int]] = []
    inner = live_app.wsgi_app

    def counting(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            posts.append((environ["PATH_INFO"], int(environ.get("CONTENT_LENGTH") or 0)))
        return inner(environ, start_response)

    live_app.wsgi_app = counting
    yield posts
    live_app.wsgi_app = inner


def start(page, name: str) -> int:
    """Start a patrol and wait until the service worker keeps its page for offline use."""
    log_in(page, "inspector")
    page.fill("input[name=q]", name)  # the home lists the most urgent first; other tests add neighbourhoods
    page.locator("#neighborhood-list li", has_text=name).get_by_role("button").click()
    page.wait_for_url(re.compile(r"/inspections/\d+$"))
    expect(page.locator("#sync-status[data-offline-ready]")).to_have_count(1, timeout=15000)
    return int(page.url.rsplit("/", 1)[1])


def item(page, code: str):
    return page.locator("section.item", has=page.locator("h3 .code", has_text=re.compile(f"^{code}$")))


def deduct(page, code: str, count: str | None = None):
    section = item(page, code)
    section.locator(".chip-deduct").click()
    section.locator(".preset").first.click()
    if count:
        section.locator("input[name=count]").fill(count)
        section.locator("input[name=count]").dispatch_event("change")
    return section


def all_saved(page, timeout: int = 30000) -> None:
    expect(page.locator("#sync-status")).to_have_text("全部已保存", timeout=timeout)


def server_state(app, inspection_id: int) -> dict:
    with app.app_context():
        inspection = db.session.get(Inspection, inspection_id)
        results = db.session.scalars(select(ItemResult).where(ItemResult.inspection_id == inspection_id)).all()
        photos = db.session.scalars(select(Photo).where(Photo.inspection_id == inspection_id)).all()
        state = {
            "answers": {r.item.code: (r.outcome, r.count) for r in results},
            "photos": {r.item.code: sum(p.item_result_id == r.id for p in photos) for r in results},
            "rows": [(p.width, p.height, p.taken_at, p.location_source, p.gps_lat, p.gps_lng, p.original_bytes,
                      photo_path(p, "display").read_bytes()) for p in photos],
            "missing": [a.client_key for a in queries.missing_photos(inspection)],
        }
        db.session.remove()
        return state


def test_a_patrol_finished_offline_arrives_whole_and_once(page, live_app, shot, photos):
    inspection_id = start(page, "桥东区委小区")
    item(page, "H1").locator(".chip-pass").click()
    expect(item(page, "H1").locator(".item-status")).to_contain_text("已保存")
    all_saved(page)

    page.context.set_offline(True)
    deduct(page, "H2", count="2")
    item(page, "F1").locator(".chip-pass").click()
    item(page, "Q1").locator(".chip-not_applicable").click()
    item(page, "H2").locator("input[type=file][capture]").set_input_files(str(photos / PHONE_PHOTO))
    expect(item(page, "H2").locator("li.queued .queued-badge")).to_have_text("待上传", timeout=20000)
    expect(page.locator("#sync-status")).to_contain_text("4 条未同步")
    expect(page.get_by_role("button", name="提交巡查")).to_be_disabled()
    expect(page.locator(".submit-wait")).to_contain_text("全部上传后才能提交")
    item(page, "H2").scroll_into_view_if_needed()
    shot(page, "offline-queued", full_page=False)
    warnings = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="退出").click()
    for _ in range(50):
        if warnings:
            break
        page.wait_for_timeout(100)
    assert warnings and warnings[0].startswith("本机还有 4 条内容未同步")
    expect(page.locator("#sync-status")).to_contain_text("4 条未同步")  # still here: the warning was declined

    page.reload()  # no network: the service worker's copy, with the outbox put back on it
    expect(page.locator("#sync-status")).to_have_attribute("data-page-source", "cache")
    expect(item(page, "H1").locator("input[value=pass]")).to_be_checked()  # saved after the copy was made
    expect(item(page, "H2").locator("input[value=deduct]")).to_be_checked()
    expect(item(page, "H2").locator("input[name=count]")).to_have_value("2")
    expect(item(page, "Q1").locator("input[value=not_applicable]")).to_be_checked()
    expect(item(page, "H2").locator("li.queued img")).to_have_count(1)
    expect(page.locator("#sync-status")).to_contain_text("4 条未同步")
    shot(page, "offline-reloaded", full_page=False)

    page.context.set_offline(False)
    all_saved(page)
    expect(item(page, "H2").locator(".thumbs img")).to_have_count(1)
    expect(item(page, "H2").locator("li.queued")).to_have_count(0)
    expect(page.get_by_role("button", name="提交巡查")).to_be_enabled()
    state = server_state(live_app, inspection_id)
    assert state["answers"] == {"H1": ("pass", 1), "H2": ("deduct", 2), "F1": ("pass", 1),
                                "Q1": ("not_applicable", 1)}
    assert state["photos"]["H2"] == 1 and state["missing"] == []
    assert page.csp_violations == []


def lose_first_response(page, pattern, lost: list):
    """The request reaches the server and is stored, then its response is lost on the way back."""

    def handle(route):
        if route.request.method != "POST" or any(url == route.request.url for url in lost):
            route.continue_()
            return
        route.fetch()
        lost.append(route.request.url)
        route.abort("connectionreset")

    page.route(pattern, handle)


def test_a_lost_response_is_sent_again_and_stored_once(page, live_app, photos):
    inspection_id = start(page, "锅炉厂小区")
    lost: list[str] = []
    lose_first_response(page, UPLOADS, lost)
    lose_first_response(page, ANSWERS, lost)
    section = item(page, "S1")
    section.locator(".chip-pass").click()
    section.locator("input[type=file]").first.set_input_files(str(photos / PHONE_PHOTO))
    all_saved(page)
    expect(section.locator(".thumbs img")).to_have_count(1)
    assert len(lost) == 2
    state = server_state(live_app, inspection_id)
    assert state["answers"] == {"S1": ("pass", 1)}
    assert state["photos"] == {"S1": 1} and state["missing"] == []


def exif_taken_at(path: Path) -> datetime:
    """DateTimeOriginal as photos/services.py reads it: local (China) time."""
    with Image.open(path) as im:
        raw = im.getexif().get_ifd(0x8769)[36867]
    return datetime.strptime(raw, "%Y:%m:%d %H:%M:%S").replace(tzinfo=LOCAL_TZ)


def test_a_phone_photo_is_shrunk_before_upload_and_keeps_its_time_and_place(page, live_app, received, photos):
    inspection_id = start(page, "纬一花园二期")
    sent: list[int] = []
    queued_at: list[bytes] = []

    def measure(route):
        body = route.request.post_data_buffer or b""
        sent.append(len(body))
        queued_at.extend(re.findall(rb'name="queued_at"\r\n\r\n([^\r]*)', body))
        route.continue_()

    page.route(UPLOADS, measure)
    item(page, "H3").locator("input[type=file]").first.set_input_files(str(photos / PHONE_PHOTO))
    all_saved(page)
    assert len(sent) == 1 and 100_000 < sent[0] < 600_000, sent
    assert [size for path, size in received if UPLOADS.search(path)] == sent
    assert (photos / PHONE_PHOTO).stat().st_size > 2_000_000
    assert len(queued_at) == 1 and re.fullmatch(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", queued_at[0])  # when queued
    (width, height, taken_at, source, lat, lng, original_bytes, _), = server_state(live_app, inspection_id)["rows"]
    assert original_bytes == pytest.approx(sent[0], abs=2000)  # what was stored is the shrunk file
    assert width / height == pytest.approx(4608 / 1976, rel=0.01)  # upright, as the camera held it
    assert taken_at == exif_taken_at(photos / PHONE_PHOTO)
    assert source == "device" and lat == pytest.approx(60.1467, abs=1e-3) and lng == pytest.approx(24.9068, abs=1e-3)
    item(page, "H3").locator(".thumb-delete").click()  # what the outbox swapped in is live htmx
    expect(item(page, "H3").locator(".thumbs img")).to_have_count(0)
    assert server_state(live_app, inspection_id)["rows"] == []


def small(jpeg: bytes) -> Image.Image:
    with Image.open(BytesIO(jpeg)) as im:
        return im.convert("L").resize((40, 30), Image.Resampling.BOX)


def difference(a: Image.Image, b: Image.Image) -> float:
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


def test_a_photo_scaled_on_the_phone_comes_out_upright(page, live_app, photos):
    inspection_id = start(page, "馨苑二期")
    page.evaluate("() => { PhotoShrink.minBytes = 0; PhotoShrink.maxSide = 400; }")
    rotated = photos / "orientation" / "landscape_6.jpg"  # stored 450×600 with "rotate 90°" in EXIF
    item(page, "G1").locator("input[type=file]").first.set_input_files(str(rotated))
    all_saved(page)
    (width, height, *_, display), = server_state(live_app, inspection_id)["rows"]
    assert (width, height) == (400, 300)
    reference = process_photo((photos / "orientation" / "landscape_1.jpg").read_bytes(), watermark_lines=[],
                              limits=PhotoLimits())
    upright = small(reference.display_jpeg)
    turned = [difference(small(display), upright.transpose(t).resize((40, 30))) for t in Image.Transpose]
    assert difference(small(display), upright) < 20
    assert difference(small(display), upright) < min(turned) / 2


def test_a_refused_photo_stops_only_itself_and_can_be_given_up(page, live_app, tmp_path, photos):
    inspection_id = start(page, "奥林南区小区")
    not_a_photo = tmp_path / "整改照片.jpg"
    not_a_photo.write_bytes(b"<html><body>not a photo</body></html>")
    page.context.set_offline(True)
    section = item(page, "Q3")
    section.locator("input[type=file]").first.set_input_files([str(not_a_photo), str(photos / "gps_DSCN0010.jpg")])
    expect(section.locator("li.queued")).to_have_count(2, timeout=20000)
    page.context.set_offline(False)
    refused = section.locator("li.queued.failed")
    expect(refused.locator(".error")).to_contain_text("不是照片", timeout=30000)
    expect(section.locator(".thumbs li:not(.queued) img")).to_have_count(1)  # the good one got through
    expect(page.locator("#sync-status")).to_contain_text("1 条无法保存")
    expect(page.locator("#missing-photos")).to_contain_text("有 1 张照片已登记但未上传")
    refused.get_by_role("button", name="移除").click()
    all_saved(page)
    expect(page.locator("#missing-photos")).to_be_hidden()
    state = server_state(live_app, inspection_id)
    assert state["photos"] == {"Q3": 1} and state["missing"] == []


def patrol_bytes(page, name: str, received: list, photo: Path, *, shrink: bool) -> dict[str, int]:
    """Walk a whole patrol (29 items, 6 of them deducted with a phone photo) and count the request bodies sent."""
    start(page, name)
    if not shrink:
        page.evaluate("() => { PhotoShrink.enabled = false; }")
    received.clear()
    for index, section in enumerate(page.locator("section.item").all()):
        if index % 5 == 0:
            section.locator(".chip-deduct").click()
            section.locator(".preset").first.click()
            section.locator("input[type=file]").first.set_input_files(str(photo))
        else:
            section.locator(".chip-pass").click()
    all_saved(page, timeout=120000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交巡查").click()
    expect(page.locator("h1")).to_contain_text("巡查记录")
    expect(page.locator(".deductions img")).to_have_count(6)
    photos = sum(size for path, size in received if "/photos" in path)
    return {"answers": sum(size for _, size in received) - photos, "photos": photos}


def test_bytes_sent_for_a_whole_patrol_with_and_without_phone_scaling(page, browser, base_url, received, capsys,
                                                                      photos):
    scaled = patrol_bytes(page, "林业北小区", received, photos / PHONE_PHOTO, shrink=True)
    other = new_phone(browser, base_url)
    try:
        unscaled = patrol_bytes(other, "新城名座小区", received, photos / PHONE_PHOTO, shrink=False)
    finally:
        other.context.close()
    with capsys.disabled():
        for label, sent in (("with phone scaling", scaled), ("without phone scaling", unscaled)):
            print(f"\n29-item patrol with 6 photos, {label}: {sum(sent.values()):,} bytes sent "
                  f"(answers and submit {sent['answers']:,}, photos {sent['photos']:,})")
    assert scaled["photos"] < 6 * 600_000 < 6 * (photos / PHONE_PHOTO).stat().st_size < unscaled["photos"]
