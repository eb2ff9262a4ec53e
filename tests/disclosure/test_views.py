"""物业服务公示 through the test client: the public board behind the QR, the company's versions, the committee's
accounts posted by staff, and who may do what."""

import io

import pytest
from PIL import Image

from inspect_app.core.db import db
from inspect_app.disclosure.models import CommitteeDocument, ServiceDisclosure
from tests.assessment.helpers import patrols, period

FORM = {"project_manager": "王建国", "service_phone": "0313-5551234", "service_standard": "保洁每日两次，垃圾日产日清",
        "fee_standard": "住宅 1.20 元/㎡·月"}


@pytest.fixture
def company_a(client, login, world):
    login(world.company_user_a)
    return client


def board(client, world):
    return client.get(f"/n/{world.neighborhood_a.public_token}")


def test_the_board_is_public_and_links_to_the_report_form_and_the_survey(client, world):
    response = board(client, world)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and world.neighborhood_a.name in html and "九州物业" in html
    assert f"/r/{world.neighborhood_a.public_token}" in html and "/r/status" in html
    assert f"/r/{world.neighborhood_a.public_token}/survey" in html
    assert "物业企业尚未填写公示内容" in html and "暂无已公示的季度考核结果" in html
    assert client.get("/n/nosuchtoken").status_code == 404


def test_the_company_publishes_and_every_version_is_kept(company_a, client, world):
    url = f"/disclosure/{world.neighborhood_a.id}"
    assert company_a.post(url, data=FORM).status_code == 303
    assert company_a.post(url, data=FORM).status_code == 303  # unchanged: no new version
    assert company_a.post(url, data={**FORM, "fee_standard": "住宅 1.35 元/㎡·月"}).status_code == 303
    versions = db.session.query(ServiceDisclosure).order_by(ServiceDisclosure.id).all()
    assert [v.fee_standard for v in versions] == ["住宅 1.20 元/㎡·月", "住宅 1.35 元/㎡·月"]
    page = company_a.get(url).get_data(as_text=True)
    assert page.count("修改了") == 2 and "修改了收费标准" in page

    client.get("/logout")
    html = board(client, world).get_data(as_text=True)
    assert "王建国" in html and "0313-5551234" in html and "1.35 元" in html and "1.20 元" not in html


def test_a_bad_form_comes_back_with_what_was_typed(company_a, world):
    response = company_a.post(f"/disclosure/{world.neighborhood_a.id}", data={**FORM, "service_phone": "打电话"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "请填写 24 小时服务电话" in html and "保洁每日两次" in html
    assert db.session.query(ServiceDisclosure).count() == 0


def test_another_company_cannot_write_or_see_a_neighbourhood_it_does_not_serve(client, login, world):
    login(world.company_user_b)
    assert client.post(f"/disclosure/{world.neighborhood_a.id}", data=FORM).status_code == 404
    assert client.get(f"/disclosure/{world.neighborhood_a.id}").status_code == 404
    assert db.session.query(ServiceDisclosure).count() == 0


def test_staff_read_but_do_not_write_the_company_s_disclosure(client, login, world):
    login(world.inspector)
    assert client.post(f"/disclosure/{world.neighborhood_a.id}", data=FORM).status_code == 403
    assert "保存并公示" not in client.get(f"/disclosure/{world.neighborhood_a.id}").get_data(as_text=True)


def jpeg_with_gps(photos_dir) -> bytes:
    return (photos_dir / "gps_DSCN0010.jpg").read_bytes()


def test_staff_post_the_committee_s_accounts_without_exif_and_withdraw_them(client, login, world, photos_dir):
    login(world.supervisor)
    url = f"/disclosure/{world.neighborhood_a.id}/documents"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert client.post(url, data={"title": "2026 年第三季度收支公示",
                                  "document": (io.BytesIO(pdf), "账目.pdf")}).status_code == 303
    assert client.post(url, data={"title": "收支明细（照片）", "document": (io.BytesIO(jpeg_with_gps(photos_dir)),
                                                                      "IMG.jpg")}).status_code == 303
    refused = client.post(url, data={"title": "网页", "document": (io.BytesIO(b"<html>x</html>"), "a.pdf")})
    assert refused.status_code == 422 and "不是 PDF、JPEG 或 PNG" in refused.get_data(as_text=True)
    pdf_doc, picture = db.session.query(CommitteeDocument).order_by(CommitteeDocument.id).all()

    client.get("/logout")
    html = board(client, world).get_data(as_text=True)
    assert "2026 年第三季度收支公示" in html and "收支明细（照片）" in html
    token = world.neighborhood_a.public_token
    served = client.get(f"/n/{token}/documents/{picture.id}")
    assert served.mimetype == "image/jpeg" and "sandbox" in served.headers["Content-Security-Policy"]
    with Image.open(io.BytesIO(served.data)) as image:
        assert not image.getexif().get_ifd(0x8825)  # no GPS
    served.close()
    pdf_response = client.get(f"/n/{token}/documents/{pdf_doc.id}")
    assert pdf_response.data == pdf
    pdf_response.close()
    assert client.get(f"/n/{world.neighborhood_b.public_token}/documents/{pdf_doc.id}").status_code == 404

    login(world.supervisor)
    assert client.post(f"/disclosure/documents/{pdf_doc.id}/withdraw").status_code == 303
    client.get("/logout")
    assert "2026 年第三季度收支公示" not in board(client, world).get_data(as_text=True)
    assert client.get(f"/n/{token}/documents/{pdf_doc.id}").status_code == 404


def test_a_company_cannot_post_committee_accounts(company_a, world):
    response = company_a.post(f"/disclosure/{world.neighborhood_a.id}/documents",
                              data={"title": "x", "document": (io.BytesIO(b"%PDF-1.4"), "a.pdf")})
    assert response.status_code == 403 and db.session.query(CommitteeDocument).count() == 0


def test_the_board_shows_the_latest_published_score_and_open_findings(client, world):
    from inspect_app.assessment import services
    from tests.assessment.helpers import finding

    p = period(world)
    patrols(world.neighborhood_a, 90, 92, 94, inspector=world.inspector)
    patrols(world.neighborhood_b, 80, 80, 80, inspector=world.inspector)
    services.close_period(p, actor=world.admin)
    services.publish_period(p, actor=world.admin)
    finding(world.neighborhood_a, state="ordered")
    html = board(client, world).get_data(as_text=True)
    assert "2025Q2 季度得分" in html and "全区第 1 名（共 2 家）" in html
    assert "尚未整改完成的问题：1 项" in html
