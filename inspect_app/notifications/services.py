"""Notify accounts of an event (inbox, queued e-mail and SMS), read an inbox, keep preferences, list failures."""

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from inspect_app.auth.models import User
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Account, Role
from inspect_app.notifications import tasks
from inspect_app.notifications.models import Delivery, Notification, NotificationSetting
from inspect_app.notifications.rules import DeliveryStatus, NotificationKind

PAGE_SIZE = 30


def notify(users: Iterable[User], kind: NotificationKind, *, key: str, title: str, body: str = "",
           link: str = "") -> list[Notification]:
    """One inbox entry per account for this event (an event key already sent to an account is skipped, so a job
    run twice does no harm), and its e-mail queued where the account wants one. Commits."""
    created: list[Notification] = []
    deliveries: list[Delivery] = []
    for user in {u.id: u for u in users if u.is_enabled}.values():
        if db.session.scalar(select(Notification.id).where(Notification.user_id == user.id,
                                                           Notification.event_key == key)):
            continue
        try:
            with db.session.begin_nested():
                notification = Notification(user_id=user.id, kind=kind, event_key=key[:120], title=title[:200],
                                            body=body, link=link[:300])
                db.session.add(notification)
                for channel, address in _channels(user, db.session.get(NotificationSetting, user.id)):
                    delivery = Delivery(notification=notification, channel=channel, address=address,
                                        status=DeliveryStatus.QUEUED)
                    db.session.add(delivery)
                    deliveries.append(delivery)
        except IntegrityError:  # the same event, sent by a concurrent run a moment ago
            continue
        created.append(notification)
    db.session.commit()
    for delivery in deliveries:
        tasks.enqueue(delivery)
    return created


def notify_address(email: str, kind: NotificationKind, *, key: str, title: str, body: str = "",
                   link: str = "") -> Notification | None:
    """The same event for an outside address without an account (a department): no inbox, one e-mail through the
    same queue, logged and retried like every delivery; a key already sent to no account is skipped. Commits."""
    if db.session.scalar(select(Notification.id).where(Notification.user_id.is_(None),
                                                       Notification.event_key == key[:120])):
        return None
    try:
        with db.session.begin_nested():
            notification = Notification(user_id=None, kind=kind, event_key=key[:120], title=title[:200], body=body,
                                        link=link[:300])
            delivery = Delivery(notification=notification, channel="email", address=email[:200],
                                status=DeliveryStatus.QUEUED)
            db.session.add_all([notification, delivery])
    except IntegrityError:  # sent by a concurrent run a moment ago
        db.session.commit()
        return None
    db.session.commit()
    tasks.enqueue(delivery)
    return notification


def _channels(user: User, setting: NotificationSetting | None) -> list[tuple[str, str]]:
    """Where beyond the inbox this account wants its notifications: (channel, address)."""
    if setting is None:
        return []
    channels = []
    if setting.email_enabled and setting.email:
        channels.append(("email", setting.email))
    phone = (user.phone or "").strip()
    if setting.sms_enabled and phone:
        channels.append(("sms", phone))
    return channels


def company_accounts(company_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.company_id == company_id, User.role == Role.COMPANY)))


def unread_count(user: Account) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.visible_to(user), Notification.read_at.is_(None))) or 0


def inbox(user: Account, *, page: int = 1) -> tuple[list[Notification], bool]:
    """Newest first, a page at a time; whether there are more."""
    rows = db.session.scalars(select(Notification).where(Notification.visible_to(user))
                              .order_by(Notification.created_at.desc(), Notification.id.desc())
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return list(rows[:PAGE_SIZE]), len(rows) > PAGE_SIZE


def mark_read(user: Account, notification_id: int) -> Notification:
    notification = db.session.scalar(select(Notification).where(Notification.id == notification_id,
                                                                Notification.visible_to(user)))
    if notification is None:
        raise DomainError(_("找不到这条消息"), status=404)
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification


def mark_all_read(user: Account) -> int:
    result = db.session.execute(update(Notification).where(Notification.visible_to(user),
                                                           Notification.read_at.is_(None))
                                .values(read_at=utcnow()))
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def setting_for(user: Account) -> NotificationSetting:
    return db.session.get(NotificationSetting, user.id) or NotificationSetting(user_id=user.id, email="",
                                                                               email_enabled=True, sms_enabled=False)


def save_setting(user: Account, *, email: str, email_enabled: bool,
                 sms_enabled: bool = False) -> NotificationSetting:
    email = email.strip()
    if email and ("@" not in email or len(email) > 200 or " " in email):
        raise DomainError(_("电子邮箱格式不对"), field="email")
    setting = setting_for(user)
    setting.email, setting.email_enabled, setting.sms_enabled = email, email_enabled, sms_enabled
    db.session.add(setting)
    db.session.commit()
    return setting


def troubled_deliveries(limit: int = 100) -> list[Delivery]:
    """Deliveries being retried or given up: the admin's to see (nothing is dropped silently)."""
    return list(db.session.scalars(
        select(Delivery).where(Delivery.status.in_([DeliveryStatus.RETRYING, DeliveryStatus.FAILED]))
        .order_by(Delivery.created_at.desc()).limit(limit)))


def retry_delivery(delivery_id: int) -> None:
    """The admin sends a given-up delivery again."""
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None:
        raise DomainError(_("找不到该投递记录"), status=404)
    delivery.status, delivery.attempts = DeliveryStatus.QUEUED, 0
    db.session.commit()
    tasks.enqueue(delivery)
