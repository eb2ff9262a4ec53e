"""What an appeal tells whom: filed (to the area's supervisors), decided (to the company). Keyed per appeal."""

from flask_babel import gettext as _

from inspect_app.appeals.models import Appeal
from inspect_app.appeals.rules import AppealState
from inspect_app.auth.services import staff_for
from inspect_app.core.roles import Role
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind


def _link(appeal: Appeal) -> str:
    return f"/appeals/{appeal.id}"


def filed(appeal: Appeal) -> None:
    supervisors = [u for u in staff_for(appeal.neighborhood) if u.role == Role.SUPERVISOR]
    notifications.notify(
        supervisors, NotificationKind.APPEAL_FILED, key=f"appeal-filed:{appeal.id}", link=_link(appeal),
        title=_("物业公司申诉：%(number)s", number=appeal.order.number),
        body=_("%(company)s 对 %(neighborhood)s 的“%(finding)s”提出申诉：%(text)s", company=appeal.company.name,
               neighborhood=appeal.neighborhood.name, finding=appeal.finding.title[:80], text=appeal.text[:200]))


def decided(appeal: Appeal) -> None:
    verdict = _("予以撤销") if appeal.state == AppealState.OVERTURNED else _("维持")
    notifications.notify(
        notifications.company_accounts(appeal.company_id), NotificationKind.APPEAL_DECIDED,
        key=f"appeal-decided:{appeal.id}", link=_link(appeal),
        title=_("申诉已裁决（%(verdict)s）：%(finding)s", verdict=verdict, finding=appeal.finding.title[:80]),
        body=_("裁决理由：%(reason)s", reason=appeal.decision_reason[:200]))
