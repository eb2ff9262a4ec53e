"""The transfers' daily job: the department reminded one working day before its deadline and once it is overdue,
the staff who transferred it told when it is overdue. Each by key: running it twice sends nothing twice."""

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.transfers import notices, rules
from inspect_app.transfers.models import Transfer
from inspect_app.transfers.rules import TransferState
from inspect_app.workdays.services import add_workdays

log = logging.getLogger(__name__)


def run_daily(today: date) -> dict[str, int]:
    """What the job sent: reminders before the deadline, overdue notices to departments and to staff."""
    counts = {"reminded": 0, "overdue": 0, "staff": 0}
    try:
        next_workday: date | None = add_workdays(today, 1)
    except DomainError as error:
        log.error("transfer reminders skipped: %s", error.message)
        next_workday = None
    pending = db.session.scalars(select(Transfer).where(Transfer.state == TransferState.PENDING)
                                 .options(joinedload(Transfer.department), joinedload(Transfer.finding),
                                          joinedload(Transfer.transferred_by))
                                 .order_by(Transfer.id)).all()
    for transfer in pending:
        if transfer.is_overdue(today):
            counts["overdue"] += notices.remind_department(transfer, overdue=True)
            counts["staff"] += notices.overdue_to_staff(transfer)
        elif next_workday and rules.is_due_soon(transfer.state, transfer.deadline, today, next_workday):
            counts["reminded"] += notices.remind_department(transfer, overdue=False)
    return counts
