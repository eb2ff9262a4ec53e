"""Abuse and bad input on the public form: each gets a clear Chinese answer, keeps what was typed, stores nothing."""

from dataclasses import dataclass, field

import pytest

from tests.resident_reports.helpers import DESCRIPTION, jpeg, photo_count, post_report, report_count, stored_files

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str
    status: int
    message: str
    files: tuple = ()
    fields: dict = field(default_factory=dict)


CASES = [
    Case("seven photos", 422, "最多只能上传 6 张照片", files=tuple((f"p{i}.jpg", jpeg()) for i in range(7))),
    Case("oversize photo", 413, "太大（每张不超过 25 MB）",
         files=(("ok.jpg", jpeg()), ("huge.jpg", b"\xff\xd8\xff" + b"\0" * (25 * MB)))),
    Case("not a photo", 422, "该文件不是照片", files=(("ok.jpg", jpeg()), ("page.jpg", b"<html>hello</html>"))),
    Case("honeypot filled", 400, "提交未成功", files=(("ok.jpg", jpeg()),), fields={"website": "http://spam.example"}),
    Case("100,000-character description", 422, "不能超过 1000 字", fields={"description": "很" * 100_000}),
    Case("no description", 422, "请写下遇到的问题", fields={"description": "   "}),
    Case("unknown category", 422, "请选择问题类别", fields={"category": "Z"}),
    Case("long location", 422, "位置不能超过 200 字", fields={"location_text": "楼" * 201}),
    Case("bad phone", 422, "电话号码格式不对", fields={"contact_phone": "12345"}),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_input_is_answered_kept_and_not_stored(client, world, app, case):
    response = post_report(client, world.neighborhood_a, case.files, **case.fields)
    body = response.get_data(as_text=True)
    assert response.status_code == case.status, body[:3000]
    assert case.message in body and 'role="alert"' in body
    typed = case.fields.get("description", DESCRIPTION).strip()
    assert typed in body  # the whole text, even 100,000 characters, is back in front of the resident
    if case.files:
        assert "重新选择" in body  # said once: the photo's own message, or the line that the photos are gone
    assert 'name="website" value=""' in body
    assert report_count() == 0 and photo_count() == 0 and stored_files(app) == []


def test_a_body_over_the_upload_limit_is_413_with_a_message(client, world, app):
    app.config["UPLOAD_MAX_BYTES"] = 1 * MB  # the view allows 6 photos of this size, plus the form
    files = [(f"p{i}.jpg", b"\xff\xd8\xff" + b"\0" * MB) for i in range(7)]
    response = post_report(client, world.neighborhood_a, files)
    body = response.get_data(as_text=True)
    assert response.status_code == 413 and "提交的内容过大" in body and 'role="alert"' in body
    assert report_count() == 0 and stored_files(app) == []


def test_per_address_limit_answers_429_with_the_form_as_typed(client, world, app):
    for _ in range(5):
        assert post_report(client, world.neighborhood_a).status_code == 303
    response = post_report(client, world.neighborhood_a, [("a.jpg", jpeg())], description="第六次：电梯停运",
                           contact_phone="13912345678")
    body = response.get_data(as_text=True)
    assert response.status_code == 429 and "提交过于频繁" in body and "第六次：电梯停运" in body
    assert 'value="13912345678"' in body and "所选照片未保存，请重新选择" in body and "Retry-After" in response.headers
    assert report_count() == 5 and photo_count() == 0
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert post_report(other, world.neighborhood_a).status_code == 303  # someone else is not held back


def test_htmx_gets_the_429_message_inline(hx, world):
    for _ in range(5):
        post_report(hx, world.neighborhood_a)
    response = post_report(hx, world.neighborhood_a)
    body = response.get_data(as_text=True)
    assert response.status_code == 429 and "<html" not in body and 'role="alert"' in body and "提交过于频繁" in body


def test_per_neighbourhood_limit_counts_every_address(app, world):
    app.config["RESIDENT_REPORT_NEIGHBORHOOD_LIMIT"] = "3 per hour"
    statuses = []
    for i in range(4):
        resident = app.test_client()
        resident.environ_base["REMOTE_ADDR"] = f"10.0.1.{i}"
        statuses.append(post_report(resident, world.neighborhood_a).status_code)
    assert statuses == [303, 303, 303, 429]
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.2.1"
    assert post_report(elsewhere, world.neighborhood_b).status_code == 303
    assert report_count() == 4


def test_status_lookups_are_limited_too(client, world, app):
    app.config["RESIDENT_STATUS_RATE_LIMIT"] = "3 per minute"
    statuses = [client.get(f"/r/status/ABCD234{i}").status_code for i in range(2, 6)]
    assert statuses == [404, 404, 404, 429]
    assert "查询过于频繁" in client.get("/r/status?code=ABCD2345").get_data(as_text=True)
