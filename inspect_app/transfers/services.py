"""转办 use cases: the admin's departments, a finding transferred, the department's reply (done or returned)."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from inspect_app.auth.models import User
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.findings.services import move_finding
from inspect_app.orders.models import OrderLine, RectificationOrder
from inspect_app.orders.rules import OrderState
from inspect_app.photos import staging
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.stamping import watermark_lines
from inspect_app.transfers import notices, permissions, rules
from inspect_app.transfers.models import Department, Transfer
from inspect_app.transfers.rules import DepartmentInput, Reply, TransferState
from inspect_app.workdays.services import add_workdays


class FormErrors(DomainError):
    """Several fields refused at once: field → message (the first is the error's own message)."""

    def __init__(self, errors: dict[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field)
        self.errors = errors


def _department_messages() -> dict[tuple[str, str], str]:
    return {("name", "missing"): _("请填写部门名称"), ("name", "too_long"): _("部门名称最多 100 个字"),
            ("contact_person", "too_long"): _("联系人最多 50 个字"),
            ("email", "missing"): _("请填写电子邮箱：转办通知发到这里"),
            ("email", "too_long"): _("电子邮箱最多 200 个字符"), ("email", "format"): _("电子邮箱格式不对"),
            ("phone", "too_long"): _("电话最多 30 个字符"),
            ("phone", "format"): _("电话只能包含数字、空格、+、- 和括号")}


# --- Departments (the admin's) -------------------------------------------------------------------------

def departments(*, enabled_only: bool = False) -> list[Department]:
    stmt = select(Department).order_by(Department.is_enabled.desc(), Department.name)
    return list(db.session.scalars(stmt.where(Department.is_enabled) if enabled_only else stmt))


def save_department(department: Department | None, data: DepartmentInput, *, actor: User) -> Department:
    """A new department, or an edited one; every field checked, all problems named at once."""
    authorise(permissions.can_manage_departments(actor), _("只有管理员可以管理转办部门"))
    messages = _department_messages()
    errors = {field: messages[(field, problem)] for field, problem in rules.department_problems(data).items()}
    same_name = db.session.scalar(select(Department.id).where(Department.name == data.name))
    if "name" not in errors and same_name is not None and (department is None or same_name != department.id):
        errors["name"] = _("已有同名的部门“%(name)s”", name=data.name)
    if errors:
        raise FormErrors(errors)
    department = department or Department()
    department.name, department.contact_person = data.name, data.contact_person
    department.email, department.phone = data.email, data.phone
    db.session.add(department)
    db.session.commit()
    return department


def set_enabled(department: Department, enabled: bool, *, actor: User) -> Department:
    """A disabled department is offered for no new transfer; its pending ones still run (and are reminded)."""
    authorise(permissions.can_manage_departments(actor), _("只有管理员可以管理转办部门"))
    department.is_enabled = enabled
    db.session.commit()
    return department


# --- Transfers -----------------------------------------------------------------------------------------

def get_transfer_for(user: User, transfer_id: int) -> Transfer | None:
    return db.session.scalar(select(Transfer).where(Transfer.id == transfer_id, Transfer.visible_to(user)))


def pending_transfer(finding: Finding) -> Transfer | None:
    return db.session.scalar(select(Transfer).where(Transfer.finding_id == finding.id,
                                                    Transfer.state == TransferState.PENDING))


def transfer_finding(finding: Finding, *, actor: User, department_id: int | None, workdays: int | None,
                     note: str, today: date) -> Transfer:
    """转办: the open finding goes to an enabled department with a deadline in working days, and the department
    is e-mailed its link. Sending the same transfer again (a double submit) returns the first."""
    authorise(permissions.can_transfer(actor, finding), _("只有巡查员或督查可以转办"))
    existing = pending_transfer(finding)
    if existing is not None and existing.department_id == department_id:
        return existing
    department, workdays = _checked(department_id, workdays)
    if on_a_draft(finding):
        raise DomainError(_("该问题在整改通知书草稿中，请先从草稿中移除再转办"), status=409)
    try:
        deadline = add_workdays(today, workdays)
    except DomainError as error:  # a year the calendar does not know yet
        raise FormErrors({"workdays": error.message}) from error
    transfer = Transfer(finding_id=finding.id, department=department, neighborhood_id=finding.neighborhood_id,
                        note=note, transferred_on=today, deadline_workdays=workdays, deadline=deadline,
                        transferred_by=actor)
    try:
        db.session.add(transfer)
        move_finding(finding, FindingState.TRANSFERRED, by=FindingMove.TRANSFER, actor=actor,
                     note=_("转办至%(department)s，期限 %(deadline)s", department=department.name,
                            deadline=deadline.isoformat()) + (f"：{note}" if note else ""))
        db.session.commit()
    except IntegrityError:  # transferred a moment ago by a concurrent request
        db.session.rollback()
        return pending_transfer(finding) or _conflict()
    except BaseException:
        db.session.rollback()
        raise
    notices.to_department(transfer)
    return transfer


def _checked(department_id: int | None, workdays: int | None) -> tuple[Department, int]:
    """An enabled department and a deadline within bounds, or every problem named."""
    department = db.session.get(Department, department_id) if department_id else None
    errors = {}
    if department is None or not department.is_enabled:
        errors["department_id"] = _("请选择转办部门")
    if rules.workdays_problem(workdays):
        errors["workdays"] = _("办理期限须为 %(low)s 至 %(high)s 个工作日", low=rules.MIN_WORKDAYS,
                               high=rules.MAX_WORKDAYS)
    if errors:
        raise FormErrors(errors)
    assert department is not None and workdays is not None
    return department, workdays


def on_a_draft(finding: Finding) -> bool:
    """On an order's draft: it would be issued to the company, so it is not transferred meanwhile."""
    return db.session.scalar(select(OrderLine.id).join(RectificationOrder, RectificationOrder.id == OrderLine.order_id)
                             .where(OrderLine.finding_id == finding.id,
                                    RectificationOrder.state == OrderState.DRAFT).limit(1)) is not None


def _conflict() -> Transfer:
    raise DomainError(_("该问题已被转办，请刷新后查看"), status=409)


def reply(transfer: Transfer, *, answer: str, text: str, photos: PhotoUpload, today: date) -> Transfer:
    """The department's reply: 已办结 (the finding is closed, with the reply's photos) or 退回 (open again, its own
    deadline pushed back by the days it was away). The same reply sent twice is taken once."""
    target = {Reply.DONE.value: TransferState.DONE, Reply.RETURN.value: TransferState.RETURNED}.get(answer)
    if not transfer.is_pending:
        if transfer.state == target:
            return transfer  # a double submit of the reply already taken
        raise DomainError(_("该转办已经答复，不能再次答复"), status=409)
    if target is None:
        raise DomainError(_("请选择：已办结或退回"), field="reply")
    if not text:
        raise DomainError(_("请写明办理情况") if target == TransferState.DONE else _("请写明退回的原因"), field="text")
    staged = _stage(transfer, photos) if target == TransferState.DONE else []
    try:
        _record_reply(transfer, target, text, staged, today=today)
    except BaseException:
        db.session.rollback()
        staging.discard(staged)
        raise
    notices.replied(transfer)
    return transfer


def _stage(transfer: Transfer, photos: PhotoUpload) -> list[staging.Staged]:
    lines = watermark_lines(transfer.finding.neighborhood.name, transfer.department.name)
    return staging.stage_uploads(photos, kind=PhotoKind.AFTER, watermark_lines=lines) if photos.files else []


def _record_reply(transfer: Transfer, target: TransferState, text: str, staged: list[staging.Staged], *,
                  today: date) -> None:
    taken = db.session.execute(update(Transfer).where(Transfer.id == transfer.id,
                                                      Transfer.state == TransferState.PENDING)
                               .values(state=target, reply_text=text, replied_at=utcnow()))
    if not getattr(taken, "rowcount", 0):  # a concurrent reply was taken first
        raise DomainError(_("该转办已经答复，不能再次答复"), status=409)
    finding = transfer.finding
    note = _("%(department)s：%(text)s", department=transfer.department.name, text=text)
    if target == TransferState.DONE:
        move_finding(finding, FindingState.CLOSED, by=FindingMove.TRANSFER_DONE, actor=None, note=note)
        finding.closed_at, finding.closed_by_id = utcnow(), None
        staging.add_staged(staged, actor=None, finding_id=finding.id)
    else:
        move_finding(finding, FindingState.OPEN, by=FindingMove.TRANSFER_RETURN, actor=None, note=note)
        finding.deadline = rules.resumed_deadline(finding.deadline, transfer.transferred_on, today)
    db.session.commit()
    db.session.refresh(transfer)


def pending_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Transfer)
                             .where(Transfer.visible_to(user), Transfer.state == TransferState.PENDING)) or 0
