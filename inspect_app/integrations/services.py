"""Integrations' use cases: a token created (shown once), revoked, checked on each API call; webhook
subscriptions; the deliveries an event makes, queued once the use case that announced it commits."""

import json
import secrets
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from inspect_app.auth.models import User
from inspect_app.auth.services import find_area
from inspect_app.core import events
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role
from inspect_app.findings.models import Finding
from inspect_app.integrations import rules, tasks
from inspect_app.integrations.models import Integration, WebhookAttempt, WebhookDelivery, WebhookSubscription
from inspect_app.orders.models import RectificationOrder

# last_used_at is written at most this often per token: a busy integration does not write on every call.
LAST_USED_GRANULARITY = timedelta(minutes=1)
_PENDING = "integrations.pending_deliveries"


def create_integration(name: str, area: str, access: str, *, actor: User | None) -> tuple[Integration, str]:
    """The integration, its own disabled account in the area named, and the token (returned once, kept hashed)."""
    name = name.strip()
    if not name or len(name) > 50:
        raise DomainError(_("请填写名称（不超过 50 个字）"), field="name")
    if db.session.scalar(select(Integration.id).where(Integration.name == name)):
        raise DomainError(_("已有同名的对接系统"), field="name")
    if access not in tuple(rules.Access):
        raise DomainError(_("请选择权限"), field="access")
    subdistrict, community = find_area(area) if area.strip() else (None, None)
    account = User(username=f"integration-{secrets.token_hex(6)}", display_name=name, role=Role.INSPECTOR,
                   subdistrict=subdistrict, community=community, is_enabled=False, password_hash="!",
                   session_version=1)
    token = rules.new_token()
    integration = Integration(name=name, token_hash=rules.token_hash(token), token_hint=token[:10],
                              access=access, account=account, created_by_id=actor.id if actor else None)
    db.session.add_all([account, integration])
    db.session.commit()
    return integration, token


def revoke(integration: Integration) -> None:
    """Refused from the next request on (the token's hash is looked up on every call)."""
    if integration.revoked_at is None:
        integration.revoked_at = utcnow()
        db.session.commit()


def authenticate(token: str) -> Integration | None:
    """The live integration whose token this is (None: unknown or revoked); notes when it was last used."""
    if not token.startswith(rules.TOKEN_PREFIX) or len(token) > 100:
        return None
    integration = db.session.scalar(select(Integration).where(Integration.token_hash == rules.token_hash(token),
                                                              Integration.revoked_at.is_(None)))
    if integration is None:
        return None
    now = utcnow()
    if integration.last_used_at is None or now - integration.last_used_at >= LAST_USED_GRANULARITY:
        integration.last_used_at = now
        db.session.commit()
    return integration


def integrations() -> list[Integration]:
    return list(db.session.scalars(select(Integration).order_by(Integration.revoked_at.is_not(None),
                                                                Integration.name)))


def get_integration(integration_id: int) -> Integration | None:
    return db.session.get(Integration, integration_id)


# --- Webhooks -----------------------------------------------------------------------------------------

def subscribe(integration: Integration, url: str, chosen: list[str]) -> tuple[WebhookSubscription, str]:
    """A subscription with a new secret (returned once to give to the receiver)."""
    url = url.strip()
    if not rules.is_web_url(url):
        raise DomainError(_("请填写以 http:// 或 https:// 开头的地址"), field="url")
    chosen = [name for name in events.EVENTS if name in chosen]
    if not chosen:
        raise DomainError(_("请至少选择一个事件"), field="events")
    secret = rules.new_secret()
    subscription = WebhookSubscription(integration=integration, url=url, secret=secret, events=chosen)
    db.session.add(subscription)
    db.session.commit()
    return subscription, secret


def subscriptions(integration: Integration) -> list[WebhookSubscription]:
    return list(db.session.scalars(select(WebhookSubscription).where(
        WebhookSubscription.integration_id == integration.id).order_by(WebhookSubscription.id)))


def unsubscribe(subscription: WebhookSubscription) -> None:
    subscription.is_active = False
    db.session.commit()


def _visible(account: User, subject: Any) -> bool:
    model = type(subject)
    return bool(db.session.scalar(select(model.id).where(model.id == subject.id, model.visible_to(account))))


def _payload(event_name: str, subject: Any, details: dict[str, Any]) -> dict[str, Any]:
    if isinstance(subject, RectificationOrder):
        data = {"id": subject.id, "number": subject.number, "state": subject.state,
                "neighborhood_id": subject.neighborhood_id, "company_id": subject.company_id,
                "deadline": subject.deadline.isoformat() if subject.deadline else None}
    else:
        data = {"id": subject.id, "title": subject.title, "state": subject.state,
                "external_ref": subject.external_ref, "neighborhood_id": subject.neighborhood_id,
                "company_id": subject.company_id, "deadline": subject.deadline.isoformat() if subject.deadline
                else None, "from_state": details.get("from_state")}
    kind = "order" if isinstance(subject, RectificationOrder) else "finding"
    return {"event": event_name, "occurred_at": utcnow().isoformat(timespec="seconds"), kind: data}


def on_event(subject: Finding | RectificationOrder, *, event: str, **details: Any) -> None:
    """A delivery for each live subscription to this event whose integration's area holds the subject; added to
    the announcer's session and queued after its commit."""
    db.session.flush()  # the subject's id and state as the use case leaves them
    stmt = (select(WebhookSubscription).join(Integration)
            .where(WebhookSubscription.is_active, Integration.revoked_at.is_(None)))
    for subscription in db.session.scalars(stmt):
        if event not in subscription.events or not _visible(subscription.integration.account, subject):
            continue
        body = json.dumps(_payload(event, subject, details), ensure_ascii=False, sort_keys=True)
        delivery = WebhookDelivery(subscription=subscription, event=event, body=body)
        db.session.add(delivery)
        db.session.info.setdefault(_PENDING, []).append(delivery)


def _collect(session: Session) -> None:
    pending = session.info.get(_PENDING)
    if pending:
        session.flush()
        session.info[_PENDING + ".ids"] = [d.id for d in pending]
        session.info[_PENDING] = []


def _enqueue(session: Session) -> None:
    for delivery_id in session.info.pop(_PENDING + ".ids", []):
        tasks.deliver_webhook(delivery_id)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_PENDING + ".ids", None)


def register() -> None:
    """Listen for the events, and queue deliveries only once what made them is committed."""
    for name in events.EVENTS:
        events.listen(name, on_event)
    for hook, fn in (("before_commit", _collect), ("after_commit", _enqueue), ("after_rollback", _forget)):
        if not event.contains(Session, hook, fn):
            event.listen(Session, hook, fn)


def deliveries(limit: int = 50) -> list[WebhookDelivery]:
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)))


def attempts_of(shown: list[WebhookDelivery]) -> dict[int, list[WebhookAttempt]]:
    ids = [d.id for d in shown]
    found: dict[int, list[WebhookAttempt]] = {i: [] for i in ids}
    for attempt in db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(ids))
                                      .order_by(WebhookAttempt.id)):
        found[attempt.delivery_id].append(attempt)
    return found
