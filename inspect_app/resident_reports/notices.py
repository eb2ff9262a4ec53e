"""A resident's report received: the staff of its community are told (one notice per report)."""

from flask_babel import gettext as _

from inspect_app.auth.services import staff_for
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind
from inspect_app.resident_reports.models import ResidentReport


def received(report: ResidentReport) -> None:
    neighborhood = report.neighborhood
    notifications.notify(
        staff_for(neighborhood), NotificationKind.RESIDENT_REPORT, key=f"resident-report:{report.id}",
        link=f"/reports/{report.id}", title=_("新的居民上报：%(neighborhood)s", neighborhood=neighborhood.name),
        body=_("受理编号 %(code)s：%(description)s", code=report.receipt_code, description=report.description[:200]))
