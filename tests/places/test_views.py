"""Admin pages for places: lists, create and edit without JS (303) and with htmx (partials, 422 keeping what was
typed), retire/reactivate, the neighbourhood's service periods and change of company, the import flow."""

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict
from tests.places.helpers import CODES, district_workbook, xlsx


@pytest.fixture
def admin(client, world, login):
    login(world.admin)
    return client


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_admin_home_links_to_places(admin):
    html = admin.get("/").get_data(as_text=True)
    assert "/admin/places/neighborhoods" in html and "/admin/places/import" in html


def test_lists_show_every_kind(admin, world):
    assert "枫墅小镇小区" in admin.get("/admin/places/neighborhoods").get_data(as_text=True)
    assert "学府街社区" in admin.get("/admin/places/communities").get_data(as_text=True)
    assert "南站街道" in admin.get("/admin/places/subdistricts").get_data(as_text=True)
    assert "嘉家物业" in admin.get("/admin/places/companies").get_data(as_text=True)
    assert admin.get("/admin/places").status_code == 303


def test_neighbourhood_search_answers_htmx_with_the_list_alone(admin, world, hx, login):
    login(world.admin, to=hx)
    response = hx.get("/admin/places/neighborhoods?q=枫墅")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<div id="place-list">')
    assert "枫墅小镇小区" in html and "晟家理想湾小区" not in html and "<html" not in html


