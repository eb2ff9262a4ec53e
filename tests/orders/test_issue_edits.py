"""签发 issues what the page shows: the lines' edits are saved and issued in one transaction, with the version check.

Also the draft's autosave (htmx) and the new-order form's ids beyond an INTEGER column.
"""

import re
from datetime import timedelta

import pytest

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding
from inspect_app.orders import forms, services
from inspect_app.orders.models import RectificationOrder
from tests.orders.helpers import findings
from tests.security.helpers import fingerprint, form_values, sign_in

HX = {"HX-Request": "true"}


def fresh(order_id: int) -> RectificationOrder:
    db.session.expire_all()
    return db.session.get(RectificationOrder, order_id)


def draft(world, n: int = 2) -> RectificationOrder:
    items = findings(world, n)
    return services.draft_order(world.neighborhood_a, [f.id for f in items], actor=world.inspector)


def edits(order: RectificationOrder, requirement: str, deadline, *, lock_version: int | None = None,
          remarks: str = "") -> forms.DraftInput:
    lines = {line.id: (line.requirement, line.deadline) for line in order.lines}
    first = order.lines[0]
    lines[first.id] = (requirement, deadline)
    return forms.DraftInput(lines, remarks, order.lock_version if lock_version is None else lock_version)


# --- the service --------------------------------------------------------------------------------------------


def test_issue_with_edits_issues_the_new_text_and_deadline(world):
    order = draft(world)
    later = local_today() + timedelta(days=20)
    typed = edits(order, "三日内清运并拍照反馈", later, remarks="加急")
    services.issue_order(order, actor=world.inspector, edits=typed)
    issued = fresh(order.id)
    line = issued.lines[0]
    assert issued.state == "issued" and issued.number
    assert (line.requirement, line.deadline) == ("三日内清运并拍照反馈", later)
    assert issued.remarks == "加急" and issued.deadline == later
    assert db.session.get(Finding, line.finding_id).deadline == later  # overdue is measured against it


def test_a_stale_version_with_other_content_refuses_and_writes_nothing(world):
    order = draft(world)
    typed = edits(order, "我的修改", local_today() + timedelta(days=9))
    services.update_draft(order, lines={order.lines[0].id: ("他人先保存", order.lines[0].deadline)}, remarks="",
                          lock_version=order.lock_version, actor=world.inspector)
    before = fingerprint()
    with pytest.raises(DomainError) as refused:
        services.issue_order(fresh(order.id), actor=world.inspector, edits=typed)
    assert refused.value.status == 409
    assert fingerprint() == before
    assert fresh(order.id).lines[0].requirement == "他人先保存" and fresh(order.id).state == "draft"


def test_a_stale_version_with_the_stored_content_still_issues(world):
    """A replay (the autosave answered after the page was submitted) overwrites nothing, so it is no conflict."""
    order = draft(world)
    later = local_today() + timedelta(days=5)
    services.update_draft(order, lines={order.lines[0].id: ("已自动保存", later)}, remarks="",
                          lock_version=order.lock_version, actor=world.inspector)
    order = fresh(order.id)
    services.issue_order(order, actor=world.inspector, edits=edits(order, "已自动保存", later, lock_version=1))
    assert fresh(order.id).state == "issued" and fresh(order.id).lines[0].requirement == "已自动保存"


def test_edits_and_issue_are_one_transaction(world):
    """If issuing is refused after the edits were applied (a finding no longer open), the edits are not saved."""
    order = draft(world)
    finding = order.lines[1].finding
    finding.state = "closed"
    db.session.commit()
    with pytest.raises(DomainError):
        services.issue_order(order, actor=world.inspector,
                             edits=edits(order, "不应保存", local_today() + timedelta(days=3)))
    again = fresh(order.id)
    assert again.state == "draft" and again.lines[0].requirement != "不应保存" and again.revision == 1


# --- the pages ----------------------------------------------------------------------------------------------


def page_form(client, order_id: int):
    page = client.get(f"/orders/{order_id}").get_data(as_text=True)
    return page, form_values(page, "draft-form")


def test_the_issue_button_submits_the_draft_form_to_the_issue_route(client, world):
    order = draft(world)
    sign_in(client, world.inspector)
    page, values = page_form(client, order.id)
    button = re.search(rf'<button[^>]*formaction="/orders/{order.id}/issue"[^>]*>', page)
    assert button and 'form="draft-form"' in button.group(0) and "data-confirm" in button.group(0)
    assert {f"requirement-{line.id}" for line in order.lines} <= set(values)  # the lines travel with it
    assert "lock_version" in values


