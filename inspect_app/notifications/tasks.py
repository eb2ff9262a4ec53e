"""Queued work of notifications: deliver one e-mail, retried with back-off until it arrives or gives up."""

from flask import current_app
from flask_mailman import EmailMessage
from huey.exceptions import RetryTask

from inspect_app.core.db import db, utcnow
from inspect_app.core.queue import task
from inspect_app.notifications.models import Delivery
from inspect_app.notifications.rules import MAX_ATTEMPTS, DeliveryStatus, retry_delay


@task()
def deliver_email(delivery_id: int) -> str:
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None or delivery.status == DeliveryStatus.SENT:
        return "nothing to do"
    notification = delivery.notification
    link = notification.link
    if link.startswith("/"):
        link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + link
    message = EmailMessage(subject=notification.title, body="\n\n".join(filter(None, [notification.body, link])),
                           to=[delivery.address])
    delivery.attempts += 1
    try:
        message.send()
    except Exception as error:  # any failure of the mail server: recorded, retried, never dropped
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
