"""Every order event tells whom it concerns, once: acknowledged, fix reported, follow-up due, sent back."""

from datetime import timedelta

from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.core.time import local_today
from inspect_app.notifications.models import Notification
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders import followup, services
from inspect_app.places import services as places
from inspect_app.resident_reports import services as resident
from inspect_app.resident_reports.forms import ReportInput
from inspect_app.resident_reports.rules import OTHER_CATEGORY
from tests import factories
from tests.orders.helpers import followed_up, issued_order, reported_order


def entries(kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind).order_by(Notification.id)))


def recipients(kind: str) -> set[int]:
    return {entry.user_id for entry in entries(kind)}


def elsewhere_staff(world):
    """An inspector of another community, whose area does not hold the world's neighbourhoods."""
    other = places.ensure_community(world.neighborhood_a.community.subdistrict, "别处社区")
    staff = factories.user("inspector_elsewhere", Role.INSPECTOR)
    staff.community_id = other.id
    db.session.commit()
    return staff


def test_acknowledging_tells_the_staff_of_the_area_once(world):
    outsider = elsewhere_staff(world)
    order = issued_order(world)
    for _ in range(2):  # 签收 is harmless to repeat
        services.acknowledge(order, actor=world.company_user_a)
    [first, second] = entries(NotificationKind.ORDER_ACKNOWLEDGED)
    assert {first.user_id, second.user_id} == {world.inspector.id, world.supervisor.id}
    assert outsider.id not in recipients(NotificationKind.ORDER_ACKNOWLEDGED)
    assert order.number in first.title and first.link == f"/orders/{order.id}"
    assert world.company_a.name in first.body


def test_each_report_tells_the_staff_and_the_last_one_makes_the_follow_up_due(world):
    order = issued_order(world, n=2)
    services.acknowledge(order, actor=world.company_user_a)
    first, second = order.lines
    services.report_fix(order, first.finding, actor=world.company_user_a, note="已清理", client_key="k1")
    assert len(entries(NotificationKind.FIX_REPORTED)) == 2  # inspector and supervisor
    assert entries(NotificationKind.FOLLOW_UP_DUE) == []  # one finding still unreported
    services.report_fix(order, first.finding, actor=world.company_user_a, note="已清理", client_key="k1")  # replay
    assert len(entries(NotificationKind.FIX_REPORTED)) == 2
    services.report_fix(order, second.finding, actor=world.company_user_a, note="已修好")
    reported = entries(NotificationKind.FIX_REPORTED)
    assert len(reported) == 4 and "已修好" in reported[-1].body
    due = entries(NotificationKind.FOLLOW_UP_DUE)
    assert {e.user_id for e in due} == {world.inspector.id, world.supervisor.id}
    assert due[0].link == f"/orders/{order.id}/follow-up" and order.number in due[0].title


def test_sending_back_tells_the_company_and_a_second_send_back_tells_it_again(world):
    order = reported_order(world, n=1)
    followed_up(world, order, ["failed"])
    finding = order.lines[0].finding
    deadline = local_today() + timedelta(days=5)
    followup.send_back(order, finding, actor=world.supervisor, deadline=deadline)
    [entry] = entries(NotificationKind.SENT_BACK)
    assert entry.user_id == world.company_user_a.id and str(deadline) in entry.body
    assert world.company_user_b.id not in recipients(NotificationKind.SENT_BACK)
    # reported again, failed again, sent back again: a new event, a new entry; and a new follow-up due
    services.report_fix(order, finding, actor=world.company_user_a, note="再次整改")
    assert len(entries(NotificationKind.FOLLOW_UP_DUE)) == 4
    followed_up(world, order, ["failed"])
    followup.send_back(order, finding, actor=world.supervisor, deadline=deadline + timedelta(days=3))
    assert len(entries(NotificationKind.SENT_BACK)) == 2


def test_a_resident_report_tells_the_staff_of_its_community_once(world):
    outsider = elsewhere_staff(world)
    data = ReportInput(OTHER_CATEGORY, "楼道灯坏了三天", "3号楼", "13800000000", "resident-key")
    report = resident.submit_report(data, [], neighborhood=world.neighborhood_a)
    assert resident.submit_report(data, [], neighborhood=world.neighborhood_a).id == report.id  # replayed
    got = entries(NotificationKind.RESIDENT_REPORT)
    assert {e.user_id for e in got} == {world.inspector.id, world.supervisor.id} and len(got) == 2
    assert outsider.id not in {e.user_id for e in got}
    assert got[0].link == f"/reports/{report.id}" and report.receipt_code in got[0].body
    assert world.neighborhood_a.name in got[0].title
    assert "13800000000" not in got[0].title + got[0].body  # a resident's phone is not passed around