def test_posting_issue_with_changed_lines_issues_them(client, world):
    order = draft(world)
    sign_in(client, world.inspector)
    _page, values = page_form(client, order.id)
    line = order.lines[0]
    later = (local_today() + timedelta(days=12)).isoformat()
    values.setlist(f"requirement-{line.id}", ["立即拆除违建并恢复绿地"])
    values.setlist(f"deadline-{line.id}", [later])
    response = client.post(f"/orders/{order.id}/issue", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)[:400]
    issued = fresh(order.id)
    assert issued.state == "issued" and issued.lines[0].requirement == "立即拆除违建并恢复绿地"
    assert issued.lines[0].deadline.isoformat() == later
    shown = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "立即拆除违建并恢复绿地" in shown and later in shown


def test_posting_issue_with_a_stale_version_keeps_what_was_typed(client, world):
    order = draft(world)
    sign_in(client, world.inspector)
    _page, values = page_form(client, order.id)
    line = order.lines[0]
    services.update_draft(order, lines={line.id: ("同事的版本", line.deadline)}, remarks="",
                          lock_version=order.lock_version, actor=world.inspector)
    values.setlist(f"requirement-{line.id}", ["我的版本"])
    before = fingerprint()
    response = client.post(f"/orders/{order.id}/issue", data=values)
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "我的版本" in body and "同事的版本" in body and 'id="draft-conflict"' in body
    assert fingerprint() == before and fresh(order.id).state == "draft"
    # The page offers the current version: issuing again from it issues the typed text.
    again = form_values(body, "draft-form")
    assert client.post(f"/orders/{order.id}/issue", data=again).status_code == 303
    assert fresh(order.id).lines[0].requirement == "我的版本"


def test_posting_issue_with_a_bad_deadline_is_422_and_keeps_the_text(client, world):
    order = draft(world)
    sign_in(client, world.inspector)
    _page, values = page_form(client, order.id)
    line = order.lines[0]
    values.setlist(f"requirement-{line.id}", ["保留这段文字"])
    values.setlist(f"deadline-{line.id}", ["下周"])
    response = client.post(f"/orders/{order.id}/issue", data=values)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "保留这段文字" in body and "未签发" in body and "请填写有效日期" in body
    assert fresh(order.id).state == "draft"


def test_autosave_answers_the_status_with_the_new_version(client, world):
    order = draft(world)
    sign_in(client, world.inspector)
    _page, values = page_form(client, order.id)
    line = order.lines[0]
    for text in ("第一次自动保存", "第二次自动保存"):
        values.setlist(f"requirement-{line.id}", [text])
        response = client.post(f"/orders/{order.id}/draft", data=values, headers=HX)
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and 'id="draft-status"' in body and "<html" not in body
        assert "草稿已自动保存" in body
        version = re.search(r'name="lock_version" value="(\d+)"', body).group(1)
        assert int(version) == fresh(order.id).lock_version
        values.setlist("lock_version", [version])  # what htmx swaps into the form
        assert fresh(order.id).lines[0].requirement == text


def test_a_stale_autosave_is_refused_with_a_message_and_writes_nothing(client, world):
    order = draft(world)
    sign_in(client, world.inspector)
    _page, values = page_form(client, order.id)
    line = order.lines[0]
    services.update_draft(order, lines={line.id: ("同事先改了", line.deadline)}, remarks="",
                          lock_version=order.lock_version, actor=world.inspector)
    values.setlist(f"requirement-{line.id}", ["我在手机上改的"])
    before = fingerprint()
    response = client.post(f"/orders/{order.id}/draft", data=values, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and 'role="alert"' in body and "已被他人修改" in body
    assert fingerprint() == before


@pytest.mark.parametrize("ids", [["2147483648"], ["9" * 30], ["9" * 5000], ["-1", "1e3", "٣"]])
def test_finding_ids_beyond_an_integer_column_are_ignored_not_a_500(client, world, ids):
    sign_in(client, world.inspector)
    findings(world, 1)
    response = client.post("/orders", data={"neighborhood_id": world.neighborhood_a.id, "finding_ids": ids})
    assert response.status_code == 422 and "请选择本小区挂账中的问题" in response.get_data(as_text=True)


def test_form_ids_are_capped():
    assert forms.finding_ids(["12", "2147483647", "2147483648", "9" * 5000, "x"]) == [12, 2147483647]
