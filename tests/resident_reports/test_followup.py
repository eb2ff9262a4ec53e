"""回访: a resident sees the fix of their report by its receipt code and confirms or rejects it."""

from io import BytesIO

from PIL import Image
from sqlalchemy import func, select

from inspect_app.core.db import db, utcnow
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingMove, FindingState, check_move
from inspect_app.findings.services import timeline
from inspect_app.notifications.models import Notification
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.resident_reports import followup
from inspect_app.resident_reports.models import ResidentReport, ResidentVerdict
from inspect_app.resident_reports.rules import ReportStatus, new_receipt_code
from tests import factories
from tests.resident_reports.helpers import jpeg


def closed_report(world, *, photo: bool = True) -> ResidentReport:
    finding = factories.finding(world.neighborhood_a, title="垃圾桶满溢")
    finding.state, finding.closed_at = FindingState.CLOSED, utcnow()
    report = ResidentReport(receipt_code=new_receipt_code(), neighborhood_id=world.neighborhood_a.id,
                            category_code="H", description="垃圾桶满溢", status=ReportStatus.ACCEPTED,
                            finding_id=finding.id)
    db.session.add(report)
    db.session.commit()
    if photo:
        store_photo(jpeg(), kind=PhotoKind.AFTER, actor=world.company_user_a, watermark_lines=["九州物业 王经理"],
                    finding_id=finding.id)
    return report


def test_the_move_is_closed_to_open_only():
    check_move(FindingState.CLOSED, FindingState.OPEN, FindingMove.RESIDENT_REJECT)
    for state in (FindingState.OPEN, FindingState.ORDERED, FindingState.REPORTED):
        try:
            check_move(state, FindingState.OPEN, FindingMove.RESIDENT_REJECT)
        except ValueError:
            continue
        raise AssertionError(state)


def test_confirm_once(client, world):
    report = closed_report(world)
    page = client.get(f"/r/status/{report.receipt_code}").get_data(as_text=True)
    assert "整改后照片" in page and 'id="verdict-form"' in page
    url = f"/r/status/{report.receipt_code}/verdict"
    assert client.post(url, data={"verdict": "confirm"}).status_code == 303
    assert client.post(url, data={"verdict": "confirm"}).status_code == 303  # a double submit: the same verdict
    assert db.session.scalar(select(func.count()).select_from(ResidentVerdict)) == 1
    page = client.get(f"/r/status/{report.receipt_code}").get_data(as_text=True)
    assert "您已确认整改完成" in page and 'id="verdict-form"' not in page
    # a rejection after the confirmation changes nothing
    assert client.post(url, data={"verdict": "reject", "words": "又满了"}).status_code == 303
    assert db.session.get(ResidentReport, report.id).finding_id
    assert db.session.scalar(select(func.count()).select_from(ResidentVerdict)) == 1


def test_reject_reopens_with_the_words_and_tells_the_community(client, world):
    community_inspector = factories.user("xuefu", factories.Role.INSPECTOR)
    community_inspector.community_id = world.neighborhood_a.community_id
    db.session.commit()
    report = closed_report(world)
    url = f"/r/status/{report.receipt_code}/verdict"
    refused = client.post(url, data={"verdict": "reject", "words": " "})
    assert refused.status_code == 422 and "没有整改好" in refused.get_data(as_text=True)
    assert client.post(url, data={"verdict": "reject", "words": "垃圾桶还是满的"}).status_code == 303
    assert client.post(url, data={"verdict": "reject", "words": "垃圾桶还是满的"}).status_code == 303  # replay
    db.session.expire_all()
    finding = db.session.get(ResidentReport, report.id).finding_id
    reopened = db.session.get(Finding, finding)
    assert reopened.state == FindingState.OPEN and reopened.closed_at is None
    notes = [c.note for c in timeline(reopened)]
    assert any("垃圾桶还是满的" in n and report.receipt_code in n for n in notes)
    notices = list(db.session.scalars(select(Notification).where(Notification.kind == "resident_rejected")))
    assert [n.user_id for n in notices] == [community_inspector.id]
    assert db.session.scalar(select(func.count()).select_from(ResidentVerdict)) == 1
    # closed again: the resident judges the new fix
    reopened.state, reopened.closed_at = FindingState.CLOSED, utcnow()
    db.session.commit()
    assert followup.follow_up(report).can_judge


def test_photos_are_the_unstamped_thumbnails_of_that_fix_only(client, world):
    report = closed_report(world)
    state = followup.follow_up(report)
    assert len(state.photo_ids) == 1
    photo = client.get(f"/r/status/{report.receipt_code}/photos/{state.photo_ids[0]}")
    data = photo.get_data()
    photo.close()
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    image = Image.open(BytesIO(data))
    assert max(image.size) <= 320  # the thumbnail
    # where the display copy carries the stamp (who took it: a company person's name), the thumbnail is plain
    corner = image.getpixel((4, image.height - 4))
    assert all(abs(a - b) < 12 for a, b in zip(corner, (90, 140, 60), strict=True)), corner
    other = closed_report(world)
    assert client.get(f"/r/status/{other.receipt_code}/photos/{state.photo_ids[0]}").status_code == 404


def test_no_verdict_before_the_finding_is_closed(client, world):
    report = closed_report(world, photo=False)
    db.session.get(Finding, report.finding_id).state = FindingState.ORDERED
    db.session.commit()
    assert 'id="verdict-form"' not in client.get(f"/r/status/{report.receipt_code}").get_data(as_text=True)
    assert client.post(f"/r/status/{report.receipt_code}/verdict", data={"verdict": "confirm"}).status_code == 409
