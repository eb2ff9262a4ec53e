"""Residents' side: the neighbourhood behind a public link, submitting a report exactly once, its public status."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.findings.forms import Upload
from inspect_app.findings.ledger import category_names
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.services import StagedPhoto, add_staged, clean_filename, discard_staged, stage_photo
from inspect_app.photos.stamping import watermark_lines
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports import notices, rules
from inspect_app.resident_reports.forms import ReportInput
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import ReportStatus

log = logging.getLogger(__name__)

CODE_ATTEMPTS = 10


def status_names() -> dict[str, str]:
    return {ReportStatus.RECEIVED: _l("已受理"), ReportStatus.ACCEPTED: _l("已立案"),
            ReportStatus.DECLINED: _l("未予立案"), ReportStatus.MERGED: _l("已合并办理")}


def report_categories() -> dict[str, str]:
    """What a resident chooses from: the checklist's categories, then 其他."""
    return {**category_names(), rules.OTHER_CATEGORY: _("其他")}


def neighborhood_by_token(token: str) -> Neighborhood | None:
    if not token or len(token) > 16:
        return None
    return db.session.scalar(select(Neighborhood).where(Neighborhood.public_token == token))


def resident_path(neighborhood: Neighborhood) -> str:
    return f"/r/{neighborhood.public_token}"


def board_url(neighborhood: Neighborhood) -> str:
    """The neighbourhood's public board (物业服务公示), which the poster's QR opens; it links to the report form."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/n/{neighborhood.public_token}"


def resident_url(neighborhood: Neighborhood) -> str:
    """The absolute link printed as the poster's QR code; needs an app context."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + resident_path(neighborhood)


def submit_report(data: ReportInput, uploads: Sequence[Upload], *, neighborhood: Neighborhood) -> ResidentReport:
    """The report and its photos, all or nothing; a replay of the same form returns the first report.

    The photos are processed and written first, outside any transaction; then one short transaction inserts
    the report and their rows, so the seconds spent on six phone photos never hold the database's write lock.
    """
    existing = _by_client_key(data.client_key)
    if existing is not None:
        return _replayed(existing, data, neighborhood)
    staged = _stage_photos(uploads, neighborhood)
    try:
        report = _insert(data, neighborhood, staged)
    except IntegrityError:
        db.session.rollback()  # the staged files go with it
        winner = _by_client_key(data.client_key)  # a concurrent replay of this form committed first
        if winner is None:
            raise
        return _replayed(winner, data, neighborhood)
    except BaseException:
        db.session.rollback()
        discard_staged(staged)
        raise
    # Ids only: what residents type (and their phone numbers above all) never goes to the logs.
    log.info("resident report %s received for neighborhood %s with %s photos", report.id, neighborhood.id,
             len(uploads))
    notices.received(report)
    return report


def _insert(data: ReportInput, neighborhood: Neighborhood, staged: Sequence[StagedPhoto]) -> ResidentReport:
    report = ResidentReport(receipt_code=_unused_code(), neighborhood_id=neighborhood.id,
                            category_code=data.category_code, description=data.description,
                            location_text=data.location_text, contact_phone=data.contact_phone,
                            client_key=data.client_key, status=ReportStatus.RECEIVED)
    db.session.add(report)
    db.session.flush()
    for index, photo in enumerate(staged):
        add_staged(photo, actor=None, resident_report_id=report.id,
                   client_key=f"resident:{report.client_key}:{index}" if report.client_key else None)
    db.session.commit()
    return report


def _by_client_key(key: str | None) -> ResidentReport | None:
    if key is None:
        return None
    return db.session.scalar(select(ResidentReport).where(ResidentReport.client_key == key))


def _replayed(existing: ResidentReport, data: ReportInput, neighborhood: Neighborhood) -> ResidentReport:
    if existing.neighborhood_id == neighborhood.id and existing.description == data.description:
        return existing
    raise DomainError(_("这份表单已经提交过了。如需反映另一个问题，请检查内容后再点一次“提交”。"), status=409)


def _unused_code() -> str:
    for _attempt in range(CODE_ATTEMPTS):
        code = rules.new_receipt_code()
        if db.session.scalar(select(ResidentReport.id).where(ResidentReport.receipt_code == code)) is None:
            return code
    raise RuntimeError("no unused receipt code found")  # 32^8 codes: only a broken random source gets here


def _stage_photos(uploads: Sequence[Upload], neighborhood: Neighborhood) -> list[StagedPhoto]:
    """Process and write each photo; the first refused one removes those already written and is named."""
    lines = watermark_lines(neighborhood.name, _("居民上报"))
    staged: list[StagedPhoto] = []
    for index, upload in enumerate(uploads):
        try:
            staged.append(stage_photo(upload.data, kind=PhotoKind.RESIDENT, watermark_lines=lines,
                                      original_filename=upload.filename))
        except BaseException as error:
            discard_staged(staged)
            if not isinstance(error, DomainError):
                raise
            name = clean_filename(upload.filename)[:60] or _("第 %(n)s 张照片", n=index + 1)
            raise DomainError(_("%(name)s：%(message)s", name=name, message=error.message),
                              field="photos", status=error.status) from error
    return staged


# --- Following a report by its receipt code ------------------------------------------------------------

@dataclass(frozen=True)
class PublicStatus:
    """All a receipt code shows: no phone number, no staff names, no photos."""

    code: str
    neighborhood: str
    category: str
    description: str
    location: str
    submitted_at: datetime
    status: str
    decline_reason: str
    finding_state: str | None
    deadline: date | None
    closed_at: datetime | None
    steps: list[tuple[str, bool]]

    @property
    def is_closed(self) -> bool:
        """The finding behind the report is closed (销号)."""
        return self.finding_state == FindingState.CLOSED


def report_by_code(raw: str) -> ResidentReport | None:
    code = rules.normalize_receipt_code(raw)
    if code is None:
        return None
    return db.session.scalar(select(ResidentReport).where(ResidentReport.receipt_code == code))


def public_status(report: ResidentReport) -> PublicStatus:
    finding = db.session.get(Finding, report.finding_id) if report.finding_id else None
    state = finding.state if finding else None
    return PublicStatus(
        code=report.receipt_code, neighborhood=report.neighborhood.name,
        category=report_categories().get(report.category_code, _("其他")), description=report.description,
        location=report.location_text, submitted_at=report.created_at, status=report.status,
        decline_reason=report.decline_reason if report.status == ReportStatus.DECLINED else "",
        finding_state=state, deadline=finding.deadline if finding else None,
        closed_at=finding.closed_at if finding else None, steps=rules.progress_steps(report.status, state))
