"""Queued work of integrations: post one webhook delivery, signed, retried with back-off; every attempt logged."""

import time
import urllib.error
import urllib.request

from flask import current_app
from huey.exceptions import RetryTask

from inspect_app.core.db import db, utcnow
from inspect_app.core.queue import task
from inspect_app.integrations import rules
from inspect_app.integrations.models import WebhookAttempt, WebhookDelivery

TIMEOUT_SECONDS = 10


def _post(delivery: WebhookDelivery) -> int:
    body = delivery.body.encode("utf-8")
    request = urllib.request.Request(delivery.subscription.url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "inspect_app-webhooks/1",
        "X-Inspect-Event": delivery.event, "X-Inspect-Delivery": str(delivery.id),
        rules.SIGNATURE_HEADER: rules.signature(body, delivery.subscription.secret)})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - the admin's URL
        return int(response.status)


def _attempt(delivery_id: int) -> str:
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status in (rules.DeliveryStatus.DELIVERED, rules.DeliveryStatus.FAILED):
        return "nothing to do"
    delivery.attempts += 1
    started = time.monotonic()
    status: int | None = None
    error = ""
    try:
        status = _post(delivery)
    except urllib.error.HTTPError as failure:
        status, error = failure.code, f"HTTP {failure.code}"
    except Exception as failure:  # unreachable, timed out, refused: recorded and retried
        error = f"{type(failure).__name__}: {failure}"[:2000]
    took = int((time.monotonic() - started) * 1000)
    db.session.add(WebhookAttempt(delivery_id=delivery.id, status_code=status, error=error, duration_ms=took))
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at = rules.DeliveryStatus.DELIVERED, utcnow()
        db.session.commit()
        return "delivered"
    give_up = delivery.attempts >= rules.MAX_ATTEMPTS
    delivery.status = rules.DeliveryStatus.FAILED if give_up else rules.DeliveryStatus.RETRYING
    db.session.commit()
    if give_up:
        return "failed"
    base = float(current_app.config.get("WEBHOOK_RETRY_BASE_SECONDS", 30))
    raise RetryTask(delay=rules.retry_delay(delivery.attempts, base))


@task()
def deliver_webhook(delivery_id: int) -> str:
    return _attempt(delivery_id)
