"""The department's link without an account: the right token shows the finding (no resident's data), a wrong one
404s, a reply is taken once however often it is sent."""

from io import BytesIO

from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.findings.rules import FindingState
from inspect_app.notifications.models import Notification
from inspect_app.notifications.rules import NotificationKind
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.transfers import links
from inspect_app.transfers.rules import TransferState
from tests.findings.helpers import jpeg
from tests.transfers.helpers import transferred


def _url(transfer) -> str:
    return links.reply_path(transfer.id)


def test_the_link_shows_the_finding_and_its_photos_but_no_resident_s(client, world):
    transfer = transferred(world)
    evidence = store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=world.inspector, watermark_lines=["t"],
                           finding_id=transfer.finding_id)
    report = ResidentReport(receipt_code="R-TEST-1", neighborhood_id=world.neighborhood_a.id, category_code="H",
                            description="x", contact_phone="13800001234")
    db.session.add(report)
    db.session.commit()
    residents = store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=None, watermark_lines=["r"],
                            finding_id=transfer.finding_id, resident_report_id=report.id)
    response = client.get(_url(transfer))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "供暖管道漏水" in page and "2026-11-16" in page and "提交答复" in page
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert f"/photos/{evidence.id}/thumb" in page and f"/photos/{residents.id}/" not in page
    assert "13800001234" not in page
    shown = client.get(f"{_url(transfer)}/photos/{evidence.id}/display")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    shown.close()
    assert client.get(f"{_url(transfer)}/photos/{residents.id}/display").status_code == 404


def test_a_wrong_or_foreign_token_is_404(client, world):
    transfer = transferred(world)
    other = transferred(world, to=transfer.department)
    assert client.get(f"/t/{transfer.id}/{'0' * links.TOKEN_LENGTH}").status_code == 404
    assert client.get(f"/t/{transfer.id}/{links.reply_token(other.id)}").status_code == 404
    assert client.get(f"/t/{transfer.id}/short").status_code == 404
    assert client.post(f"/t/{transfer.id}/{'0' * links.TOKEN_LENGTH}",
                       data={"reply": "done", "text": "ok"}).status_code == 404
    assert transfer.state == TransferState.PENDING


def test_done_with_a_photo_then_the_same_reply_again_is_taken_once(client, world):
    transfer = transferred(world)
    data = {"reply": "done", "text": "已抢修完毕", "client_key": "k" * 32}
    first = client.post(_url(transfer), data=data | {"photos": (BytesIO(jpeg()), "after.jpg")},
                        content_type="multipart/form-data")
    assert first.status_code == 200 and "已收到贵单位的答复" in first.get_data(as_text=True)
    again = client.post(_url(transfer), data=data | {"photos": (BytesIO(jpeg()), "after.jpg")},
                        content_type="multipart/form-data")
    assert again.status_code == 200 and "已抢修完毕" in again.get_data(as_text=True)
    db.session.refresh(transfer)
    assert transfer.state == TransferState.DONE and transfer.finding.state == FindingState.CLOSED
    assert db.session.scalar(select(func.count()).select_from(Photo).where(Photo.kind == PhotoKind.AFTER)) == 1
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.kind == NotificationKind.TRANSFER_REPLIED, Notification.user_id == world.inspector.id)) == 1
    later = client.post(_url(transfer), data={"reply": "return", "text": "不属本单位"})
    assert later.status_code == 409 and "已经答复" in later.get_data(as_text=True)


def test_a_return_without_a_reason_keeps_the_form(client, world):
    transfer = transferred(world)
    response = client.post(_url(transfer), data={"reply": "return", "text": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "请写明退回的原因" in page and 'value="return" checked' in page
    ok = client.post(_url(transfer), data={"reply": "return", "text": "属物业公司维修范围"})
    assert ok.status_code == 200
    db.session.refresh(transfer)
    assert transfer.finding.state == FindingState.OPEN
