"""An order's deadline as N working days (工作日) from the day it is issued: the statutory calendar decides."""

from inspect_app.core.errors import DomainError
from inspect_app.core.time import local_today
from inspect_app.orders.models import RectificationOrder
from inspect_app.workdays.services import add_workdays


def set_workday_deadlines(order: RectificationOrder, workdays: int) -> None:
    """Every line's deadline `workdays` working days from today (statutory holidays, 调休); a year whose
    calendar is not loaded refuses with its message (field deadline_workdays)."""
    try:
        deadline = add_workdays(local_today(), workdays)
    except DomainError as error:
        raise DomainError(error.message, field="deadline_workdays") from error
    for line in order.lines:
        line.deadline = deadline
    order.deadline = deadline
