"""Queued work of notifications: deliver one e-mail or SMS, retried with back-off until it arrives or gives up."""

from collections.abc import Callable

from flask import current_app
from flask_mailman import EmailMessage
from huey.exceptions import RetryTask

from inspect_app.core.db import db, utcnow
from inspect_app.core.queue import task
from inspect_app.notifications import sms
from inspect_app.notifications.models import Delivery, Notification
from inspect_app.notifications.rules import MAX_ATTEMPTS, DeliveryStatus, retry_delay


def _absolute(link: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + link if link.startswith("/") else link


def _send_email(delivery: Delivery, notification: Notification) -> None:
    EmailMessage(subject=notification.title,
                 body="\n\n".join(filter(None, [notification.body, _absolute(notification.link)])),
                 to=[delivery.address]).send()


def _send_sms(delivery: Delivery, notification: Notification) -> None:
    sms.provider().send(sms.message_for(delivery.address, notification.kind, title=notification.title,
                                        link=_absolute(notification.link)))


SENDERS: dict[str, Callable[[Delivery, Notification], None]] = {"email": _send_email, "sms": _send_sms}


def _deliver(delivery_id: int) -> str:
    """One attempt through the delivery's channel; a failure is recorded and retried, never dropped."""
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None or delivery.status == DeliveryStatus.SENT:
        return "nothing to do"
    delivery.attempts += 1
    try:
        SENDERS[delivery.channel](delivery, delivery.notification)
    except Exception as error:  # any failure of the mail server or SMS provider: recorded, retried
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        give_up = delivery.attempts >= MAX_ATTEMPTS
        delivery.status = DeliveryStatus.FAILED if give_up else DeliveryStatus.RETRYING
        db.session.commit()
        if give_up:
            return "failed"
        base = float(current_app.config.get("NOTIFY_RETRY_BASE_SECONDS", 30))
        raise RetryTask(delay=retry_delay(delivery.attempts, base)) from error
    delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, utcnow(), ""
    db.session.commit()
    return "sent"


@task()
def deliver_email(delivery_id: int) -> str:
    return _deliver(delivery_id)


@task()
def deliver_sms(delivery_id: int) -> str:
    return _deliver(delivery_id)


def enqueue(delivery: Delivery) -> None:
    """Queue the delivery on its channel's task (each channel its own task: a slow SMS provider is its own)."""
    (deliver_sms if delivery.channel == "sms" else deliver_email)(delivery.id)
