"""Ranking pages through the test client: public ranking and company detail, exports, staff pages and forms."""

import io
import re
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from inspect_app.assessment import services
from inspect_app.assessment.models import SpecialAssessment
from inspect_app.core.db import db
from tests.assessment.helpers import period


def names_in_order(html: str) -> list[str]:
    return re.findall(r'class="rk-name"[^>]*>([^<]+)<', html)


def test_public_ranking_shows_the_latest_published_quarter_without_login(client, quarters):
    response = client.get("/ranking")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2025Q2" in html and names_in_order(html) == ["九州物业", "嘉家物业"]
    assert "▲1" in html and "▼1" in html
    assert '/ranking/2025Q1"' in html and "2025Q3" not in html and "2025Q4" not in html
    assert "93.60" in html  # 96 × 60% + 90 × 40%


def test_earlier_published_quarter_and_first_movement(client, quarters):
    html = client.get("/ranking/2025Q1").get_data(as_text=True)
    assert names_in_order(html) == ["嘉家物业", "九州物业"]
    assert "▲" not in html and "▼" not in html  # nothing earlier to compare with


@pytest.mark.parametrize("url", ["/ranking/2025Q3", "/ranking/2025Q4", "/ranking/2099Q1", "/ranking/nonsense",
                                 "/ranking/2025Q3.pdf", "/ranking/2025Q4.xlsx", "/ranking/2025Q3/companies/1"])
def test_unpublished_periods_do_not_exist_publicly(client, quarters, url):
    assert client.get(url).status_code == 404


def test_ranking_page_when_nothing_is_published(client, world):
    period(world)
    response = client.get("/ranking")
    assert response.status_code == 200 and "尚未公示" in response.get_data(as_text=True)


def test_public_pages_show_no_personal_data(client, quarters):
    company = quarters.company_a.id
    pages = [client.get("/ranking").get_data(as_text=True),
             client.get(f"/ranking/2025Q2/companies/{company}").get_data(as_text=True)]
    for html in pages:
        for secret in ("钱经理", "0313-5550002", "张三", "13800000000", "李娜", "13900000000", "Inspector1",
                       "Supervisor1", "lat", "lng"):
            assert secret not in html
        assert " style=" not in html and "<script>" not in html


def test_company_detail_explains_the_score(client, quarters):
    html = client.get(f"/ranking/2025Q2/companies/{quarters.company_a.id}").get_data(as_text=True)
    assert "九州物业" in html and "第 1 名" in html and "▲1" in html
    for part in ("均分 96（1 个小区，3 次巡查）× 60%", "57.60", "90 × 40%", "+36.00", "−0.00", "93.60", "枫墅小镇小区"):
        assert part in html, part
    assert html.count("<svg") == 2 and 'viewBox="0 0 320' in html
    assert "2025Q1" in html and "2025Q3" not in html  # history: published quarters only


def test_company_detail_of_an_unknown_company_is_404(client, quarters):
    assert client.get("/ranking/2025Q2/companies/999999").status_code == 404


