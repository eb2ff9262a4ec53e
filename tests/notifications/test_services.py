"""Notifications without HTTP: one entry per event and account, e-mail through the queue, retries, preferences."""

import pytest
from sqlalchemy import func, select

from inspect_app.core import queue
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.notifications import services
from inspect_app.notifications.models import Delivery, Notification
from inspect_app.notifications.rules import DeliveryStatus, NotificationKind, retry_delay
from tests.notifications.smtp import SmtpServer
from tests.orders.helpers import issued_order


@pytest.fixture
def smtp(app):
    server = SmtpServer().start()
    app.config["MAIL_PORT"] = app.extensions["mailman"].port = server.port
    yield server
    server.stop()


def test_issuing_an_order_puts_one_entry_in_the_company_inbox(world):
    order = issued_order(world)
    [entry] = db.session.scalars(select(Notification)).all()
    assert entry.user_id == world.company_user_a.id and entry.kind == NotificationKind.ORDER_ISSUED
    assert order.number in entry.title and entry.link == f"/orders/{order.id}"
    assert services.unread_count(world.company_user_a) == 1 and services.unread_count(world.company_user_b) == 0


def test_the_same_event_twice_is_one_entry(world):
    for _ in range(2):
        services.notify([world.inspector, world.inspector], NotificationKind.OVERDUE, key="overdue:1:2026-12-02",
                        title="逾期")
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1


def test_a_disabled_account_is_not_notified(world):
    world.inspector.is_enabled = False
    assert services.notify([world.inspector], NotificationKind.OVERDUE, key="k", title="t") == []


def test_email_is_queued_and_delivered_by_the_queue(world, smtp):
    services.save_setting(world.company_user_a, email="jiuzhou@example.cn", email_enabled=True)
    order = issued_order(world)
    delivery = db.session.scalars(select(Delivery)).one()
    assert delivery.status == DeliveryStatus.QUEUED and smtp.inbox.messages == []  # not sent inside the request
    assert queue.drain() == 1
    [message] = smtp.inbox.messages
    assert message["To"] == "jiuzhou@example.cn" and order.number in message["Subject"]
    assert f"/orders/{order.id}" in message.get_content()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1


def test_a_failing_server_leaves_the_mail_queued_and_retried_until_it_returns(app, world, smtp):
    app.config["NOTIFY_RETRY_BASE_SECONDS"] = 0
    smtp.stop()
    services.save_setting(world.inspector, email="xiaowang@example.cn", email_enabled=True)
    services.notify([world.inspector], NotificationKind.FIX_REPORTED, key="fix:1", title="整改已报告")
    queue.drain(limit=3)
    delivery = db.session.scalars(select(Delivery)).one()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 3 and delivery.last_error
    assert services.troubled_deliveries() == [delivery]
    smtp.start()
    queue.drain()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.SENT and len(smtp.inbox.messages) == 1


def test_back_off_grows_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(20) == 3600


def test_no_email_without_an_address_or_when_turned_off(world, smtp):
    services.save_setting(world.company_user_a, email="jiuzhou@example.cn", email_enabled=False)
    issued_order(world)
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 0
    with pytest.raises(DomainError, match="邮箱格式"):
        services.save_setting(world.company_user_a, email="not an address", email_enabled=True)


def test_inbox_is_its_owner_alone_and_marks_read(world):
    services.notify([world.inspector], NotificationKind.OVERDUE, key="a", title="一")
    services.notify([world.supervisor], NotificationKind.OVERDUE, key="a", title="二")
    [mine], _ = services.inbox(world.inspector)
    with pytest.raises(DomainError):
        services.mark_read(world.supervisor, mine.id)
    services.mark_read(world.inspector, mine.id)
    assert services.unread_count(world.inspector) == 0 and services.unread_count(world.supervisor) == 1
    assert services.mark_all_read(world.supervisor) == 1
