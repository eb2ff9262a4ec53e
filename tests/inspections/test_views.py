"""Patrol pages through the test client: full pages, htmx partials, 422s that keep input, no-JS 303s, access."""

import re
from io import BytesIO

import pytest

from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.inspections import services
from inspect_app.inspections.models import Inspection, InspectionStatus, ItemResult
from inspect_app.photos.models import Photo
from tests.inspections.helpers import attach_photo, deduct, items, jpeg, pass_all_but


def test_start_from_home_then_resume(inspector, world):
    home = inspector.get("/").get_data(as_text=True)
    assert f'/patrols/start/{world.neighborhood_a.id}' in home and "本季度未巡查" in home
    response = inspector.post(f"/patrols/start/{world.neighborhood_a.id}", data={"lat": "40.8", "lng": "114.9"})
    assert response.status_code == 303
    again = inspector.post(f"/patrols/start/{world.neighborhood_a.id}")
    assert again.headers["Location"] == response.headers["Location"]
    assert "继续" in inspector.get("/").get_data(as_text=True)


def test_checklist_page_lists_all_29_items_by_category(inspector, patrol):
    page = inspector.get(f"/inspections/{patrol.id}").get_data(as_text=True)
    assert len(re.findall(r'<section class="item[^"]*" id="item-\d+"', page)) == 29
    for name in ("环境卫生", "秩序维护与车辆管理", "设施设备", "绿化养护", "服务与公示"):
        assert name in page
    assert 'capture="environment"' in page and 'id="score-summary"' in page


