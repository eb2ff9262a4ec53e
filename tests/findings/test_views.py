"""Ledger and finding pages through the test client: full page vs partial, no-JS forms, manual findings, access."""

import re
import uuid
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding, FindingSource, FindingState, StateChange
from inspect_app.photos.models import Photo, PhotoKind
from tests import factories
from tests.findings.helpers import jpeg, seed_ledger


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]


@pytest.fixture
def supervisor(client, world, login):
    login(world.supervisor)
    return client


# --- the ledger page ---------------------------------------------------------------------------------

def test_full_page_has_filters_counts_and_rows(supervisor, world):
    seed_ledger(world)
    response = supervisor.get("/ledger")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in body and "HX-Request" in response.headers["Vary"]
    assert 'id="ledger-filters"' in body and 'id="ledger-results"' in body and 'hx-push-url="true"' in body
    assert body.count('class="row ledger-row"') == 5 and "督办 ×2" in body and "无物业" in body
    assert re.search(r'<b>4</b><span>未销号</span>', body) and "秩序维护与车辆管理" in body
    assert "/ledger/export.xlsx" in body and "/ledger/export.csv" in body


def test_htmx_gets_only_the_results(hx, world, login):
    ledger = seed_ledger(world)
    login(world.inspector, to=hx)
    response = hx.get(f"/ledger?company={ledger.ids['company_b']}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<section id="ledger-results"')
    assert "B-reported-F" in body and "A-open-H" not in body
    assert f"/ledger/export.csv?company={ledger.ids['company_b']}" in body
    assert response.headers["HX-Push-Url"] == f"/ledger?company={ledger.ids['company_b']}"
    # Boosted navigation and history restores need the whole page.
    restored = hx.get("/ledger", headers={"HX-History-Restore-Request": "true"})
    assert "<html" in restored.get_data(as_text=True)


def test_bad_filter_values_are_ignored_with_a_message(supervisor, world):
    seed_ledger(world)
    response = supervisor.get("/ledger?state=deleted&page=x&since=2026-02-30&subdistrict=DROP%20TABLE")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.count("已忽略") == 4
    assert body.count('class="row ledger-row"') == 5


def test_pages_link_to_each_other_without_js(supervisor, world):
    for i in range(55):
        factories.finding(world.neighborhood_a, title=f"问题{i:02d}", state=FindingState.OPEN)
    first = supervisor.get("/ledger?state=open").get_data(as_text=True)
    assert first.count('class="row ledger-row"') == 50 and "问题54" in first and "问题00" not in first
    assert 'href="/ledger?state=open&amp;page=2"' in first and "第 1/2 页" in first
    second = supervisor.get("/ledger?state=open&page=2").get_data(as_text=True)
    assert second.count('class="row ledger-row"') == 5 and "问题00" in second and 'href="/ledger?state=open"' in second


def test_company_user_sees_only_their_own(client, world, login):
    ledger = seed_ledger(world)
    login(world.company_user_b)
    body = client.get(f"/ledger?company={ledger.ids['company_a']}").get_data(as_text=True)
    assert "A-open-H" not in body and "共 0 条" in body
    body = client.get("/ledger").get_data(as_text=True)
    assert {"B-reported-F", "B-closed-G"} <= set(re.findall(r"<strong>([^<]+)</strong>", body))
    assert "A-open-H" not in body and "C-open-S" not in body and 'name="company"' not in body
    assert "枫墅小镇小区" not in body  # another company's neighbourhood is not offered as a filter either


@pytest.mark.parametrize("who,path,status", [
    (None, "/ledger", 302), (None, "/findings/new", 302), (None, "/ledger/export.csv", 302),
    ("inspector", "/ledger", 200), ("supervisor", "/ledger", 200), ("admin", "/ledger", 200),
    ("company_user_a", "/ledger", 200), ("inspector", "/findings/new", 200), ("supervisor", "/findings/new", 200),
    ("company_user_a", "/findings/new", 403), ("admin", "/findings/new", 403),
])
def test_access(client, world, login, who, path, status):
    if who:
        login(getattr(world, who))
    response = client.get(path)
    assert response.status_code == status
    if status == 302:
        assert "/login" in response.headers["Location"]


def test_company_user_cannot_create_findings(client, world, login):
    login(world.company_user_a)
    response = client.post("/findings/new", data=_form(world))
    assert response.status_code == 403 and _count(Finding) == 0


# --- adding a finding by hand -------------------------------------------------------------------------

def _form(world, **fields) -> dict:
    return {"neighborhood": str(world.neighborhood_a.id), "category": "H", "title": "垃圾桶满溢",
            "description": "3号楼东侧", "deduction": "1.5", "submit_key": uuid.uuid4().hex} | fields


def test_new_form_prefills_the_neighbourhood(client, world, login):
    login(world.inspector)
    body = client.get(f"/findings/new?neighborhood={world.neighborhood_b.id}").get_data(as_text=True)
    assert f'<option value="{world.neighborhood_b.id}" selected>' in body
    assert 'capture="environment"' in body and 'name="submit_key"' in body and "环境卫生" in body


def test_create_with_photos_redirects_to_the_finding(client, world, login, app):
    login(world.inspector)
    data = _form(world, photos=[(BytesIO(jpeg()), "现场1.jpg"), (BytesIO(jpeg()), "现场2.jpg")])
    response = client.post("/findings/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    finding = db.session.scalar(select(Finding))
    assert response.headers["Location"] == f"/findings/{finding.id}"
    assert (finding.source, finding.state, finding.title, str(finding.deduction)) == (
        FindingSource.MANUAL, FindingState.OPEN, "垃圾桶满溢", "1.50")
    n = world.neighborhood_a
    assert (finding.community_id, finding.subdistrict_id, finding.company_id) == (
        n.community_id, n.community.subdistrict_id, world.company_a.id)
    assert finding.deadline == local_today() + timedelta(days=3) and finding.created_by_id == world.inspector.id
    change = db.session.scalar(select(StateChange).where(StateChange.subject_id == finding.id))
    assert (change.subject_type, change.from_state, change.to_state) == ("finding", None, "open")
    photos = db.session.scalars(select(Photo).where(Photo.finding_id == finding.id)).all()
    assert len(photos) == 2 and {p.kind for p in photos} == {PhotoKind.EVIDENCE}
    page = client.get(f"/findings/{finding.id}").get_data(as_text=True)
    assert page.count(f"/photos/{photos[0].id}/thumb") == 1 and "问题已登记" in page and "3号楼东侧" in page


def test_refused_text_keeps_what_was_typed(client, world, login):
    login(world.supervisor)
    data = _form(world, title="  ", deduction="-2", category="Z", photos=[(BytesIO(jpeg()), "a.jpg")])
    response = client.post("/findings/new", data=data, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" in body
    assert "请填写问题" in body and "请选择类别" in body and "扣分应为" in body and "3号楼东侧" in body
    assert "所选照片未保存，请重新选择" in body and _count(Finding) == 0 and _count(Photo) == 0


def test_a_bad_photo_creates_nothing_and_is_named(client, world, login, app):
    login(world.inspector)
    data = _form(world, photos=[(BytesIO(jpeg()), "good.jpg"), (BytesIO(b"<html>not a photo</html>"), "evil.jpg")])
    response = client.post("/findings/new", data=data, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "evil.jpg：" in body and "垃圾桶满溢" in body
    assert _count(Finding) == 0 and _count(Photo) == 0 and _count(StateChange) == 0
    assert _stored_files(app) == []


def test_too_many_photos_are_refused(client, world, login):
    login(world.inspector)
    data = _form(world, photos=[(BytesIO(jpeg((64, 64))), f"{i}.jpg") for i in range(7)])
    response = client.post("/findings/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "最多上传 6 张照片" in response.get_data(as_text=True)
    assert _count(Finding) == 0


@pytest.mark.parametrize("with_photo", [True, False])
def test_double_submit_creates_one_finding(client, world, login, app, with_photo):
    login(world.inspector)
    data = _form(world)
    photo = jpeg()
    locations = set()
    for _attempt in range(3):
        files = {"photos": [(BytesIO(photo), "现场.jpg")]} if with_photo else {}
        response = client.post("/findings/new", data=data | files, content_type="multipart/form-data")
        assert response.status_code == 303
        locations.add(response.headers["Location"])
    assert len(locations) == 1 and _count(Finding) == 1 and _count(Photo) == int(with_photo)
    assert len(_stored_files(app)) == 3 * int(with_photo)


def test_htmx_create_redirects_the_page_and_errors_swap_the_form(hx, world, login):
    login(world.inspector, to=hx)
    refused = hx.post("/findings/new", data=_form(world, title=""))
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "<html" not in body
    assert body.lstrip().startswith('<form id="new-finding-form"')
    created = hx.post("/findings/new", data=_form(world), content_type="multipart/form-data")
    finding = db.session.scalar(select(Finding))
    assert created.status_code == 204 and created.headers["HX-Redirect"] == f"/findings/{finding.id}"


def test_unknown_neighbourhood_is_a_field_error(client, world, login):
    login(world.inspector)
    response = client.post("/findings/new", data=_form(world, neighborhood="999999"))
    assert response.status_code == 422 and "请选择小区" in response.get_data(as_text=True)


# --- one finding ---------------------------------------------------------------------------------------

def test_detail_is_scoped_and_shows_the_fields(client, world, login):
    ledger = seed_ledger(world)
    a, b = ledger.findings["A-overdue-Q"], ledger.findings["B-reported-F"]
    login(world.company_user_a)
    body = client.get(f"/findings/{a.id}").get_data(as_text=True)
    assert "A-overdue-Q" in body and "秩序维护与车辆管理" in body and "九州物业" in body and "逾期" in body
    assert "暂无照片" in body
    assert client.get(f"/findings/{b.id}").status_code == 404
