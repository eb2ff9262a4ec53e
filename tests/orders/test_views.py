"""Order pages through the test client: drafting, issuing, the company portal, follow-up, close-out, access."""

from datetime import timedelta
from io import BytesIO

import pytest

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding
from inspect_app.orders import followup
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.photos.models import Photo
from tests.inspections.helpers import jpeg
from tests.orders.helpers import findings, followed_up, issued_order, reported_order
from tests.security.helpers import fingerprint


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def test_inspector_drafts_edits_and_issues(client, world, login):
    items = findings(world, 2)
    login(world.inspector)
    page = client.get(f"/orders/new?neighborhood={world.neighborhood_a.id}").get_data(as_text=True)
    assert "问题1" in page and "问题2" in page
    response = client.post(
        "/orders", data={"neighborhood_id": world.neighborhood_a.id, "finding_ids": [str(f.id) for f in items]}
    )
    assert response.status_code == 303
    order_id = int(response.headers["Location"].rsplit("/", 1)[1])
    order = fresh(RectificationOrder, order_id)
    line = order.lines[0]
    deadline = (local_today() + timedelta(days=4)).isoformat()
    bad = client.post(
        f"/orders/{order_id}/draft",
        data={f"requirement-{line.id}": "立即清理", f"deadline-{line.id}": "明天", "lock_version": order.lock_version},
    )
    assert bad.status_code == 422 and "请填写有效日期" in bad.get_data(as_text=True)
    assert "立即清理" in bad.get_data(as_text=True)
    form = {}
    for ln in order.lines:
        form |= {f"requirement-{ln.id}": "立即清理", f"deadline-{ln.id}": deadline}
    assert (
        client.post(f"/orders/{order_id}/draft", data={**form, "lock_version": order.lock_version}).status_code == 303
    )
    replay = client.post(f"/orders/{order_id}/draft", data={**form, "lock_version": order.lock_version})
    assert replay.status_code == 303  # the same content again (a double tap) overwrites nothing: no conflict
    other = {**form, f"requirement-{line.id}": "另一种要求"}
    stale = client.post(f"/orders/{order_id}/draft", data={**other, "lock_version": order.lock_version})
    assert stale.status_code == 409 and "另一种要求" in stale.get_data(as_text=True)
    assert fresh(RectificationOrder, order_id).lines[0].requirement == "立即清理"
    assert client.post(f"/orders/{order_id}/issue").status_code == 303
    issued = fresh(RectificationOrder, order_id)
    assert issued.state == "issued" and issued.number.endswith("第0001号")
    assert issued.number in client.get(f"/orders/{order_id}").get_data(as_text=True)


