"""Nothing typed on an order is lost, in Chromium at phone size: 签发 issues the edited lines, the draft autosaves,
leaving with unsaved edits warns, and a refused fix-report photo keeps the note."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.orders import services
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.places.models import Neighborhood, PropertyCompany
from tests import factories
from tests.browser.conftest import log_in, new_phone
from tests.inspections.helpers import jpeg

pytestmark = pytest.mark.browser


def new_draft(app, titles: tuple[str, ...]) -> int:
    with app.app_context():
        inspector = db.session.scalar(select(User).where(User.username == "inspector"))
        neighborhood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "馨苑二期"))
        items = [factories.finding(neighborhood, title=title) for title in titles]
        order_id = services.draft_order(neighborhood, [f.id for f in items], actor=inspector).id
        db.session.remove()
        return order_id


def stored(app, order_id: int) -> RectificationOrder:
    with app.app_context():
        order = db.session.get(RectificationOrder, order_id)
        db.session.expunge_all()
        return order


def first_line(app, order_id: int):
    with app.app_context():
        line = db.session.get(RectificationOrder, order_id).lines[0]
        result = (line.id, line.requirement, line.deadline)
        db.session.remove()
        return result


def phone(browser, base_url, username):
    page = new_phone(browser, base_url)
    page.dialogs = []

    def answer(dialog):
        page.dialogs.append(dialog.type)
        dialog.accept() if dialog.type == "confirm" else dialog.dismiss()

    page.on("dialog", answer)
    log_in(page, username)
    return page


def test_issuing_right_after_editing_a_line_issues_the_edit(browser, base_url, live_app, shot):
    order_id = new_draft(live_app, ("楼道堆放杂物", "消防通道堵塞"))
    line_id, _old, _deadline = first_line(live_app, order_id)
    later = (local_today() + timedelta(days=11)).isoformat()
    page = phone(browser, base_url, "inspector")
    page.goto(f"/orders/{order_id}")
    page.locator(f"textarea[name=requirement-{line_id}]").fill("三日内清运杂物，恢复通道畅通")
    page.locator(f"input[name=deadline-{line_id}]").fill(later)
    shot(page, "order-draft-edited")
    page.get_by_role("button", name="签发通知书").click()  # above the lines; the confirm is accepted
    expect(page.locator(".order-number")).to_contain_text("第")
    expect(page.locator("li.order-line").first).to_contain_text("三日内清运杂物，恢复通道畅通")
    expect(page.locator("li.order-line").first).to_contain_text(later)
    order = stored(live_app, order_id)
    assert order.state == "issued" and "confirm" in page.dialogs
    assert first_line(live_app, order_id)[1:] == ("三日内清运杂物，恢复通道畅通", local_today() + timedelta(days=11))
    page.context.close()


def test_the_draft_autosaves_and_warns_before_leaving_unsaved(browser, base_url, live_app, shot):
    order_id = new_draft(live_app, ("垃圾桶破损",))
    line_id, _old, _deadline = first_line(live_app, order_id)
    page = phone(browser, base_url, "inspector")
    page.goto(f"/orders/{order_id}")
    field = page.locator(f"textarea[name=requirement-{line_id}]")
    field.click()
    field.press("Control+End")
    field.press_sequentially("更换")
    page.close(run_before_unload=True)  # unsaved: the page asks before it goes (dismissed: it stays)
    page.wait_for_timeout(200)
    assert "beforeunload" in page.dialogs and not page.is_closed()
    expect(page.locator("#draft-status")).to_contain_text("草稿已自动保存", timeout=10_000)  # no 保存草稿 tapped
    assert "更换" in first_line(live_app, order_id)[1]
    shot(page, "order-draft-autosaved", full_page=False)
    field.press_sequentially("新桶")  # the second autosave must carry the version the first one returned
    for _ in range(50):
        if "更换新桶" in first_line(live_app, order_id)[1]:
            break
        page.wait_for_timeout(200)
    assert "更换新桶" in first_line(live_app, order_id)[1]
    expect(page.locator("#draft-form .hx-error")).to_have_count(0)
    page.dialogs.clear()
    page.reload()  # everything saved: no warning
    expect(field).to_have_value(first_line(live_app, order_id)[1])
    assert "beforeunload" not in page.dialogs
    page.context.close()


def test_a_refused_report_photo_keeps_the_note_and_the_key(browser, base_url, live_app, tmp_path):
    with live_app.app_context():
        company = db.session.scalar(select(PropertyCompany).where(PropertyCompany.name == "九州物业"))
        order = db.session.scalar(select(RectificationOrder).where(
            RectificationOrder.company_id == company.id, RectificationOrder.state == "acknowledged"))
        order_id, finding_id = order.id, order.lines[0].finding_id
        db.session.remove()
    whole = jpeg((800, 600))
    broken = tmp_path / "断了的照片.jpg"
    broken.write_bytes(whole[: len(whole) // 2])
    good = tmp_path / "整改后.jpg"
    good.write_bytes(whole)
    page = phone(browser, base_url, "jiuzhou")
    page.goto(f"/orders/{order_id}")
    form = page.locator(f"#line-{finding_id} form.report-form")
    key = form.locator("input[name=client_key]").input_value()
    form.locator("textarea[name=note]").fill("杂物已清运完毕")
    form.locator("input[type=file]:not([capture])").set_input_files(str(broken))
    form.get_by_role("button", name="提交整改反馈").click()
    expect(form.locator(".error[role=alert]")).to_contain_text("断了的照片.jpg")  # the form, swapped back
    expect(form.locator("textarea[name=note]")).to_have_value("杂物已清运完毕")
    assert form.locator("input[name=client_key]").input_value() == key
    with live_app.app_context():
        assert db.session.scalar(select(RectificationReport).where(
            RectificationReport.finding_id == finding_id)) is None
        db.session.remove()
    form.locator("input[type=file]:not([capture])").set_input_files(str(good))
    form.get_by_role("button", name="提交整改反馈").click()
    expect(page.locator(f"#line-{finding_id} .report")).to_contain_text("杂物已清运完毕")
    with live_app.app_context():
        reports = db.session.scalars(select(RectificationReport).where(
            RectificationReport.finding_id == finding_id)).all()
        assert [r.client_key for r in reports] == [key]
        db.session.remove()
    page.context.close()
