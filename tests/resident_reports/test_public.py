"""The residents' pages without a login: the form, submitting once, the receipt and following it by its code."""

import logging
import re

from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.resident_reports.models import ReportStatus
from tests.resident_reports.helpers import (
    DESCRIPTION,
    PHONE,
    code_from,
    jpeg,
    only_report,
    photo_count,
    post_report,
    report_count,
    stored_files,
)


def test_the_form_offers_categories_photos_and_a_private_phone(client, world):
    response = client.get(f"/r/{world.neighborhood_a.public_token}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and world.neighborhood_a.name in body
    for name in ("环境卫生", "秩序维护与车辆管理", "设施设备", "绿化养护", "服务与公示", "其他"):
        assert name in body
    assert 'capture="environment"' in body and body.count('name="photos"') == 2
    assert 'name="csrf_token"' in body and re.search(r'name="client_key" value="[0-9a-f]{32}"', body)
    assert 'class="rr-hp"' in body and 'name="website"' in body and "style=" not in body
    assert "不会公开" in body and "session=" in response.headers.get("Set-Cookie", "")
    assert "退出" not in body and "/login" not in body  # the public layout: no staff navigation


def test_a_report_with_a_photo_gets_a_receipt_code(client, world, app):
    response = post_report(client, world.neighborhood_a, [("垃圾桶.jpg", jpeg())], contact_phone=PHONE)
    assert response.status_code == 303
    code = code_from(response)
    assert re.fullmatch(r"[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}", code)
    report = only_report()
    assert (report.receipt_code, report.status, report.category_code) == (code, ReportStatus.RECEIVED, "H")
    assert report.description == DESCRIPTION and report.contact_phone == PHONE
    photo = db.session.scalars(select(Photo)).one()
    assert photo.kind == PhotoKind.RESIDENT and photo.resident_report_id == report.id and photo.uploaded_by_id is None
    assert len(stored_files(app)) == 3
    page = client.get(response.headers["Location"])
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and f'id="receipt-code">{code}<' in body and "请截图或抄下" in body
    assert "已受理" in body and PHONE not in body and "/photos/" not in body
    assert page.headers["Cache-Control"] == "no-store"


def test_a_fresh_browser_gets_its_csrf_token_from_the_form(app, world):
    browser = app.test_client()
    page = browser.get(f"/r/{world.neighborhood_a.public_token}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key = re.search(r'name="client_key" value="([^"]+)"', page).group(1)
    response = browser.post(f"/r/{world.neighborhood_a.public_token}", csrf=False, data={
        "csrf_token": token, "client_key": key, "category": "G", "description": "草坪被踩出黄土"})
    assert response.status_code == 303 and report_count() == 1


def test_a_missing_csrf_token_keeps_what_was_typed(app, world):
    stranger = app.test_client()
    response = stranger.post(f"/r/{world.neighborhood_a.public_token}", csrf=False, data={
        "category": "G", "description": "草坪被踩出黄土", "contact_phone": PHONE})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "缺少安全校验码" in body and "草坪被踩出黄土" in body
    assert "/login" not in body and report_count() == 0


def test_a_double_submit_makes_one_report(client, world, app):
    key = "ab" * 16
    first = post_report(client, world.neighborhood_a, [("a.jpg", jpeg())], client_key=key)
    second = post_report(client, world.neighborhood_a, [("a.jpg", jpeg())], client_key=key)
    assert first.status_code == second.status_code == 303
    assert code_from(first) == code_from(second)
    assert report_count() == 1 and photo_count() == 1 and len(stored_files(app)) == 3


def test_the_same_form_key_with_other_text_is_refused_and_kept(client, world):
    key = "cd" * 16
    post_report(client, world.neighborhood_a, client_key=key)
    response = post_report(client, world.neighborhood_a, client_key=key, description="另一件事：路灯坏了")
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "已经提交过了" in body and "另一件事：路灯坏了" in body
    assert f'value="{key}"' not in body  # a fresh key: submitting again now makes a new report
    assert report_count() == 1 and only_report().description == DESCRIPTION


def test_htmx_submission_redirects_and_errors_swap_the_form(hx, world):
    done = post_report(hx, world.neighborhood_a)
    assert done.status_code == 204 and done.headers["HX-Redirect"].startswith("/r/status/")
    wrong = post_report(hx, world.neighborhood_a, description="", category="")
    body = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and body.lstrip().startswith('<form id="resident-report-form"')
    assert "请写下遇到的问题" in body and "请选择问题类别" in body and "<html" not in body


def test_field_errors_keep_everything_typed(client, world):
    response = post_report(client, world.neighborhood_a, [("a.jpg", jpeg())], contact_phone="12345",
                           location_text="楼" * 201)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "电话号码格式不对" in body and "位置不能超过 200 字" in body
    assert DESCRIPTION in body and 'value="12345"' in body and "所选照片未保存，请重新选择" in body
    assert re.search(r'value="H"[^>]* checked', body) and report_count() == 0 and photo_count() == 0


def test_unknown_link_is_a_clear_404(client, world):
    for path in ("/r/nosuchtoken", f"/r/{world.neighborhood_a.id}"):
        response = client.get(path)
        assert response.status_code == 404 and "二维码链接无效" in response.get_data(as_text=True)
    assert post_report(client, type("N", (), {"public_token": "nosuchtoken"})()).status_code == 404
    assert report_count() == 0


def test_status_lookup_by_code(client, world):
    code = code_from(post_report(client, world.neighborhood_a))
    typed = f" {code[:4].lower()}-{code[4:]} "
    response = client.get("/r/status", query_string={"code": typed})
    assert response.status_code == 303 and response.headers["Location"] == f"/r/status/{code}"
    assert client.get("/r/status").status_code == 200
    page = client.get(f"/r/status/{code.lower()}").get_data(as_text=True)
    assert code in page and "已受理" in page and "提交成功" not in page


def test_unknown_codes_get_the_same_clear_404(client, world):
    code_from(post_report(client, world.neighborhood_a))
    bodies = set()
    for path in ("/r/status/ABCD2345", "/r/status/abc", "/r/status?code=ZZZZZZZZ", "/r/status?code=%3Cscript%3E"):
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 404 and "没有找到这个回执码" in body and "<script>" not in body
        bodies.add(re.sub(r'value="[^"]*"', "", body))
    assert len(bodies) == 1  # nothing tells a malformed code from a well-formed unknown one


def test_the_phone_number_is_on_no_public_page_and_in_no_log(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    response = post_report(client, world.neighborhood_a, [("a.jpg", jpeg())], contact_phone="139 1234 5678")
    assert response.status_code == 303
    code = code_from(response)
    pages = [client.get(f"/r/status/{code}?new=1"), client.get(f"/r/status/{code}"),
             client.get(f"/r/{world.neighborhood_a.public_token}"), client.get(f"/r/status?code={code}")]
    bad_phone = post_report(client, world.neighborhood_a, contact_phone="139123456789")
    assert bad_phone.status_code == 422
    for page in pages:
        assert PHONE not in page.get_data(as_text=True)
    assert only_report().contact_phone == PHONE
    logged = "\n".join(r.getMessage() + str(r.args) + (r.exc_text or "") for r in caplog.records)
    assert caplog.records and PHONE not in logged and "139123456789" not in logged and "1234 5678" not in logged
