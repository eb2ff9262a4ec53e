"""SMS of notifications: the provider interface, the recording provider, the queue's retries, the preference."""

import pytest
from flask import Flask
from sqlalchemy import func, select

from inspect_app.core import queue
from inspect_app.core.db import db
from inspect_app.notifications import services, sms
from inspect_app.notifications.models import Delivery
from inspect_app.notifications.rules import MAX_ATTEMPTS, DeliveryStatus, NotificationKind
from tests.orders.helpers import issued_order


@pytest.fixture
def recorder(app) -> sms.RecordingProvider:
    provider = app.extensions[sms.EXTENSION]
    assert isinstance(provider, sms.RecordingProvider)  # SMS_PROVIDER = "recording" is the default
    return provider


def wants_sms(user, phone: str | None = "13912345678") -> None:
    user.phone = phone
    services.save_setting(user, email="", email_enabled=False, sms_enabled=True)


def test_an_issued_order_is_texted_through_the_queue_with_a_template_and_its_parameters(app, world, recorder):
    app.config["SMS_TEMPLATES"] = {NotificationKind.ORDER_ISSUED: "SMS_480000001"}
    wants_sms(world.company_user_a)
    order = issued_order(world)
    delivery = db.session.scalars(select(Delivery)).one()
    assert (delivery.channel, delivery.address, delivery.status) == ("sms", "13912345678", DeliveryStatus.QUEUED)
    assert recorder.sent == []  # not sent inside the request
    assert queue.drain() == 1
    [message] = recorder.sent
    assert message.phone == "13912345678" and message.template_code == "SMS_480000001"
    assert order.number in message.params["title"] and len(message.params["title"]) <= sms.MAX_PARAM_LENGTH
    assert message.params["link"].endswith(f"/orders/{order.id}") and message.params["link"].startswith("http")
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1 and delivery.sent_at is not None


def test_kinds_without_their_own_template_use_the_default_one(app, world, recorder):
    wants_sms(world.inspector)
    services.notify([world.inspector], NotificationKind.OVERDUE, key="overdue:9", title="整改逾期：X", link="/orders/9")
    queue.drain()
    assert [m.template_code for m in recorder.sent] == [app.config["SMS_TEMPLATE_DEFAULT"]]


def test_no_sms_without_a_phone_or_when_turned_off(world, recorder):
    wants_sms(world.company_user_a, phone=None)
    world.company_user_b.phone = "13800000001"
    services.save_setting(world.company_user_b, email="", email_enabled=False, sms_enabled=False)
    issued_order(world)
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 0
    assert services.setting_for(world.supervisor).sms_enabled is False  # off until the account turns it on


def test_email_and_sms_are_two_deliveries_of_one_entry(world, recorder):
    world.inspector.phone = "13912345678"
    services.save_setting(world.inspector, email="xw@example.cn", email_enabled=True, sms_enabled=True)
    [entry] = services.notify([world.inspector], NotificationKind.FIX_REPORTED, key="fix:1", title="整改已反馈")
    assert sorted(d.channel for d in entry.deliveries) == ["email", "sms"]


def test_a_failing_provider_is_retried_with_back_off_until_it_recovers(app, world, recorder):
    app.config["NOTIFY_RETRY_BASE_SECONDS"] = 0
    recorder.fail_with = "isv.BUSINESS_LIMIT_CONTROL"
    wants_sms(world.inspector)
    services.notify([world.inspector], NotificationKind.FIX_REPORTED, key="fix:1", title="整改已反馈")
    queue.drain(limit=3)
    delivery = db.session.scalars(select(Delivery)).one()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 3
    assert "BUSINESS_LIMIT_CONTROL" in delivery.last_error and services.troubled_deliveries() == [delivery]
    recorder.fail_with = None
    queue.drain()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.SENT and len(recorder.sent) == 1 and delivery.last_error == ""


def test_a_provider_down_for_good_gives_up_listed_then_the_admin_resends(app, world, recorder):
    app.config["NOTIFY_RETRY_BASE_SECONDS"] = 0
    recorder.fail_with = "timeout"
    wants_sms(world.inspector)
    services.notify([world.inspector], NotificationKind.OVERDUE, key="overdue:1", title="整改逾期")
    queue.drain()
    delivery = db.session.scalars(select(Delivery)).one()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert services.troubled_deliveries() == [delivery] and recorder.sent == []
    recorder.fail_with = None
    services.retry_delivery(delivery.id)
    assert queue.drain() == 1
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.SENT and [m.phone for m in recorder.sent] == ["13912345678"]


def test_an_unknown_provider_is_refused_and_a_registered_one_is_used():
    app = Flask("sms-test")
    app.config.update(SMS_PROVIDER="nosuch")
    with pytest.raises(ValueError, match="SMS_PROVIDER"):
        sms.init_app(app)

    class Gateway(sms.RecordingProvider):
        pass

    sms.register("gateway", lambda config: Gateway())
    app.config["SMS_PROVIDER"] = "gateway"
    sms.init_app(app)
    assert isinstance(app.extensions[sms.EXTENSION], Gateway)
