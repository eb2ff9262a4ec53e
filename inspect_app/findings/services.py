"""Finding queries and use cases; company users only ever get their own company's findings."""

from collections.abc import Sequence
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, ColumnExpressionArgument, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.checklists.services import current_template
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.roles import Role
from inspect_app.core.time import start_of_local_day
from inspect_app.findings import rules
from inspect_app.findings.forms import NewFinding, Upload
from inspect_app.findings.models import Finding, FindingSource, StateChange
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import StagedPhoto, add_staged, clean_filename, discard_staged, stage_photo
from inspect_app.photos.stamping import watermark_lines
from inspect_app.places.models import Neighborhood


def get_finding_for(user: User, finding_id: int) -> Finding | None:
    stmt = (select(Finding).where(Finding.id == finding_id, Finding.visible_to(user))
            .options(joinedload(Finding.neighborhood)))
    return db.session.scalar(stmt)


def findings_for(user: User, *, today: date, limit: int = 50) -> list[Finding]:
    """Unclosed findings, overdue first, then by deadline."""
    overdue_first = case((Finding.is_overdue(today), 0), else_=1)
    stmt = (
        select(Finding)
        .where(Finding.state != FindingState.CLOSED, Finding.visible_to(user))
        .options(joinedload(Finding.neighborhood))
        .order_by(overdue_first, Finding.deadline.is_(None), Finding.deadline, Finding.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def ledger_counts(user: User | None, *, today: date, where: Sequence[ColumnExpressionArgument[bool]] = (),
                  matching: ColumnElement[bool] | None = None) -> dict[str, int]:
    """The ledger's headline numbers among findings meeting `where`; user None means the whole district.

    "matching" counts those that also meet `matching` (all of them without it): the ledger's list length.
    """
    month_start = start_of_local_day(today.replace(day=1))
    stmt = select(
        func.count().filter(Finding.state != FindingState.CLOSED).label("open"),
        func.count().filter(Finding.is_overdue(today)).label("overdue"),
        func.count().filter(Finding.state == FindingState.REPORTED).label("reported"),
        func.count().filter(Finding.state == FindingState.CLOSED, Finding.closed_at >= month_start)
        .label("closed_this_month"),
        (func.count() if matching is None else func.count().filter(matching)).label("matching"),
    ).select_from(Finding).where(*where)
    if user is not None:
        stmt = stmt.where(Finding.visible_to(user))
    return dict(db.session.execute(stmt).one()._mapping)


def timeline(finding: Finding) -> list[StateChange]:
    stmt = (
        select(StateChange)
        .where(StateChange.subject_type == "finding", StateChange.subject_id == finding.id)
        .options(joinedload(StateChange.actor))
        .order_by(StateChange.created_at, StateChange.id)
    )
    return list(db.session.scalars(stmt))


def record_change(subject_type: str, subject_id: int, from_state: str | None, to_state: str, *,
                  actor: User | None, note: str = "") -> StateChange:
    """Who moved what from which state to which (and when, and why): every workflow's record."""
    change = StateChange(subject_type=subject_type, subject_id=subject_id, from_state=from_state,
                         to_state=to_state, actor=actor, note=note)
    db.session.add(change)
    return change


def move_finding(finding: Finding, to: FindingState, *, by: FindingMove, actor: User | None,
                 note: str = "") -> None:
    """Move a finding `by` a use case, if the table of moves (findings.rules) allows it, and record the move.

    The caller commits, with whatever else its use case changes. A move the table refuses is a 409.
    """
    try:
        rules.check_move(finding.state, to, by)
    except rules.MoveNotAllowed as error:
        raise DomainError(_("该问题当前状态不允许此操作"), status=409) from error
    record_change("finding", finding.id, finding.state, to, actor=actor, note=note)
    finding.state = to


def finding_photos(finding: Finding) -> list[Photo]:
    return list(db.session.scalars(select(Photo).where(Photo.finding_id == finding.id).order_by(Photo.id)))


# --- Findings added by hand ------------------------------------------------------------------------

REPLAY_WINDOW = timedelta(minutes=2)
DEFAULT_DEADLINE_DAYS = 7


def create_manual_finding(data: NewFinding, uploads: Sequence[Upload], *, actor: User, today: date) -> Finding:
    """An open finding and its photos, all or nothing; a replay of the same submission returns the first one.

    Finding has no column for the submit key: a replay is known by its first photo's key, or else as an
    identical finding by the same user within two minutes.
    """
    neighborhood = db.session.get(Neighborhood, data.neighborhood_id)
    if neighborhood is None:
        raise DomainError(_("请选择小区"), field="neighborhood")
    existing = _replayed_finding(data, actor)
    if existing is not None:
        return existing
    staged = _stage_photos(neighborhood, uploads, data=data, actor=actor)  # before the transaction: no lock held
    try:
        finding = _insert_finding(neighborhood, data, staged, actor=actor, today=today)
    except IntegrityError:
        db.session.rollback()  # the staged files go with it
        winner = _replayed_finding(data, actor)  # a concurrent replay of this submission committed first
        if winner is None:
            raise
        return winner
    except BaseException:
        db.session.rollback()
        discard_staged(staged)
        raise
    return finding


def _insert_finding(neighborhood: Neighborhood, data: NewFinding, staged: Sequence[StagedPhoto], *, actor: User,
                    today: date) -> Finding:
    finding = Finding(source=FindingSource.MANUAL, state=FindingState.OPEN, neighborhood=neighborhood,
                      community_id=neighborhood.community_id, subdistrict_id=neighborhood.community.subdistrict_id,
                      company_id=neighborhood.company_id, category_code=data.category_code, title=data.title,
                      description=data.description, deduction=data.deduction, created_by=actor,
                      deadline=today + timedelta(days=category_deadline_days(data.category_code)))
    db.session.add(finding)
    db.session.flush()
    record_change("finding", finding.id, None, FindingState.OPEN, actor=actor)
    for index, photo in enumerate(staged):
        add_staged(photo, actor=actor, finding_id=finding.id,
                   client_key=f"{data.submit_key}:{index}" if data.submit_key else None)
    db.session.commit()
    return finding


def category_deadline_days(code: str) -> int:
    """Days to fix a finding of this category, from the published checklist."""
    template = current_template()
    days = {category.code: category.deadline_days for category in template.categories} if template else {}
    return days.get(code, DEFAULT_DEADLINE_DAYS)


def _replayed_finding(data: NewFinding, actor: User) -> Finding | None:
    if data.submit_key:
        finding_id = db.session.scalar(select(Photo.finding_id).where(Photo.client_key == f"{data.submit_key}:0"))
        if finding_id is not None:
            return db.session.get(Finding, finding_id)
    stmt = (select(Finding)
            .where(Finding.created_by_id == actor.id, Finding.source == FindingSource.MANUAL,
                   Finding.neighborhood_id == data.neighborhood_id, Finding.title == data.title,
                   Finding.category_code == data.category_code, Finding.description == data.description,
                   Finding.created_at >= utcnow() - REPLAY_WINDOW)
            .order_by(Finding.id.desc()).limit(1))
    return db.session.scalar(stmt)


def _stage_photos(neighborhood: Neighborhood, uploads: Sequence[Upload], *, data: NewFinding,
                  actor: User) -> list[StagedPhoto]:
    """Process and write each photo; the first refused one removes those already written and is named."""
    lines = _watermark_lines(neighborhood, actor)
    staged: list[StagedPhoto] = []
    for index, upload in enumerate(uploads):
        try:
            staged.append(stage_photo(upload.data, kind=PhotoKind.EVIDENCE, watermark_lines=lines,
                                      original_filename=upload.filename, device_lat=data.lat, device_lng=data.lng))
        except BaseException as error:
            discard_staged(staged)
            if not isinstance(error, DomainError):
                raise
            name = clean_filename(upload.filename)[:60] or _("第 %(n)s 张照片", n=index + 1)
            raise DomainError(f"{name}：{error.message}", field="photos") from error
    return staged


def _watermark_lines(neighborhood: Neighborhood, actor: User) -> list[str]:
    who = _("督查 %(name)s", name=actor.display_name) if actor.role == Role.SUPERVISOR \
        else _("巡查员 %(name)s", name=actor.display_name)
    return watermark_lines(neighborhood.name, who)