def test_pdf_lists_the_companies_in_rank_order_with_an_embedded_cjk_font(client, quarters):
    response = client.get("/ranking/2025Q2.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape
    text = "".join(p.extract_text() for p in reader.pages)
    assert "物业服务企业季度考核排名公示" in text and "2025Q2" in text
    assert text.index("九州物业") < text.index("嘉家物业")
    fonts = {str(font["/BaseFont"]) for p in reader.pages for font in _fonts(p)}
    assert any("CJK" in name for name in fonts), fonts
    assert all(_embedded(font) for p in reader.pages for font in _fonts(p))


def _fonts(page):
    return [f.get_object() for f in page["/Resources"]["/Font"].values()]


def _embedded(font) -> bool:
    descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
    descriptor = descendant["/FontDescriptor"]
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_excel_matches_the_page(client, quarters):
    html = client.get("/ranking/2025Q2").get_data(as_text=True)
    response = client.get("/ranking/2025Q2.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("名次", "物业服务企业", "综合得分", "升降") and "环境卫生" in rows[0]
    assert [r[1] for r in rows[1:]] == names_in_order(html)
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [(1, 93.6, "▲1"), (2, 85.0, "▼1")]
    for total in (f"{r[2]:.2f}" for r in rows[1:]):
        assert total in html


def test_staff_ranking_page_with_breakdown_and_forms(client, quarters, login):
    login(quarters.supervisor)
    html = client.get("/assessment/2025Q4").get_data(as_text=True)
    assert "得分构成" in html and 'id="special-form"' in html and "关闭考核" not in html
    assert 'id="ranking"' in html and "ranking-changed" in html


def test_supervisor_enters_a_special_score_without_javascript(client, quarters, login):
    login(quarters.supervisor)
    response = client.post("/assessment/2025Q4/special",
                           data={"company_id": quarters.company_b.id, "score": "87.5", "note": "服务公示规范"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/assessment/2025Q4#ranking")
    special = db.session.query(SpecialAssessment).filter_by(company_id=quarters.company_b.id).all()
    assert [s.score for s in special if s.period_id == services.get_period("2025Q4").id] == [D("87.50")]


def test_special_form_with_htmx_swaps_and_refreshes_the_ranking(hx, quarters, login):
    login(quarters.admin, to=hx)
    response = hx.post("/assessment/2025Q4/special", data={"company_id": quarters.company_b.id, "score": "101",
                                                           "note": "超过满分"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and html.lstrip().startswith('<form id="special-form"')
    assert "0 到 100" in html and "超过满分" in html and 'value="101"' in html
    response = hx.post("/assessment/2025Q4/special", data={"company_id": quarters.company_b.id, "score": "92",
                                                           "note": "复核"})
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "ranking-changed"
    assert "已保存：嘉家物业 专项考评 92 分" in response.get_data(as_text=True)
    section = hx.get("/assessment/2025Q4").get_data(as_text=True)
    assert section.lstrip().startswith('<section id="ranking"')


def test_admin_closes_publishes_and_reopens_through_the_pages(client, quarters, login):
    login(quarters.admin)
    assert client.post("/assessment/2025Q4/close").status_code == 303
    assert client.post("/assessment/2025Q4/publish").status_code == 303
    assert client.get("/ranking").get_data(as_text=True).count("2025Q4") >= 1
    assert client.post("/assessment/2025Q4/reopen", data={"note": ""}).status_code == 422
    assert client.post("/assessment/2025Q4/reopen", data={"note": "数据有误"}).status_code == 303
    assert client.get("/ranking/2025Q4").status_code == 404
    assert "数据有误" in client.get("/assessment/2025Q4").get_data(as_text=True)


def test_settings_form_keeps_what_was_typed(client, quarters, login):
    login(quarters.admin)
    response = client.post("/assessment/2025Q4/settings", data={
        "patrol_weight": "0.7", "special_weight": "0.4", "overdue_penalty": "abc", "sent_back_penalty": "1",
        "penalty_cap": "10", "min_patrols": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "权重之和须为 1" in html and 'value="abc"' in html
    assert "1 到 99 之间的整数" in html
    response = client.post("/assessment/2025Q4/settings", data={
        "patrol_weight": "0.5", "special_weight": "0.5", "overdue_penalty": "1", "sent_back_penalty": "2",
        "penalty_cap": "8", "min_patrols": "2"})
    assert response.status_code == 303
    assert services.get_period("2025Q4").min_patrols == 2


def test_admin_creates_a_quarter(client, world, login):
    login(world.admin)
    assert client.post("/assessment", data={"code": "2025Q9"}).status_code == 422
    response = client.post("/assessment", data={"code": "2025q3"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/assessment/2025Q3")
    assert "2025Q3" in client.get("/assessment").get_data(as_text=True)


def test_admin_exports_an_unpublished_period(client, quarters, login):
    login(quarters.admin)
    pdf = client.get("/assessment/2025Q3/ranking.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert pdf.status_code == 200 and "未公示" in text
    xlsx = client.get("/assessment/2025Q4/ranking.xlsx")
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.data)).active.max_row == 3
