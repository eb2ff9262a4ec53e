"""A department or two, and an open finding transferred to one of them."""

from datetime import date

from inspect_app.findings.models import Finding
from inspect_app.transfers import services
from inspect_app.transfers.models import Department, Transfer
from inspect_app.transfers.rules import DepartmentInput
from tests import factories

# A Monday clear of holidays: 10 working days later is Monday 16 November.
MONDAY = date(2026, 11, 2)


def department(world, name: str = "区住建局", email: str = "zhujian@example.gov.cn") -> Department:
    return services.save_department(None, DepartmentInput(name, "王主任", email, "0313-1234567"), actor=world.admin)


def transferred(world, *, workdays: int = 10, today: date = MONDAY, finding: Finding | None = None,
                to: Department | None = None) -> Transfer:
    finding = finding or factories.finding(world.neighborhood_a, title="供暖管道漏水", deadline=date(2026, 11, 9))
    return services.transfer_finding(finding, actor=world.inspector, department_id=(to or department(world)).id,
                                     workdays=workdays, note="属供热管网，请处理", today=today)
