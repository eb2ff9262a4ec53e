"""回访: the reporting resident sees the fix of their report (the after-photos) and confirms or rejects it."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from inspect_app.auth.models import User
from inspect_app.auth.services import staff_for
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingMove, FindingState
from inspect_app.findings.services import move_finding
from inspect_app.notifications import services as notifications
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders.models import RectificationReport
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.resident_reports.models import ResidentReport, ResidentVerdict

MAX_WORDS = 500


@dataclass(frozen=True)
class FollowUp:
    """What the status page shows of the fix: photo ids (served by thumbnail, without the stamp) and the verdicts."""

    photo_ids: list[int]
    verdict: ResidentVerdict | None  # the latest
    can_judge: bool


def after_photos(finding: Finding) -> list[Photo]:
    """The fix's photos: the company's reports on it, or the community's own fix (社区代管)."""
    reports = select(RectificationReport.id).where(RectificationReport.finding_id == finding.id)
    return list(db.session.scalars(select(Photo).where(
        Photo.kind == PhotoKind.AFTER,
        or_(Photo.finding_id == finding.id, Photo.rectification_report_id.in_(reports))).order_by(Photo.id)))


def fix_photo(report: ResidentReport, photo_id: int) -> Photo | None:
    """One of the after-photos of the report's finding, else None."""
    finding = db.session.get(Finding, report.finding_id) if report.finding_id else None
    return next((p for p in after_photos(finding) if p.id == photo_id), None) if finding else None


def verdicts(report: ResidentReport) -> list[ResidentVerdict]:
    return list(db.session.scalars(select(ResidentVerdict).where(ResidentVerdict.report_id == report.id)
                                   .order_by(ResidentVerdict.round)))


def follow_up(report: ResidentReport) -> FollowUp | None:
    finding = db.session.get(Finding, report.finding_id) if report.finding_id else None
    if finding is None:
        return None
    given = verdicts(report)
    latest = given[-1] if given else None
    confirmed = any(v.is_confirmed for v in given)
    # A rejection reopened it, so a closed finding after a rejection is a new fix for the resident to judge.
    can_judge = finding.state == FindingState.CLOSED and not confirmed
    return FollowUp([p.id for p in after_photos(finding)], latest, can_judge)


def judge(report: ResidentReport, *, confirmed: bool, words: str) -> ResidentVerdict:
    """Confirm (once) or reject the fix; a rejection puts the finding back on its community's open ledger with the
    resident's words in its timeline and tells the community's staff. A replay returns the verdict already given."""
    words = " ".join((words or "").split())
    state = follow_up(report)
    if state is None:
        raise DomainError(_("该反映尚未立案，暂不能回访。"), status=409)
    if not state.can_judge:
        if state.verdict is not None:
            return state.verdict  # a double submit, or the page of a verdict already given
        raise DomainError(_("整改尚未完成销号，销号后可在此确认整改结果。"), status=409)
    if not confirmed and not words:
        raise DomainError(_("请写一下还有哪里没有整改好，以便工作人员重新处理。"), field="words")
    if len(words) > MAX_WORDS:
        raise DomainError(_("最多 %(n)s 字", n=MAX_WORDS), field="words")
    finding = db.session.get_one(Finding, report.finding_id)
    verdict = ResidentVerdict(report_id=report.id, finding_id=finding.id, round=len(verdicts(report)),
                              is_confirmed=confirmed, comment=words)
    db.session.add(verdict)
    if not confirmed:
        note = _("居民回访不满意（回执码 %(code)s）：%(words)s", code=report.receipt_code, words=words)
        move_finding(finding, FindingState.OPEN, by=FindingMove.RESIDENT_REJECT, actor=None, note=note)
        finding.closed_at, finding.closed_by_id = None, None
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the same click, committed a moment ago by another request
        winner = verdicts(report)
        if not winner:
            raise
        return winner[-1]
    if not confirmed:
        _tell_community(report, finding, words)
    return verdict


def _community_staff(report: ResidentReport) -> list[User]:
    """The community's own accounts; where it has none, every account whose area holds the neighbourhood."""
    staff = staff_for(report.neighborhood)
    own = [user for user in staff if user.community_id == report.neighborhood.community_id]
    return own or staff


def _tell_community(report: ResidentReport, finding: Finding, words: str) -> None:
    notifications.notify(
        _community_staff(report), NotificationKind.RESIDENT_REJECTED,
        key=f"resident-rejected:{report.id}:{finding.id}:{len(verdicts(report))}", link=f"/findings/{finding.id}",
        title=_("居民回访不满意：%(title)s", title=finding.title),
        body=_("%(neighborhood)s，回执码 %(code)s：%(words)s", neighborhood=report.neighborhood.name,
               code=report.receipt_code, words=words[:200]))
