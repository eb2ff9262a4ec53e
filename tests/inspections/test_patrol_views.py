"""The fast patrol through the test client: 待补充 saves (no 422), 其余全部合格 without JS and its undo, open findings
on the checklist, repeats on the record."""

import re
from io import BytesIO

from inspect_app.inspections import queries, services
from inspect_app.inspections.models import ItemOutcome
from tests.inspections.helpers import attach_photo, deduct, items, jpeg, pass_all_but


def test_tapping_deduct_on_an_item_with_several_standards_is_saved_and_shown_as_unfinished(hx_inspector, patrol):
    h1 = items(patrol)["H1"]
    response = hx_inspector.post(f"/inspections/{patrol.id}/items/{h1.id}", data={"outcome": "deduct"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["X-Inspect-Saved"] == "1"
    assert "待补充：请选择扣分标准" in body and 'class="error"' not in body


def test_tapping_deduct_on_an_item_with_one_standard_deducts_it(hx_inspector, patrol):
    h5 = items(patrol)["H5"]
    body = hx_inspector.post(f"/inspections/{patrol.id}/items/{h5.id}", data={"outcome": "deduct"}).get_data(True)
    assert f"−{h5.presets[0].amount.normalize():f} 分" in body and "待补充" not in body


def test_a_photo_clears_the_items_wait_for_a_photo(hx_inspector, patrol, world):
    h2 = items(patrol)["H2"]
    first = hx_inspector.post(f"/inspections/{patrol.id}/items/{h2.id}", data={"outcome": "deduct"})
    assert "待补充：该项扣分须附照片" in first.get_data(as_text=True)
    upload = hx_inspector.post(f"/inspections/{patrol.id}/items/{h2.id}/photos",
                               data={"photos": [(BytesIO(jpeg()), "a.jpg")]}, content_type="multipart/form-data")
    body = upload.get_data(as_text=True)
    assert upload.status_code == 200
    assert f'id="item-{h2.id}-status" class="item-status" role="status" hx-swap-oob="true"' in body
    assert "待补充" not in body


def test_an_answer_without_outcome_clears_the_item(hx_inspector, patrol, world):
    h1 = items(patrol)["H1"]
    hx_inspector.post(f"/inspections/{patrol.id}/items/{h1.id}", data={"outcome": "pass"})
    response = hx_inspector.post(f"/inspections/{patrol.id}/items/{h1.id}", data={"note": ""})
    assert response.status_code == 200 and response.headers["X-Inspect-Saved"] == "1"
    assert "已保存" not in response.get_data(as_text=True)
    assert queries.item_result(patrol, h1) is None


def test_pass_rest_without_js_then_undo(inspector, patrol, world):
    by_code = items(patrol)
    deduct(patrol, by_code["S5"], world.inspector)
    response = inspector.post(f"/inspections/{patrol.id}/pass-rest", data={"category": "S"})
    assert response.status_code == 303 and response.headers["Location"].endswith("#category-S")
    passed = [i.id for c, i in by_code.items() if c.startswith("S") and c != "S5"]
    assert f"undo={','.join(map(str, passed))}" in response.headers["Location"]
    page = inspector.get(response.headers["Location"]).get_data(as_text=True)
    undo_form = re.search(r'<form id="pass-undo".*?</form>', page, re.S)
    assert undo_form and "hidden>" not in undo_form.group(0).split("\n")[1] and "已将 5 项设为合格" in page
    assert sorted(map(int, re.findall(r'name="item_id" value="(\d+)"', undo_form.group(0)))) == sorted(passed)
    undone = inspector.post(f"/inspections/{patrol.id}/pass-rest/undo", data={"item_id": passed})
    assert undone.status_code == 303
    results = queries.results_by_item(patrol)
    assert set(results) == {by_code["S5"].id} and results[by_code["S5"].id].outcome == ItemOutcome.DEDUCT


def test_pass_rest_of_the_whole_list(inspector, patrol):
    response = inspector.post(f"/inspections/{patrol.id}/pass-rest")
    assert response.status_code == 303 and len(queries.results_by_item(patrol)) == 29
    assert "已检查 29/29" in inspector.get(f"/inspections/{patrol.id}").get_data(as_text=True)


def test_the_checklist_shows_open_findings_and_the_record_shows_the_repeat(inspector, world):
    first = services.start_patrol(world.neighborhood_a, actor=world.inspector)
    attach_photo(first, deduct(first, items(first)["H2"], world.inspector), world.inspector)
    pass_all_but(first, world.inspector, "H2")
    services.submit(first, actor=world.inspector)
    second = services.start_patrol(world.neighborhood_a, actor=world.inspector)
    h2 = items(second)["H2"]
    page = inspector.get(f"/inspections/{second.id}").get_data(as_text=True)
    item_html = re.search(rf'<section class="item[^"]*" id="item-{h2.id}".*?</section>', page, re.S).group(0)
    assert "挂账未销号" in item_html and "本项扣分将记为重复发现" in item_html
    assert page.count('class="open-finding"') == 1
    attach_photo(second, deduct(second, h2, world.inspector), world.inspector)
    pass_all_but(second, world.inspector, "H2")
    services.submit(second, actor=world.inspector)
    record = inspector.get(f"/inspections/{second.id}").get_data(as_text=True)
    assert "重复发现 ×1" in record and "本次巡查未发现问题" not in record
    ledger = inspector.get("/ledger").get_data(as_text=True)
    assert ledger.count("重复发现 ×1") == 1
