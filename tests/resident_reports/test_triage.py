"""Triage by inspectors and supervisors: the list, accept onto the ledger, decline, merge, and the resident's view."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding, FindingSource, FindingState, StateChange
from inspect_app.photos.models import Photo
from inspect_app.resident_reports import triage
from inspect_app.resident_reports.models import ReportStatus, ResidentReport
from tests import factories
from tests.resident_reports.helpers import PHONE, jpeg, rectify_and_close, submitted


@pytest.fixture
def inspector(client, world, login):
    login(world.inspector)
    return client


def fresh(report: ResidentReport) -> ResidentReport:
    db.session.rollback()
    return db.session.get(ResidentReport, report.id)


def findings_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Finding))


def resident_view(client, report) -> str:
    return client.get(f"/r/status/{report.receipt_code}").get_data(as_text=True)


def test_the_list_shows_new_reports_newest_first_with_photos_and_phone(inspector, world):
    older = submitted(inspector, world.neighborhood_a, [("a.jpg", jpeg())], description="较早：路灯不亮",
                      contact_phone=PHONE)
    newer = submitted(inspector, world.neighborhood_b, description="较新：电梯异响")
    body = inspector.get("/reports/triage").get_data(as_text=True)
    assert body.index("较新：电梯异响") < body.index("较早：路灯不亮")
    assert PHONE in body and "仅工作人员可见" in body and older.receipt_code in body and newer.receipt_code in body
    photo = db.session.scalars(select(Photo)).one()
    assert f"/photos/{photo.id}/thumb" in body and f"/photos/{photo.id}/display" in body
    assert f'/neighborhoods/{world.neighborhood_a.id}/resident-link' in body
    assert "显示全区的居民上报" in body and 'aria-current="page"' in body and ">百姓说事<" in body


def test_filter_by_status(inspector, world):
    waiting = submitted(inspector, world.neighborhood_a, description="待处理的上报")
    done = submitted(inspector, world.neighborhood_a, description="已不予立案的上报")
    triage.decline_report(done, actor=world.inspector, reason="不属于物业服务范围")
    received = inspector.get("/reports/triage").get_data(as_text=True)
    declined = inspector.get("/reports/triage?status=declined").get_data(as_text=True)
    everything = inspector.get("/reports/triage?status=all").get_data(as_text=True)
    assert waiting.description in received and done.description not in received
    assert done.description in declined and waiting.description not in declined and "不属于物业服务范围" in declined
    assert waiting.description in everything and done.description in everything
    fallback = inspector.get("/reports/triage?status=nonsense&page=x")
    assert fallback.status_code == 200 and waiting.description in fallback.get_data(as_text=True)
    assert done.description not in fallback.get_data(as_text=True)


def test_accept_puts_a_finding_on_the_ledger(inspector, world):
    long_text = "小区东门消防通道被私家车长期占用，" * 5
    report = submitted(inspector, world.neighborhood_a, [("a.jpg", jpeg()), ("b.jpg", jpeg(color=(1, 2, 3)))],
                       description=long_text, category="Q", contact_phone=PHONE, location_text="东门")
    response = inspector.post(f"/reports/{report.id}/accept", data={"category": "Q"})
    assert response.status_code == 303 and response.headers["Location"] == "/reports/triage"
    report = fresh(report)
    finding = db.session.get(Finding, report.finding_id)
    assert (report.status, report.triaged_by_id) == (ReportStatus.ACCEPTED, world.inspector.id)
    assert report.triaged_at is not None
    assert (finding.source, finding.state, finding.category_code) == (FindingSource.RESIDENT, FindingState.OPEN, "Q")
    assert finding.title == long_text[:40] + "…" and finding.description.startswith(long_text.strip())
    assert "位置：东门" in finding.description and PHONE not in finding.description
    assert finding.deadline == local_today() + timedelta(days=7)  # Q's deadline in the checklist
    assert (finding.neighborhood_id, finding.company_id) == (world.neighborhood_a.id, world.company_a.id)
    assert finding.community_id == world.neighborhood_a.community_id
    photos = db.session.scalars(select(Photo).where(Photo.resident_report_id == report.id)).all()
    assert len(photos) == 2 and all(p.finding_id == finding.id for p in photos)
    changes = db.session.scalars(select(StateChange).where(StateChange.subject_type == "finding",
                                                           StateChange.subject_id == finding.id)).all()
    assert [(c.from_state, c.to_state) for c in changes] == [(None, "open")]
    page = resident_view(inspector, report)
    assert "已立案" in page and "挂账" in page and finding.deadline.isoformat() in page
    assert world.inspector.display_name not in page and PHONE not in page


def test_other_defaults_to_service_and_a_checklist_category_deadline(inspector, world):
    report = submitted(inspector, world.neighborhood_a, category="X", description="快递柜占用消防通道")
    card = inspector.get(f"/reports/{report.id}").get_data(as_text=True)
    assert re.search(r'<option value="S" selected>服务与公示</option>', card) and "其他" in card
    finding = triage.accept_report(fresh(report), actor=world.supervisor, category_code="H", today=local_today())
    assert finding.category_code == "H" and finding.deadline == local_today() + timedelta(days=3)


def test_accept_needs_a_checklist_category(inspector, world):
    report = submitted(inspector, world.neighborhood_a)
    response = inspector.post(f"/reports/{report.id}/accept", data={"category": "X"})
    assert response.status_code == 422 and "请选择立案类别" in response.get_data(as_text=True)
    assert fresh(report).status == ReportStatus.RECEIVED and findings_count() == 0


def test_htmx_triage_swaps_the_card(hx, world, login):
    login(world.inspector, to=hx)
    report = submitted(hx, world.neighborhood_a)
    response = hx.post(f"/reports/{report.id}/accept", data={"category": "H"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith(f'<article id="report-{report.id}"')
    assert "已转入台账" in body and "<html" not in body and "立案，转入整改台账" not in body
    wrong = hx.post(f"/reports/{submitted(hx, world.neighborhood_a, description='二').id}/decline", data={})
    assert wrong.status_code == 422 and "请填写不予立案的理由" in wrong.get_data(as_text=True)


def test_decline_needs_a_reason_the_resident_then_sees(inspector, world):
    report = submitted(inspector, world.neighborhood_a)
    refused = inspector.post(f"/reports/{report.id}/decline", data={"reason": "  "})
    assert refused.status_code == 422 and "请填写不予立案的理由" in refused.get_data(as_text=True)
    assert fresh(report).status == ReportStatus.RECEIVED
    too_long = inspector.post(f"/reports/{report.id}/decline", data={"reason": "很长的理由" * 101})
    assert too_long.status_code == 422 and "理由不能超过 500 字" in too_long.get_data(as_text=True)
    assert "很长的理由" * 101 in too_long.get_data(as_text=True)  # what was typed is still there
    done = inspector.post(f"/reports/{report.id}/decline", data={"reason": "属于市政管网问题，已转交住建部门"})
    assert done.status_code == 303
    report = fresh(report)
    assert (report.status, report.finding_id, report.decline_reason) == (
        ReportStatus.DECLINED, None, "属于市政管网问题，已转交住建部门")
    assert findings_count() == 0
    page = resident_view(inspector, report)
    assert "未予立案" in page and "属于市政管网问题，已转交住建部门" in page


def test_merge_into_an_unclosed_finding_of_the_same_neighbourhood(inspector, world):
    target = factories.finding(world.neighborhood_a, title="垃圾清运不及时")
    elsewhere = factories.finding(world.neighborhood_b, title="别的小区")
    closed = factories.finding(world.neighborhood_a, title="已销号的", state=FindingState.CLOSED)
    report = submitted(inspector, world.neighborhood_a, [("a.jpg", jpeg())])
    card = inspector.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "垃圾清运不及时" in card and "别的小区" not in card and "已销号的" not in card
    for wrong in (elsewhere.id, closed.id, "", "abc"):
        response = inspector.post(f"/reports/{report.id}/merge", data={"finding": wrong})
        assert response.status_code == 422 and "请选择本小区未销号的问题" in response.get_data(as_text=True)
    assert fresh(report).status == ReportStatus.RECEIVED
    assert inspector.post(f"/reports/{report.id}/merge", data={"finding": target.id}).status_code == 303
    report = fresh(report)
    assert (report.status, report.finding_id) == (ReportStatus.MERGED, target.id) and findings_count() == 3
    assert db.session.scalars(select(Photo)).one().finding_id == target.id
    page = resident_view(inspector, report)
    assert "已合并办理" in page and "挂账" in page and "垃圾清运不及时" not in page


def test_a_report_is_triaged_once(inspector, world):
    report = submitted(inspector, world.neighborhood_a)
    assert inspector.post(f"/reports/{report.id}/accept", data={"category": "H"}).status_code == 303
    for action, data in (("accept", {"category": "H"}), ("decline", {"reason": "重复"}), ("merge", {"finding": "1"})):
        response = inspector.post(f"/reports/{report.id}/{action}", data=data)
        assert response.status_code in (409, 422), action
    again = inspector.post(f"/reports/{report.id}/decline", data={"reason": "重复"})
    assert again.status_code == 409 and "已经处理过了" in again.get_data(as_text=True)
    assert fresh(report).status == ReportStatus.ACCEPTED and findings_count() == 1


def test_the_accepted_report_follows_the_rectification_to_closed(client, world):
    report = submitted(client, world.neighborhood_a, [("a.jpg", jpeg())])
    finding = triage.accept_report(fresh(report), actor=world.inspector, category_code="H", today=local_today())
    rectify_and_close(finding, inspector=world.inspector, supervisor=world.supervisor,
                      company_user=world.company_user_a)
    page = resident_view(client, report)
    assert "已销号" in page and "销号时间" in page and page.count('class="done"') == 4
    assert world.supervisor.display_name not in page and world.company_a.name not in page