def test_create_a_company_without_js_then_duplicate_is_422_keeping_input(admin):
    response = admin.post("/admin/places/companies/new", data={"name": "澳星物业", "credit_code": CODES[1].lower(),
                                                                "contact_name": "王经理", "contact_phone": "0313"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/admin/places/companies")
    company = db.session.scalar(select(PropertyCompany).where(PropertyCompany.name == "澳星物业"))
    assert company.credit_code == CODES[1]
    again = admin.post("/admin/places/companies/new", data={"name": "澳星物业", "contact_name": "李四"})
    html = again.get_data(as_text=True)
    assert again.status_code == 422 and "已存在" in html and 'value="李四"' in html


def test_bad_credit_code_is_refused_per_field(admin):
    response = admin.post("/admin/places/companies/new", data={"name": "新物业", "credit_code": "91110000600037341A"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "统一社会信用代码不正确" in html and 'value="91110000600037341A"' in html
    assert count(PropertyCompany) == 2


def test_create_a_neighbourhood_with_htmx_redirects_to_its_page(hx, world, login):
    login(world.admin, to=hx)
    community = world.neighborhood_a.community
    response = hx.post("/admin/places/neighborhoods/new", data={
        "community_id": community.id, "name": "新城名座小区", "address": "富强路 1 号", "households": "420",
        "company_id": world.company_b.id, "starts_on": local_today().isoformat(), "lat": "40.8", "lng": "114.9"})
    assert response.status_code == 204, response.get_data(as_text=True)
    n = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "新城名座小区"))
    assert response.headers["HX-Redirect"] == f"/admin/places/neighborhoods/{n.id}"
    assert (n.households, n.company_id, n.lat, [p.starts_on for p in n.service_periods]) == (
        420, world.company_b.id, 40.8, [local_today()])


def test_bad_numbers_re_render_the_form_partial_with_422(hx, world, login):
    login(world.admin, to=hx)
    response = hx.post("/admin/places/neighborhoods/new", data={
        "community_id": world.neighborhood_a.community_id, "name": "坏数字小区", "households": "很多", "lat": "91",
        "company_id": "0", "starts_on": local_today().isoformat()})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and html.lstrip().startswith('<form id="place-form"')
    assert "纬度应在 -90 到 90 之间" in html and 'value="很多"' in html and 'value="坏数字小区"' in html
    assert count(Neighborhood) == 2


def test_edit_a_community_and_a_subdistrict(admin, world):
    community = world.neighborhood_a.community
    assert "学府街社区" in admin.get(f"/admin/places/communities/{community.id}/edit").get_data(as_text=True)
    response = admin.post(f"/admin/places/communities/{community.id}/edit",
                          data={"subdistrict_id": community.subdistrict_id, "name": "学府街新社区"})
    assert response.status_code == 303
    assert admin.post("/admin/places/subdistricts/new", data={"name": "马路东街道"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Community, community.id).name == "学府街新社区" and count(Subdistrict) == 2


def test_retire_and_reactivate_a_neighbourhood(admin, world):
    n = world.neighborhood_a
    assert admin.post(f"/admin/places/neighborhoods/{n.id}/active", data={"active": "0"}).status_code == 303
    db.session.expire_all()
    assert not db.session.get(Neighborhood, n.id).is_active
    inspector = admin.application.test_client()
    inspector.post("/login", data={"username": "inspector1", "password": "password123"})
    assert "枫墅小镇小区" not in inspector.get("/").get_data(as_text=True)
    assert inspector.post(f"/patrols/start/{n.id}").status_code == 422
    admin.post(f"/admin/places/neighborhoods/{n.id}/active", data={"active": "1"})
    assert inspector.post(f"/patrols/start/{n.id}").status_code == 303


def test_neighbourhood_page_shows_periods_public_link_and_changes_company(admin, world):
    n = world.neighborhood_a
    n.service_periods[0].starts_on = local_today() - timedelta(days=100)
    db.session.commit()
    html = admin.get(f"/admin/places/neighborhoods/{n.id}").get_data(as_text=True)
    assert "九州物业" in html and f"/n/{n.public_token}" in html and "data:image/svg+xml" in html
    response = admin.post(f"/admin/places/neighborhoods/{n.id}/company", data={
        "company_id": world.company_b.id, "kind": "state_takeover", "on": local_today().isoformat()})
    assert response.status_code == 303
    html = admin.get(f"/admin/places/neighborhoods/{n.id}").get_data(as_text=True)
    assert "国有物业接管" in html and (local_today() - timedelta(days=1)).isoformat() in html


def test_a_refused_change_of_company_is_422_with_the_form(hx, world, login):
    login(world.admin, to=hx)
    n = world.neighborhood_a
    response = hx.post(f"/admin/places/neighborhoods/{n.id}/company", data={
        "company_id": world.company_b.id, "kind": "new_company", "on": (local_today() - timedelta(days=3)).isoformat()})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and html.lstrip().startswith('<form id="change-company"')
    assert "必须晚于当前服务期的开始日期" in html
    mismatch = hx.post(f"/admin/places/neighborhoods/{n.id}/company", data={
        "company_id": "0", "kind": "new_company", "on": local_today().isoformat()})
    assert mismatch.status_code == 422 and "物业撤场" in mismatch.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Neighborhood, n.id).company_id == world.company_a.id


def upload(client, data: bytes, name: str = "places.xlsx"):
    return client.post("/admin/places/import", data={"file": (BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_import_upload_preview_confirm(admin, world):
    accounts = [("zhangwei", "张伟", "巡查员", "富强路社区", "", "")]
    response = upload(admin, district_workbook(accounts=accounts))
    assert response.status_code == 303
    preview_url = response.headers["Location"]
    html = admin.get(preview_url).get_data(as_text=True)
    assert "确认导入" in html and "新城名座小区" in html and "新增街道" in html
    assert count(Neighborhood) == 2  # nothing written by the preview
    done = admin.post(preview_url)
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "zhangwei" in html and "一次性密码" in html
    assert count(Neighborhood) == 5
    assert admin.get(preview_url).status_code == 404  # the stored upload is gone once imported


def test_import_preview_lists_errors_by_sheet_and_row_and_cannot_be_confirmed(admin, world):
    bad = xlsx([("九州物业", "123", "", "")], [("南站街道", "富强路社区", "新城名座小区", "", "", "无名物业")])
    preview_url = upload(admin, bad).headers["Location"]
    html = admin.get(preview_url).get_data(as_text=True)
    assert "未写入任何数据" in html and "第 2 行" in html and "无名物业" in html and "确认导入" not in html
    assert "统一社会信用代码 123 不正确" in html and "物业公司 1 行，小区 1 行" in html
    assert admin.post(preview_url).status_code == 422
    assert count(Neighborhood) == 2


def test_import_refuses_a_file_that_is_not_xlsx(admin):
    response = upload(admin, b"a,b,c", name="places.csv")
    assert response.status_code == 422 and "请上传 .xlsx 文件" in response.get_data(as_text=True)


def test_template_download(admin):
    response = admin.get("/admin/places/import/template.xlsx")
    book = load_workbook(BytesIO(response.data))
    assert response.status_code == 200 and book.sheetnames == ["说明", "物业公司", "小区", "账号"]
    assert [c.value for c in book["小区"][1]] == ["街道", "社区", "小区", "地址", "户数", "物业公司"]


def test_a_no_property_neighbourhood_gets_a_responsible_unit(admin, world):
    district = world.neighborhood_a.community
    bare = Neighborhood(community=district, name="林业北小区")
    db.session.add(bare)
    db.session.commit()
    page = admin.get(f"/admin/places/neighborhoods/{bare.id}").get_data(as_text=True)
    assert "负责单位（无物业小区）" in page and "社区代管（学府街社区）" in page
    response = admin.post(f"/admin/places/neighborhoods/{bare.id}/responsible",
                          data={"responsible_company_id": str(world.company_b.id)})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Neighborhood, bare.id).responsible_company_id == world.company_b.id
    assert db.session.get(Neighborhood, bare.id).answering_company_id == world.company_b.id
    admin.post(f"/admin/places/neighborhoods/{bare.id}/responsible", data={"responsible_company_id": "0"})
    db.session.expire_all()
    assert db.session.get(Neighborhood, bare.id).is_community_care


def test_a_served_neighbourhood_has_no_responsible_unit_to_set(admin, world):
    response = admin.post(f"/admin/places/neighborhoods/{world.neighborhood_a.id}/responsible",
                          data={"responsible_company_id": str(world.company_b.id)})
    assert response.status_code == 303
    assert "由物业公司负责整改" in admin.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Neighborhood, world.neighborhood_a.id).responsible_company_id is None
