"""What an order's events tell whom: acknowledged, fix reported, follow-up due (to the area's staff), sent back
(to the company). Each has its key, so a replayed request or a job run twice tells nobody twice."""

from flask_babel import gettext as _

from inspect_app.auth.services import staff_for
from inspect_app.findings.models import Finding
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.orders.rules import OrderState


def _link(order: RectificationOrder) -> str:
    return f"/orders/{order.id}"


def acknowledged(order: RectificationOrder) -> None:
    notifications.notify(
        staff_for(order.neighborhood), NotificationKind.ORDER_ACKNOWLEDGED, key=f"order-acknowledged:{order.id}",
        title=_("通知书已签收：%(number)s", number=order.number), link=_link(order),
        body=_("%(company)s 已签收 %(neighborhood)s 的整改通知书，期限 %(deadline)s。",
               company=order.company.name, neighborhood=order.neighborhood.name, deadline=order.deadline))


def fix_reported(order: RectificationOrder, finding: Finding, report: RectificationReport) -> None:
    """The report to the staff; when it was the last one the order waited for, its follow-up is due."""
    staff = staff_for(order.neighborhood)
    notifications.notify(
        staff, NotificationKind.FIX_REPORTED, key=f"fix-reported:{report.id}", link=_link(order),
        title=_("整改已反馈：%(number)s", number=order.number),
        body=_("%(neighborhood)s：%(finding)s。说明：%(note)s", neighborhood=order.neighborhood.name,
               finding=finding.description[:80] or "—", note=report.note[:200]))
    if order.state == OrderState.REPORTED:
        notifications.notify(
            staff, NotificationKind.FOLLOW_UP_DUE, key=f"follow-up-due:{order.id}:{report.id}",
            link=f"/orders/{order.id}/follow-up", title=_("待复查：%(number)s", number=order.number),
            body=_("%(neighborhood)s 的整改已全部反馈，请到现场复查。", neighborhood=order.neighborhood.name))


def sent_back(order: RectificationOrder, finding: Finding) -> None:
    notifications.notify(
        notifications.company_accounts(order.company_id), NotificationKind.SENT_BACK,
        key=f"sent-back:{finding.id}:{finding.escalation_count}", link=_link(order),
        title=_("复查不通过，退回整改：%(number)s", number=order.number),
        body=_("%(neighborhood)s：%(finding)s。新的整改期限 %(deadline)s。", neighborhood=order.neighborhood.name,
               finding=finding.description[:80] or "—", deadline=finding.deadline))
