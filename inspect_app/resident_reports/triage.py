"""Staff triage of residents' reports: the list, accept onto the ledger, decline with a reason, merge."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.core import events
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.findings.ledger import category_names
from inspect_app.findings.models import Finding, FindingSource
from inspect_app.findings.rules import FindingState
from inspect_app.findings.services import category_deadline_days, record_change
from inspect_app.photos.models import Photo
from inspect_app.places.models import Community, Neighborhood
from inspect_app.resident_reports import permissions, rules
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import ReportStatus

PAGE_SIZE = 20
MAX_CANDIDATES = 50
SUBJECT = "resident_report"


@dataclass
class TriagePage:
    reports: list[ResidentReport]
    page: int
    has_more: bool
    counts: dict[str, int]
    cards: dict[str, Any] = field(default_factory=dict)


def get_report(user: User, report_id: int) -> ResidentReport | None:
    return db.session.scalar(select(ResidentReport)
                             .where(ResidentReport.id == report_id, ResidentReport.visible_to(user))
                             .options(joinedload(ResidentReport.neighborhood)))


def triage_page(user: User, status: str | None, page: int) -> TriagePage:
    """Newest first; status None means all. Staff see the reports of their area (ResidentReport.visible_to)."""
    stmt = (select(ResidentReport).where(ResidentReport.visible_to(user))
            .options(joinedload(ResidentReport.neighborhood))
            .order_by(ResidentReport.created_at.desc(), ResidentReport.id.desc())
            .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1))
    if status is not None:
        stmt = stmt.where(ResidentReport.status == status)
    reports = list(db.session.scalars(stmt))
    shown = reports[:PAGE_SIZE]
    return TriagePage(shown, page, len(reports) > PAGE_SIZE, status_counts(user), card_context(shown))


def status_counts(user: User) -> dict[str, int]:
    """How many reports the user sees in each status: the filter badges, and the supervisor's home tile."""
    return dict(db.session.execute(select(ResidentReport.status, func.count()).where(ResidentReport.visible_to(user))
                                   .group_by(ResidentReport.status)).all())


def card_context(reports: Sequence[ResidentReport]) -> dict[str, Any]:
    """What the report cards need besides the reports: photos, merge candidates and who triaged, by id."""
    ids = [r.id for r in reports]
    photos: defaultdict[int, list[Photo]] = defaultdict(list)
    for photo in db.session.scalars(select(Photo).where(Photo.resident_report_id.in_(ids)).order_by(Photo.id)):
        if photo.resident_report_id is not None:  # always, by the where-clause
            photos[photo.resident_report_id].append(photo)
    pending = {r.neighborhood_id for r in reports if r.status == ReportStatus.RECEIVED}
    triager_ids = {r.triaged_by_id for r in reports if r.triaged_by_id}
    triagers = dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(triager_ids))).all())
    return {"photos": photos, "candidates": merge_candidates(pending), "triagers": triagers,
            "finding_categories": category_names()}


def merge_candidates(neighborhood_ids: set[int]) -> defaultdict[int, list[Finding]]:
    """Findings not yet closed in each neighbourhood, newest first: what a report can be merged into."""
    grouped: defaultdict[int, list[Finding]] = defaultdict(list)
    if not neighborhood_ids:
        return grouped
    stmt = (select(Finding).where(Finding.neighborhood_id.in_(neighborhood_ids),
                                  Finding.state != FindingState.CLOSED)
            .order_by(Finding.created_at.desc(), Finding.id.desc()))
    for finding in db.session.scalars(stmt):
        if len(grouped[finding.neighborhood_id]) < MAX_CANDIDATES:
            grouped[finding.neighborhood_id].append(finding)
    return grouped