def test_company_acknowledges_and_reports_with_a_photo(client, world, login):
    order = issued_order(world)
    login(world.company_user_a)
    assert order.number in client.get("/").get_data(as_text=True)
    assert client.post(f"/orders/{order.id}/acknowledge").status_code == 303
    finding = order.lines[0].finding
    refused = client.post(f"/orders/{order.id}/findings/{finding.id}/report", data={"note": " "})
    assert refused.status_code == 422 and "请填写整改情况说明" in refused.get_data(as_text=True)
    response = client.post(
        f"/orders/{order.id}/findings/{finding.id}/report",
        data={"note": "杂物已清运", "client_key": "r1", "photos": [(BytesIO(jpeg()), "after.jpg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert fresh(Finding, finding.id).state == "reported"
    report = RectificationReport.query.filter_by(finding_id=finding.id).one()
    assert Photo.query.filter_by(rectification_report_id=report.id, kind="after").count() == 1


@pytest.mark.parametrize("payload", [{"state": "closed"}, {"company_id": "999"}, {"finding_id": "1"}])
def test_mass_assignment_is_ignored(client, world, login, payload):
    order = issued_order(world)
    login(world.company_user_a)
    client.post(f"/orders/{order.id}/acknowledge", data=payload)
    order = fresh(RectificationOrder, order.id)
    assert order.state == "acknowledged" and order.company_id == world.company_a.id


def test_company_b_sees_nothing_of_company_a(client, world, login):
    order = reported_order(world)
    photo = Photo.query.filter(Photo.rectification_report_id.isnot(None)).first()
    login(world.company_user_b)
    for url in (
        f"/orders/{order.id}",
        f"/orders/{order.id}/pdf",
        f"/photos/{photo.id}/thumb",
        f"/findings/{order.lines[0].finding_id}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/orders/{order.id}/acknowledge").status_code == 404
    finding_id = order.lines[0].finding_id
    assert client.post(f"/orders/{order.id}/findings/{finding_id}/report", data={"note": "x"}).status_code == 404
    assert order.number not in client.get("/orders").get_data(as_text=True)


def test_company_cannot_see_drafts(client, world, login):
    items = findings(world, 1)
    login(world.inspector)
    client.post("/orders", data={"neighborhood_id": world.neighborhood_a.id, "finding_ids": [str(items[0].id)]})
    draft = RectificationOrder.query.one()
    login(world.company_user_a)
    assert client.get(f"/orders/{draft.id}").status_code == 404


def test_follow_up_close_and_send_back_through_pages(client, world, login):
    order = reported_order(world)
    login(world.inspector)
    assert client.post(f"/orders/{order.id}/follow-up").status_code == 303
    first, second = (line.finding_id for line in order.lines)
    assert client.post(f"/orders/{order.id}/follow-up/submit").status_code == 422
    client.post(f"/orders/{order.id}/follow-up/{first}", data={"outcome": "passed"})
    refused = client.post(f"/orders/{order.id}/follow-up/{second}", data={"outcome": "failed", "note": ""})
    assert refused.status_code == 422 and "不通过须说明原因" in refused.get_data(as_text=True)
    client.post(f"/orders/{order.id}/follow-up/{second}", data={"outcome": "failed", "note": "仍有杂物"})
    assert client.post(f"/orders/{order.id}/follow-up/submit").status_code == 303
    assert client.post(f"/orders/{order.id}/findings/{first}/close").status_code == 403  # inspectors cannot close
    login(world.supervisor)
    assert client.post(f"/orders/{order.id}/findings/{first}/close").status_code == 303
    bad = client.post(f"/orders/{order.id}/findings/{second}/send-back", data={"deadline": "", "note": "限期"})
    assert bad.status_code == 422 and "新整改期限" in bad.get_data(as_text=True)
    new_deadline = (local_today() + timedelta(days=5)).isoformat()
    ok = client.post(f"/orders/{order.id}/findings/{second}/send-back", data={"deadline": new_deadline, "note": "限期"})
    assert ok.status_code == 303
    assert fresh(Finding, first).state == "closed"
    sent_back = fresh(Finding, second)
    assert sent_back.state == "ordered" and sent_back.escalation_count == 1
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "督办" in page and "已销号" in page


def test_opening_a_follow_up_writes_nothing_until_it_is_started(client, world, login):
    order = reported_order(world, 1)
    login(world.inspector)
    before = fingerprint()
    page = client.get(f"/orders/{order.id}/follow-up")
    assert page.status_code == 200 and fingerprint() == before  # a GET starts nothing
    html = page.get_data(as_text=True)
    assert f'action="/orders/{order.id}/follow-up"' in html and "保存复查结果" not in html
    assert client.post(f"/orders/{order.id}/follow-up").status_code == 303
    assert "保存复查结果" in client.get(f"/orders/{order.id}/follow-up").get_data(as_text=True)
    assert followup.open_follow_up(order) is not None


def test_close_without_follow_up_is_refused(client, world, login):
    order = reported_order(world, 1)
    login(world.supervisor)
    assert client.post(f"/orders/{order.id}/findings/{order.lines[0].finding_id}/close").status_code == 409
    assert fresh(Finding, order.lines[0].finding_id).state == "reported"


def test_void_with_reason(client, world, login):
    order = issued_order(world)
    login(world.supervisor)
    assert client.post(f"/orders/{order.id}/void", data={"reason": ""}).status_code == 422
    assert client.post(f"/orders/{order.id}/void", data={"reason": "开错"}).status_code == 303
    assert fresh(RectificationOrder, order.id).state == "voided"


def test_verified_order_after_all_closed(client, world, login):
    order = reported_order(world, 1)
    followed_up(world, order, ["passed"])
    login(world.supervisor)
    client.post(f"/orders/{order.id}/findings/{order.lines[0].finding_id}/close")
    assert fresh(RectificationOrder, order.id).state == "verified"


def test_a_stale_draft_save_is_409_showing_both_versions(client, world, login):
    items = findings(world, 1)
    login(world.inspector)
    client.post("/orders", data={"neighborhood_id": world.neighborhood_a.id, "finding_ids": [str(items[0].id)]})
    order = RectificationOrder.query.one()
    line, version = order.lines[0], order.lock_version
    deadline = (local_today() + timedelta(days=4)).isoformat()
    first = {f"requirement-{line.id}": "三日内清运完毕", f"deadline-{line.id}": deadline, "lock_version": version}
    assert client.post(f"/orders/{order.id}/draft", data=first).status_code == 303
    second = {**first, f"requirement-{line.id}": "立即清理并拍照反馈"}
    response = client.post(f"/orders/{order.id}/draft", data=second)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "三日内清运完毕" in page and "立即清理并拍照反馈" in page and 'id="draft-conflict"' in page
    assert fresh(RectificationOrder, order.id).lines[0].requirement == "三日内清运完毕"
