"""What a transfer tells whom: the department by e-mail (no account), the staff in their inbox."""

from flask_babel import gettext as _

from inspect_app.auth.models import User
from inspect_app.auth.services import staff_for
from inspect_app.core.roles import Role
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind
from inspect_app.transfers.links import reply_path
from inspect_app.transfers.models import Transfer
from inspect_app.transfers.rules import TransferState


def _place(transfer: Transfer) -> str:
    return transfer.finding.neighborhood.name


def to_department(transfer: Transfer) -> None:
    """The department's e-mail: what, where, by when, and its link to read the finding and reply."""
    notifications.notify_address(
        transfer.department.email, NotificationKind.TRANSFER, key=f"transfer:{transfer.id}",
        link=reply_path(transfer.id),
        title=_("转办：%(neighborhood)s %(title)s", neighborhood=_place(transfer), title=transfer.finding.title),
        body=_("%(neighborhood)s 的问题“%(title)s”不属物业公司职责，转请贵单位办理，办理期限 %(deadline)s"
               "（%(n)s 个工作日）。请打开下面的链接查看问题并答复：已办结，或退回。",
               neighborhood=_place(transfer), title=transfer.finding.title, deadline=transfer.deadline.isoformat(),
               n=transfer.deadline_workdays) + (f"\n{transfer.note}" if transfer.note else ""))


def remind_department(transfer: Transfer, *, overdue: bool) -> int:
    """Deadline in one working day, or passed: one e-mail each (by key, whatever the job's runs)."""
    kind = NotificationKind.OVERDUE if overdue else NotificationKind.DEADLINE_NEAR
    title = (_("转办逾期：%(title)s", title=transfer.finding.title) if overdue
             else _("转办期限将到：%(title)s", title=transfer.finding.title))
    body = (_("%(neighborhood)s 的转办问题办理期限 %(deadline)s 已过，请尽快办理并答复。",
              neighborhood=_place(transfer), deadline=transfer.deadline.isoformat()) if overdue else
            _("%(neighborhood)s 的转办问题办理期限是 %(deadline)s，请按期办理并答复。", neighborhood=_place(transfer),
              deadline=transfer.deadline.isoformat()))
    sent = notifications.notify_address(transfer.department.email, kind, key=_key(transfer, overdue), title=title,
                                        body=body, link=reply_path(transfer.id))
    return int(sent is not None)


def overdue_to_staff(transfer: Transfer) -> int:
    """The staff who transferred it learn that the department let its deadline pass."""
    return len(notifications.notify(
        [transfer.transferred_by], NotificationKind.OVERDUE, key=_key(transfer, True),
        link=f"/transfers#transfer-{transfer.id}",
        title=_("转办逾期：%(department)s", department=transfer.department.name),
        body=_("%(neighborhood)s 的问题“%(title)s”转%(department)s办理，期限 %(deadline)s 已过，尚未答复。",
               neighborhood=_place(transfer), title=transfer.finding.title, department=transfer.department.name,
               deadline=transfer.deadline.isoformat())))


def _key(transfer: Transfer, overdue: bool) -> str:
    return f"transfer-{'overdue' if overdue else 'near'}:{transfer.id}:{transfer.deadline}"


def _replied_recipients(transfer: Transfer) -> list[User]:
    supervisors = [user for user in staff_for(transfer.finding.neighborhood) if user.role == Role.SUPERVISOR]
    return [transfer.transferred_by, *supervisors]


def replied(transfer: Transfer) -> None:
    """The one who transferred it and the area's supervisors: the department's answer, done or returned."""
    done = transfer.state == TransferState.DONE
    notifications.notify(
        _replied_recipients(transfer), NotificationKind.TRANSFER_REPLIED, key=f"transfer-replied:{transfer.id}",
        link=f"/findings/{transfer.finding_id}",
        title=_("%(department)s 已办结：%(title)s", department=transfer.department.name, title=transfer.finding.title)
        if done else _("%(department)s 退回转办：%(title)s", department=transfer.department.name,
                       title=transfer.finding.title),
        body=transfer.reply_text)