def neighborhood_links(user: User) -> list[tuple[Neighborhood, int]]:
    """The neighbourhoods of the user's area with their number of reports waiting for triage, by community."""
    waiting = (select(func.count(ResidentReport.id)).where(ResidentReport.neighborhood_id == Neighborhood.id,
                                                         ResidentReport.status == ReportStatus.RECEIVED)
               .correlate(Neighborhood).scalar_subquery())
    stmt = (select(Neighborhood, waiting).join(Community, Community.id == Neighborhood.community_id)
            .where(Neighborhood.visible_to(user))
            .options(joinedload(Neighborhood.community)).order_by(Community.name, Neighborhood.name))
    return [(neighborhood, count) for neighborhood, count in db.session.execute(stmt).all()]


# --- Use cases -----------------------------------------------------------------------------------------

def accept_report(report: ResidentReport, *, actor: User, category_code: str, today: date) -> Finding:
    """The report becomes an open finding on its community's ledger, with the report's photos."""
    _require_triager(actor)
    if category_code not in category_names():
        raise DomainError(_("请选择立案类别"), field="category")
    _claim(report, ReportStatus.ACCEPTED, actor)
    neighborhood = report.neighborhood
    description = report.description
    if report.location_text:
        description += "\n" + _("位置：%(place)s", place=report.location_text)
    finding = Finding(source=FindingSource.RESIDENT, state=FindingState.OPEN, neighborhood=neighborhood,
                      community_id=neighborhood.community_id, subdistrict_id=neighborhood.community.subdistrict_id,
                      company_id=neighborhood.company_id, category_code=category_code,
                      title=rules.title_from(report.description), description=description, created_by=actor,
                      deadline=today + timedelta(days=category_deadline_days(category_code)))
    db.session.add(finding)
    db.session.flush()
    record_change("finding", finding.id, None, FindingState.OPEN, actor=actor, note=_("居民上报（百姓说事）"))
    events.announce(events.FINDING_CREATED, finding)
    _attach(report, finding, ReportStatus.ACCEPTED, actor)
    db.session.commit()
    return finding


def decline_report(report: ResidentReport, *, actor: User, reason: str) -> ResidentReport:
    _require_triager(actor)
    if not reason.strip():
        raise DomainError(_("请填写不予立案的理由（居民可以看到）"), field="reason")
    _claim(report, ReportStatus.DECLINED, actor)
    report.decline_reason = reason.strip()
    record_change(SUBJECT, report.id, ReportStatus.RECEIVED, ReportStatus.DECLINED, actor=actor, note=reason.strip())
    db.session.commit()
    return report


def merge_report(report: ResidentReport, finding_id: int | None, *, actor: User) -> Finding:
    """The same problem is already on the ledger: the report follows that finding, its photos join it."""
    _require_triager(actor)
    finding = db.session.scalar(select(Finding).where(Finding.id == finding_id, Finding.visible_to(actor))) \
        if finding_id else None
    if finding is None or finding.neighborhood_id != report.neighborhood_id or finding.is_closed:
        raise DomainError(_("请选择本小区未销号的问题"), field="finding")
    _claim(report, ReportStatus.MERGED, actor)
    _attach(report, finding, ReportStatus.MERGED, actor)
    db.session.commit()
    return finding


def _require_triager(actor: User) -> None:
    authorise(permissions.can_triage(actor), _("只有巡查员或督查可以处理居民上报"))


def _claim(report: ResidentReport, target: str, actor: User) -> None:
    """Move a waiting report, once: of two people triaging it at the same moment the second is told."""
    moved = cast(CursorResult[Any], db.session.execute(
        update(ResidentReport)
        .where(ResidentReport.id == report.id, ResidentReport.status == ReportStatus.RECEIVED)
        .values(status=target, triaged_by_id=actor.id, triaged_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )).rowcount
    if moved != 1:
        db.session.rollback()
        raise DomainError(_("这条上报已经处理过了，请刷新页面查看结果。"), status=409)


def _attach(report: ResidentReport, finding: Finding, target: str, actor: User) -> None:
    report.finding_id = finding.id
    db.session.execute(update(Photo).where(Photo.resident_report_id == report.id).values(finding_id=finding.id)
                       .execution_options(synchronize_session="fetch"))
    record_change(SUBJECT, report.id, ReportStatus.RECEIVED, target, actor=actor, note=f"#{finding.id}")
