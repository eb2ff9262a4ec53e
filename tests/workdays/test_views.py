"""The admin's working-day calendar page."""

from inspect_app.workdays import services


def test_page_warns_that_next_year_is_missing_and_calculates(client, login, world):
    login(world.admin)
    body = client.get("/admin/workdays?start=2026-09-30&count=5").get_data(as_text=True)
    assert "尚未载入 2027 年的安排" in body and "是 2026-10-13" in body
    body = client.get("/admin/workdays?start=2026-12-30&count=5").get_data(as_text=True)
    assert "尚未载入 2027 年的法定节假日安排" in body
    body = client.get("/admin/workdays?start=9999-99-99&count=x").get_data(as_text=True)
    assert "开始日期应为 YYYY-MM-DD" in body


def test_the_calculator_answers_htmx_with_its_partial(hx, login, world):
    login(world.admin, to=hx)
    body = hx.get("/admin/workdays?start=2026-02-13&count=2").get_data(as_text=True)
    assert body.lstrip().startswith('<section class="card" id="wd-calculator">') and "是 2026-02-24" in body


def test_entering_a_year_without_js(client, login, world):
    login(world.admin)
    response = client.post("/admin/workdays", data={"year": "2027", "holidays": "2027-01-01..2027-01-03",
                                                    "workdays": "", "note": "通知"})
    assert response.status_code == 303
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已保存 2027 年" in body and "尚未载入 2027 年的安排" not in body
    assert services.years_label().endswith("2027")


def test_a_wrong_entry_keeps_what_was_typed(client, login, world):
    login(world.admin)
    response = client.post("/admin/workdays", data={"year": "2027", "holidays": "2027-01-01, 元旦",
                                                    "workdays": "2027-02-20", "note": "草稿"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "看不懂“元旦”" in body
    assert "2027-01-01, 元旦" in body and "2027-02-20" in body and 'aria-invalid="true"' in body