def test_htmx_answer_returns_status_and_score_out_of_band(hx_inspector, patrol):
    h2 = items(patrol)["H2"]
    response = hx_inspector.post(f"/inspections/{patrol.id}/items/{h2.id}",
                                 data={"outcome": "deduct", "preset_id": h2.presets[0].id, "count": "3"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert f'id="item-{h2.id}-status"' in body and "已保存" in body and "−1.5" in body
    assert 'id="score-summary" class="score-summary" hx-swap-oob="true"' in body and "98.5" in body


def test_htmx_answer_above_maximum_is_422_and_nothing_saved(hx_inspector, patrol):
    h2 = items(patrol)["H2"]
    response = hx_inspector.post(f"/inspections/{patrol.id}/items/{h2.id}",
                                 data={"outcome": "deduct", "preset_id": "custom", "custom_amount": "9", "reason": "x"})
    assert response.status_code == 422
    assert "不能超过该项满分 6 分" in response.get_data(as_text=True)
    assert ItemResult.query.filter_by(inspection_id=patrol.id).count() == 0


def test_without_js_an_answer_redirects_back_to_the_item(inspector, patrol):
    h1 = items(patrol)["H1"]
    response = inspector.post(f"/inspections/{patrol.id}/items/{h1.id}", data={"outcome": "pass"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#item-{h1.id}")


def test_without_js_a_refused_answer_rerenders_the_page_with_what_was_typed(inspector, patrol):
    f1 = items(patrol)["F1"]
    response = inspector.post(f"/inspections/{patrol.id}/items/{f1.id}",
                              data={"outcome": "deduct", "preset_id": "custom", "custom_amount": "9",
                                    "reason": "主路坑洼", "note": "东门外坑洼积水"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "不能超过该项满分" in page and "东门外坑洼积水" in page and 'value="9"' in page and "主路坑洼" in page


def test_without_js_an_unfinished_deduction_is_kept_and_marked_to_complete(inspector, patrol):
    f1 = items(patrol)["F1"]
    response = inspector.post(f"/inspections/{patrol.id}/items/{f1.id}",
                              data={"outcome": "deduct", "preset_id": "custom", "custom_amount": "2", "reason": ""})
    assert response.status_code == 303
    page = inspector.get(f"/inspections/{patrol.id}").get_data(as_text=True)
    assert "待补充：自定义扣分须填写理由" in page and 'value="2"' in page


def test_photo_upload_and_bad_files(hx_inspector, app, patrol):
    h2 = items(patrol)["H2"]
    url = f"/inspections/{patrol.id}/items/{h2.id}/photos"
    ok = hx_inspector.post(url, data={"photos": [(BytesIO(jpeg()), "a.jpg")], "client_key": "u1"},
                           content_type="multipart/form-data")
    assert ok.status_code == 200 and "/photos/" in ok.get_data(as_text=True)
    bad = hx_inspector.post(url, data={"photos": [(BytesIO(b"<html>no</html>"), "x.jpg")]},
                            content_type="multipart/form-data")
    assert bad.status_code == 422 and "x.jpg" in bad.get_data(as_text=True)
    assert Photo.query.count() == 1


def test_photo_upload_replayed_stores_once(hx_inspector, patrol):
    h2 = items(patrol)["H2"]
    url = f"/inspections/{patrol.id}/items/{h2.id}/photos"
    data = jpeg()
    for _ in range(3):
        hx_inspector.post(url, data={"photos": [(BytesIO(data), "a.jpg")], "client_key": "same"},
                          content_type="multipart/form-data")
    assert Photo.query.count() == 1


def test_upload_over_the_request_limit_is_413(hx_inspector, app, patrol):
    app.config["UPLOAD_MAX_BYTES"] = 10_000
    h2 = items(patrol)["H2"]
    response = hx_inspector.post(f"/inspections/{patrol.id}/items/{h2.id}/photos",
                                 data={"photos": [(BytesIO(b"\xff" * 200_000), "big.jpg")]},
                                 content_type="multipart/form-data")
    assert response.status_code == 413
    assert Photo.query.count() == 0


def test_submit_with_unanswered_items_is_422_and_draft_intact(inspector, world, patrol):
    pass_all_but(patrol, world.inspector, "G3")
    response = inspector.post(f"/inspections/{patrol.id}/submit", data={"submit_key": "k"})
    assert response.status_code == 422 and "还有 1 项未完成" in response.get_data(as_text=True)
    assert db.session.get(Inspection, patrol.id).status == InspectionStatus.DRAFT


def test_submit_shows_the_record_and_double_tap_is_harmless(inspector, world, patrol):
    pass_all_but(patrol, world.inspector, "H2")
    attach_photo(patrol, deduct(patrol, items(patrol)["H2"], world.inspector, count=2), world.inspector)
    first = inspector.post(f"/inspections/{patrol.id}/submit", data={"submit_key": "tap"})
    second = inspector.post(f"/inspections/{patrol.id}/submit", data={"submit_key": "tap"})
    assert first.status_code == second.status_code == 303
    record = inspector.get(first.headers["Location"]).get_data(as_text=True)
    assert "巡查记录" in record and "99" in record and "H2 公共区域" in record
    assert Finding.query.filter_by(inspection_id=patrol.id).count() == 1


@pytest.mark.parametrize("who,status", [("company_user_a", 403), ("company_user_b", 403), ("supervisor", 404)])
def test_others_cannot_answer_someone_elses_draft(client, world, login, patrol, who, status):
    login(getattr(world, who))
    h1 = items(patrol)["H1"]
    response = client.post(f"/inspections/{patrol.id}/items/{h1.id}", data={"outcome": "pass"})
    assert response.status_code in (status, 403)
    assert ItemResult.query.count() == 0


def test_submit_of_someone_elses_inspection_is_refused(client, world, login, patrol):
    pass_all_but(patrol, world.inspector)
    login(world.supervisor)
    assert client.post(f"/inspections/{patrol.id}/submit").status_code == 403
    assert db.session.get(Inspection, patrol.id).status == InspectionStatus.DRAFT


def test_company_sees_only_its_own_submitted_records(client, world, login, patrol):
    pass_all_but(patrol, world.inspector)
    services.submit(patrol, actor=world.inspector)
    login(world.company_user_b)
    assert client.get(f"/inspections/{patrol.id}").status_code == 404
    login(world.company_user_a)
    assert client.get(f"/inspections/{patrol.id}").status_code == 200


def test_expired_session_on_autosave_answers_401_inline(hx, patrol):
    h1 = items(patrol)["H1"]
    response = hx.post(f"/inspections/{patrol.id}/items/{h1.id}", data={"outcome": "pass"})
    assert response.status_code == 401 and "登录已过期" in response.get_data(as_text=True)
