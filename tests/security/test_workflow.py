"""Mass assignment and workflow order, through the pages: extra fields change nothing, steps cannot be skipped."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.findings.models import Finding, StateChange
from inspect_app.inspections.models import Inspection
from inspect_app.orders import services as orders
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.photos.models import Photo
from tests.orders.helpers import followed_up, issued_order, reported_order
from tests.security.helpers import fingerprint, jpeg, multipart

# What a company (or anyone) might add to a form to steer the write: every one must be ignored.
INJECTED = {"state": "closed", "status": "submitted", "company_id": "{company_b}", "company": "嘉家物业",
            "order_id": "{issued_b}", "finding_id": "{finding_b}", "report_id": "1",
            "rectification_report_id": "1", "reported_by_id": "{inspector}",
            "created_by_id": "{company_b_user}", "inspector_id": "{supervisor}", "kind": "evidence",
            "role": "admin", "is_red_line": "1", "escalation_count": "9", "deduction": "99", "score": "100",
            "number": "经开整改〔2026〕第9999号", "acknowledged_by_id": "{inspector}", "closed_at": "2026-01-01",
            "id": "1", "lock_version": "999", "revision": "999", "is_enabled": "0", "session_version": "0"}
# (role, route, the form's own fields, a file?) — every POST a company can make, and the staff forms that
# carry a company's data.
FORMS = {
    "acknowledge": ("company_a", "/orders/{issued_a}/acknowledge", {}, False),
    "report": ("company_a", "/orders/{issued_a}/findings/{issued_a_finding}/report", {"note": "已清运"}, True),
    "language": ("company_a", "/lang/en", {}, False),
    "logout": ("company_a", "/logout", {}, False),
    "new finding": ("inspector", "/findings/new", {"neighborhood": "{neighborhood_a}", "category": "H",
                                                   "title": "楼道堆物", "deduction": "0.5"}, True),
    "new order": ("inspector", "/orders", {"neighborhood_id": "{neighborhood_a}", "finding_ids": "{finding_a}"},
                  False),
    "autosave": ("inspector", "/inspections/{draft_patrol}/items/{item}", {"outcome": "pass"}, False),
}


def values(scene) -> dict[str, object]:
    w = scene.world
    return {**scene.values(), "company_b": w.company_b.id, "inspector": w.inspector.id,
            "supervisor": w.supervisor.id, "company_b_user": w.company_user_b.id}


def consistent(world, foreign_order_id: int) -> None:
    """What no form may change: owners, states a step cannot reach, who did what."""
    db.session.expire_all()
    for finding in db.session.scalars(select(Finding)):
        assert finding.company_id == finding.neighborhood.company_id and finding.state != "closed", finding.id
        assert finding.escalation_count == 0 and not finding.is_red_line and finding.deduction <= 1
    for order in db.session.scalars(select(RectificationOrder)):
        assert order.company_id == order.neighborhood.company_id and order.state != "verified", order.id
        assert order.number is None or order.number.endswith(("第0001号", "第0002号"))
    for report in db.session.scalars(select(RectificationReport)):
        assert report.reported_by_id == world.company_user_a.id and report.order_id != foreign_order_id
    for photo in db.session.scalars(select(Photo).where(Photo.rectification_report_id.isnot(None))):
        assert photo.kind == "after" and photo.uploaded_by_id == world.company_user_a.id
    assert db.session.scalar(select(func.count()).where(Inspection.status == "submitted")) == 3  # the scene's
    assert all(u.is_enabled and u.session_version == 1 for u in (world.inspector, world.company_user_a))


@pytest.mark.parametrize("form", FORMS)
def test_injected_fields_are_ignored(scene, clients, form):
    role, route, fields, with_file = FORMS[form]
    v = values(scene)
    if form == "report":
        orders.acknowledge(scene.issued_a, actor=scene.world.company_user_a)
    data = {k: str(x).format(**v) for k, x in {**INJECTED, **fields}.items()}
    body, content_type = multipart(data, [("photos", "a.jpg", jpeg())] if with_file else [])
    response = clients[role].post(route.format(**v), data=body, content_type=content_type)
    assert response.status_code in (303, 200), response.get_data(as_text=True)[:300]
    consistent(scene.world, scene.issued_b.id)


def changes() -> int:
    return db.session.scalar(select(func.count()).select_from(StateChange))


def test_no_report_on_a_voided_order(world, clients):
    order = reported_order(world, 1)
    orders.void_order(order, actor=world.supervisor, reason="重复下发")
    before = fingerprint()
    body, content_type = multipart({"note": "又整改了", "client_key": "late"}, [("photos", "a.jpg", jpeg())])
    response = clients["company_a"].post(f"/orders/{order.id}/findings/{order.lines[0].finding_id}/report",
                                         data=body, content_type=content_type, headers={"HX-Request": "true"})
    assert response.status_code == 409 and "该通知书当前状态不能反馈" in response.get_data(as_text=True)
    assert fingerprint() == before


@pytest.mark.parametrize("step", ["close", "follow-up", "acknowledge"])
def test_nothing_moves_on_a_voided_order(world, clients, step):
    order = issued_order(world, 1) if step == "acknowledge" else reported_order(world, 1)
    orders.void_order(order, actor=world.supervisor, reason="开错")
    finding_id = order.lines[0].finding_id
    role, url = {"close": ("supervisor", f"/orders/{order.id}/findings/{finding_id}/close"),
                 "follow-up": ("inspector", f"/orders/{order.id}/follow-up"),
                 "acknowledge": ("company_a", f"/orders/{order.id}/acknowledge")}[step]
    before = fingerprint()
    assert clients[role].post(url).status_code == 409
    assert fingerprint() == before


def test_close_needs_a_passed_follow_up_and_twice_is_harmless(world, clients):
    order = reported_order(world, 2)
    first, second = (line.finding_id for line in order.lines)
    close = f"/orders/{order.id}/findings/{{}}/close"
    assert clients["supervisor"].post(close.format(first)).status_code == 409  # no follow-up yet
    followed_up(world, order, ["passed", "failed"])
    assert clients["supervisor"].post(close.format(second)).status_code == 409  # it failed the follow-up
    count = changes()
    assert [clients["supervisor"].post(close.format(first)).status_code for _ in range(2)] == [303, 303]
    assert changes() == count + 1  # one close recorded, not two
    db.session.expire_all()
    assert db.session.get(Finding, first).state == "closed" and db.session.get(Finding, second).state == "reported"


def test_issue_and_acknowledge_twice_are_harmless(world, clients, scene):
    issue = f"/orders/{scene.draft_a.id}/issue"
    assert clients["inspector"].post(issue).status_code == 303
    number = db.session.scalar(select(RectificationOrder.number).where(RectificationOrder.id == scene.draft_a.id))
    assert clients["supervisor"].post(issue).status_code == 409  # a second issue would take a second number
    acknowledge = f"/orders/{scene.draft_a.id}/acknowledge"
    count = changes()
    assert [clients["company_a"].post(acknowledge).status_code for _ in range(2)] == [303, 303]
    assert changes() == count + 1
    db.session.expire_all()
    assert db.session.get(RectificationOrder, scene.draft_a.id).number == number
