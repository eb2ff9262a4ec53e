"""A resident, on a phone, goes from the neighbourhood's poster link (its board) to the survey, answers it (a second
answer from the same household is refused), then confirms the fix of their report by its receipt code (回访)."""

import pytest
from playwright.sync_api import expect

from inspect_app.demo.survey import FOLLOW_BACK_CODE
from tests.browser.conftest import log_in, new_phone
from tests.browser.test_resident_report import NEIGHBORHOOD, token_of

pytestmark = pytest.mark.browser


def answer(phone, building: str, room: str, comment: str) -> None:
    phone.fill("input[name=building]", building)
    phone.fill("input[name=room]", room)
    for index, question in enumerate(phone.locator("fieldset.sv-question").all()):
        question.locator("label.rr-cat", has_text=str(5 - index % 2)).click()
    phone.fill("textarea[name=comment]", comment)


def test_survey_and_follow_back(browser, base_url, live_app, shot):
    resident, neighbour = new_phone(browser, base_url), new_phone(browser, base_url)
    resident.goto(f"/n/{token_of(live_app, NEIGHBORHOOD)}")  # the poster's QR code: the 物业服务公示 board
    expect(resident.locator("h1")).to_have_text(NEIGHBORHOOD)
    resident.get_by_role("link", name="参加本季度物业服务满意度测评").click()
    expect(resident.locator("h1")).to_contain_text("满意度测评")
    expect(resident.locator("fieldset.sv-question")).to_have_count(5)
    answer(resident, "8号楼", "3单元502", "楼道保洁很及时")
    shot(resident, "survey-form")
    resident.get_by_role("button", name="提交测评").click()
    expect(resident.locator("#survey-form")).to_contain_text("提交成功，感谢您的参与")
    shot(resident, "survey-done")

    # Someone else in the same flat, on another phone, writes the address another way: refused, nothing lost.
    neighbour.goto(f"/r/{token_of(live_app, NEIGHBORHOOD)}/survey")
    answer(neighbour, "八号楼", "3-502", "再提一条意见")
    neighbour.get_by_role("button", name="提交测评").click()
    expect(neighbour.locator("#survey-error")).to_contain_text("每户每季度限答一次")
    expect(neighbour.locator("textarea[name=comment]")).to_have_value("再提一条意见")
    expect(neighbour.locator("input[name=building]")).to_have_value("八号楼")
    shot(neighbour, "survey-refused")

    # 回访: the resident looks up the receipt code of an earlier report whose finding was closed.
    resident.goto("/r/status")
    resident.fill("input[name=code]", FOLLOW_BACK_CODE.lower())
    resident.locator("form button[type=submit]").click()
    expect(resident.locator("#finding-progress")).to_have_text("已销号")
    expect(resident.locator(".rv-photos img").first).to_be_visible()
    assert resident.locator(".rv-photos img").first.evaluate("img => img.naturalWidth") > 0
    shot(resident, "follow-back-form")
    resident.get_by_role("button", name="已整改好，确认").click()
    expect(resident.locator("#verdict-given")).to_contain_text("您已确认整改完成")
    expect(resident.locator("#verdict-form")).to_have_count(0)
    shot(resident, "follow-back-confirmed")
    # The community's staff read the quarter's results: the demo's 14 answers and this one.
    staff = new_phone(browser, base_url)
    log_in(staff, "supervisor")
    staff.goto("/survey")
    row = staff.locator("#survey-results tbody tr", has_text=NEIGHBORHOOD)
    expect(row.locator("td").first).to_have_text("15")
    shot(staff, "survey-results")
    for phone in (resident, neighbour, staff):
        assert not phone.csp_violations
        phone.context.close()
