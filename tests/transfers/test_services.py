"""Transfers without HTTP: the move and its record, the department's e-mail, replies, departments, the record."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from inspect_app.assessment import services as assessment
from inspect_app.assessment.queries import period_data
from inspect_app.assessment.rules import quarter_code
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.time import local_today
from inspect_app.findings import ledger
from inspect_app.findings.rules import FindingState
from inspect_app.findings.services import timeline
from inspect_app.notifications.models import Delivery, Notification
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders import services as orders
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import Photo
from inspect_app.transfers import links, services
from inspect_app.transfers.models import Transfer
from inspect_app.transfers.rules import DepartmentInput, TransferState
from tests import factories
from tests.findings.helpers import jpeg
from tests.transfers.helpers import MONDAY, department, transferred


def _reply(transfer, answer="done", text="管道已抢修完毕", files=()):
    return services.reply(transfer, answer=answer, text=text, photos=PhotoUpload(files=list(files)),
                          today=date(2026, 11, 12))


def test_a_transfer_moves_the_finding_records_it_and_emails_the_department(world):
    transfer = transferred(world)
    finding = transfer.finding
    assert finding.state == FindingState.TRANSFERRED and transfer.state == TransferState.PENDING
    assert transfer.deadline == date(2026, 11, 16) and transfer.deadline_workdays == 10  # 10 working days
    [*_, change] = timeline(finding)
    assert (change.from_state, change.to_state, change.actor_id) == ("open", "transferred", world.inspector.id)
    assert "区住建局" in change.note and "2026-11-16" in change.note
    [mail] = db.session.scalars(select(Notification).where(Notification.user_id.is_(None))).all()
    assert mail.kind == NotificationKind.TRANSFER and mail.link == links.reply_path(transfer.id)
    [delivery] = mail.deliveries
    assert delivery.channel == "email" and delivery.address == "zhujian@example.gov.cn"


def test_the_same_transfer_sent_twice_is_one(world):
    first = transferred(world)
    again = services.transfer_finding(first.finding, actor=world.inspector, department_id=first.department_id,
                                      workdays=10, note="", today=MONDAY)
    assert again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(Transfer)) == 1
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 1


def test_what_is_refused_is_named_per_field(world):
    finding = factories.finding(world.neighborhood_a)
    with pytest.raises(services.FormErrors) as refused:
        services.transfer_finding(finding, actor=world.inspector, department_id=None, workdays=0, note="",
                                  today=MONDAY)
    assert set(refused.value.errors) == {"department_id", "workdays"}
    stopped = department(world, "区城管局", "cg@example.cn")
    services.set_enabled(stopped, False, actor=world.admin)
    with pytest.raises(services.FormErrors, match="请选择转办部门"):
        services.transfer_finding(finding, actor=world.inspector, department_id=stopped.id, workdays=5, note="",
                                  today=MONDAY)
    assert finding.state == FindingState.OPEN


def test_a_company_may_not_transfer_and_a_finding_on_a_draft_or_an_order_is_not_transferred(world):
    finding = factories.finding(world.neighborhood_a)
    to = department(world)
    with pytest.raises(DomainError) as refused:
        services.transfer_finding(finding, actor=world.company_user_a, department_id=to.id, workdays=5, note="",
                                  today=MONDAY)
    assert refused.value.status == 403
    draft = orders.draft_order(world.neighborhood_a, [finding.id], actor=world.inspector)
    with pytest.raises(DomainError, match="草稿") as on_draft:  # still open, but about to go to the company
        services.transfer_finding(finding, actor=world.inspector, department_id=to.id, workdays=5, note="",
                                  today=MONDAY)
    assert on_draft.value.status == 409
    orders.issue_order(draft, actor=world.inspector)
    with pytest.raises(DomainError) as conflict:
        services.transfer_finding(finding, actor=world.inspector, department_id=to.id, workdays=5, note="",
                                  today=MONDAY)
    assert conflict.value.status == 409 and db.session.scalar(select(Transfer.id)) is None


def test_done_closes_the_finding_with_the_reply_and_its_photos_and_tells_the_staff(world):
    transfer = transferred(world)
    _reply(transfer, files=[FileStorage(BytesIO(jpeg()), "after.jpg", content_type="image/jpeg")])
    finding = transfer.finding
    assert transfer.state == TransferState.DONE and transfer.reply_text == "管道已抢修完毕"
    assert finding.state == FindingState.CLOSED and finding.closed_at is not None
    [*_, change] = timeline(finding)
    assert change.actor_id is None and "区住建局" in change.note and "管道已抢修完毕" in change.note
    [photo] = db.session.scalars(select(Photo).where(Photo.finding_id == finding.id)).all()
    assert photo.kind == "after" and photo.uploaded_by_id is None
    told = {n.user_id for n in db.session.scalars(select(Notification).where(
        Notification.kind == NotificationKind.TRANSFER_REPLIED))}
    assert told == {world.inspector.id, world.supervisor.id}


def test_return_reopens_it_with_the_reason_and_the_days_away_given_back(world):
    transfer = transferred(world)  # the finding's own deadline 2026-11-09, transferred 11-02
    _reply(transfer, answer="return", text="属物业公司维修范围")  # returned on 11-12: ten days away
    finding = transfer.finding
    assert transfer.state == TransferState.RETURNED and finding.state == FindingState.OPEN
    assert finding.deadline == date(2026, 11, 19)
    [*_, change] = timeline(finding)
    assert (change.from_state, change.to_state) == ("transferred", "open") and "属物业公司维修范围" in change.note


def test_a_reply_sent_twice_is_taken_once_and_a_different_second_reply_is_refused(world):
    transfer = transferred(world)
    _reply(transfer)
    _reply(transfer)  # the same reply again (a double submit)
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.kind == NotificationKind.TRANSFER_REPLIED)) == 2  # inspector and supervisor, once each
    with pytest.raises(DomainError) as refused:
        _reply(transfer, answer="return", text="不归我们")
    assert refused.value.status == 409 and transfer.finding.state == FindingState.CLOSED


def test_a_reply_needs_its_words(world):
    transfer = transferred(world)
    with pytest.raises(DomainError, match="退回的原因") as refused:
        _reply(transfer, answer="return", text="")
    assert refused.value.field == "text"
    with pytest.raises(DomainError) as unknown:
        _reply(transfer, answer="maybe")
    assert unknown.value.field == "reply" and transfer.is_pending


def test_a_transferred_finding_is_not_the_company_s_overdue_nor_its_closure(world):
    late = local_today() - timedelta(days=5)
    factories.finding(world.neighborhood_a, title="楼道堆物", deadline=late)  # the company's, overdue
    away = transferred(world, finding=factories.finding(world.neighborhood_a, title="供暖管道", deadline=late))
    closed = transferred(world, finding=factories.finding(world.neighborhood_a, title="路灯", deadline=late),
                         to=department(world, "区城管局", "cg@example.cn"))
    _reply(closed)
    assert away.finding.is_overdue(local_today()) is False
    counts = ledger.tile_counts(ledger.LedgerFilters(), world.supervisor, local_today(), keys=("overdue",))
    assert counts["overdue"] == 1
    period = assessment.create_period(quarter_code(local_today()), actor=world.admin)
    data = period_data(period, utcnow())[world.company_a.id]
    assert (data.overdue, data.closed) == (1, 0)


def test_departments_are_checked_and_named_once(world):
    department(world)
    with pytest.raises(services.FormErrors) as refused:
        services.save_department(None, DepartmentInput("区住建局", "", "bad", "电话"), actor=world.admin)
    assert set(refused.value.errors) == {"name", "email", "phone"}
    with pytest.raises(DomainError) as forbidden:
        services.save_department(None, DepartmentInput("供热公司", "", "gr@example.cn", ""), actor=world.supervisor)
    assert forbidden.value.status == 403
    assert [d.name for d in services.departments(enabled_only=True)] == ["区住建局"]
