"""Patrol use cases: start or resume, answer an item, score live, submit onto the ledger."""

from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError

from inspect_app.auth.models import User
from inspect_app.checklists import rules
from inspect_app.checklists.models import ChecklistItem, ChecklistTemplate
from inspect_app.checklists.services import current_template
from inspect_app.core import events
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding, FindingSource, FindingState
from inspect_app.findings.repeats import open_findings_by_item, record_repeat
from inspect_app.findings.services import record_change
from inspect_app.inspections import permissions, queries, scoring
from inspect_app.inspections.answers import ParsedAnswer
from inspect_app.inspections.models import (
    CategoryScore,
    Inspection,
    InspectionStatus,
    ItemOutcome,
    ItemResult,
)
from inspect_app.offline.models import AnnouncedPhoto
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import delete_photo
from inspect_app.photos.stamping import watermark_lines
from inspect_app.photos.uploads import store_uploads
from inspect_app.places.models import Neighborhood


def get_inspection_for(user: User, inspection_id: int) -> Inspection | None:
    """The inspection if the user may see it (Inspection.visible_to)."""
    return db.session.scalar(select(Inspection).where(Inspection.id == inspection_id, Inspection.visible_to(user)))


def start_patrol(neighborhood: Neighborhood, *, actor: User, lat: float | None = None,
                 lng: float | None = None) -> Inspection:
    """Resume the actor's draft for this neighbourhood, or start one with the published checklist."""
    authorise(permissions.can_patrol(actor, neighborhood))
    if not neighborhood.is_in_service:
        raise DomainError(_("%(name)s已停用，不能开始巡查。", name=neighborhood.name))
    draft = queries.draft_patrol(neighborhood, actor)
    if draft is not None:
        return draft
    template = current_template()
    if template is None:
        raise DomainError(_("尚未发布检查表，请联系管理员"))
    inspection = Inspection(neighborhood=neighborhood, company_id=neighborhood.company_id, template=template,
                            inspector=actor, start_lat=_coordinate(lat, 90), start_lng=_coordinate(lng, 180))
    db.session.add(inspection)
    db.session.flush()
    record_change("inspection", inspection.id, None, InspectionStatus.DRAFT, actor=actor)
    db.session.commit()
    return inspection


def _coordinate(value: float | None, bound: float) -> float | None:
    return value if value is not None and -bound <= value <= bound else None


def require_draft_owner(inspection: Inspection, actor: User) -> None:
    authorise(permissions.can_edit_inspection(actor, inspection), _("只有本次巡查的巡查员可以修改"))
    if not inspection.is_draft:
        raise DomainError(_("巡查已提交，不能再修改"), status=409)


def save_answer(inspection: Inspection, item: ChecklistItem, parsed: ParsedAnswer, *,
                actor: User) -> ItemResult:
    """Store the answer as it stands, an unfinished deduction (parsed.pending) too."""
    require_draft_owner(inspection, actor)
    if parsed.errors:
        raise DomainError(next(iter(parsed.errors.values())), field=next(iter(parsed.errors)))
    outcome = parsed.outcome
    if outcome is None:
        raise DomainError(_("请选择：合格、扣分或不适用"), field="outcome")
    result = _result_row(inspection, item, outcome)
    result.outcome = outcome
    result.preset = parsed.preset
    result.count = parsed.count
    result.custom_amount = parsed.custom_amount
    result.reason = parsed.reason
    result.note = parsed.note
    result.is_exempt = parsed.is_exempt
    result.deduction = parsed.deduction if outcome == ItemOutcome.DEDUCT else Decimal(0)
    result.is_red_line = bool(parsed.preset and parsed.preset.is_red_line)
    db.session.commit()
    return result


def clear_answer(inspection: Inspection, item: ChecklistItem, *, actor: User) -> ItemResult | None:
    """Back to unanswered (an undo); an item with photos stays a deduction to complete, its photos kept."""
    require_draft_owner(inspection, actor)
    result = queries.item_result(inspection, item)
    if result is not None and queries.photos_by_result(inspection).get(result.id):
        result.outcome, result.preset, result.custom_amount = ItemOutcome.DEDUCT, None, None
        result.deduction, result.is_red_line = Decimal(0), False
    elif result is not None:
        db.session.delete(result)
        result = None
    db.session.commit()
    return result


def pass_rest(inspection: Inspection, *, actor: User, category_code: str | None = None) -> list[int]:
    """其余全部合格: every unanswered item (of one category, or all) passes; returns their ids, for an undo."""
    require_draft_owner(inspection, actor)
    template = queries.load_template(inspection.template_id)
    answered = queries.results_by_item(inspection)
    passed = [item for category in template.categories if category_code in (None, category.code)
              for item in category.items if item.id not in answered]
    for item in passed:
        _result_row(inspection, item, ItemOutcome.PASS)
    db.session.commit()
    return [item.id for item in passed]


def undo_pass(inspection: Inspection, item_ids: list[int], *, actor: User) -> None:
    """Undo 其余全部合格: of these items, those still simply passed become unanswered again."""
    require_draft_owner(inspection, actor)
    db.session.execute(delete(ItemResult).where(
        ItemResult.inspection_id == inspection.id, ItemResult.item_id.in_(item_ids),
        ItemResult.outcome == ItemOutcome.PASS, ItemResult.note == ""))
    db.session.commit()


def ensure_result_for_photo(inspection: Inspection, item: ChecklistItem) -> ItemResult:
    """A photo may come before the deduction is chosen: it marks the item as a deduction still to complete."""
    result = _result_row(inspection, item, ItemOutcome.DEDUCT)
    db.session.commit()
    return result


def _result_row(inspection: Inspection, item: ChecklistItem, outcome: str) -> ItemResult:
    """The item's result row, created if missing; two first saves of one item at once (a double tap, or an
    answer and a photo together) both end up with the same row instead of one hitting the unique constraint."""
    stmt = select(ItemResult).where(ItemResult.inspection_id == inspection.id, ItemResult.item_id == item.id)
    result = db.session.scalar(stmt)
    if result is None:
        insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        db.session.execute(insert(ItemResult).values(
            inspection_id=inspection.id, item_id=item.id, outcome=outcome, count=1, reason="", note="",
            deduction=0, is_exempt=False, is_red_line=False, updated_at=utcnow(),
        ).on_conflict_do_nothing(index_elements=["inspection_id", "item_id"]))
        result = db.session.scalar(stmt)
        assert result is not None, "inserted above, or by the request that won the race"
    return result


def store_item_photos(inspection: Inspection, item: ChecklistItem, upload: PhotoUpload, *,
                      actor: User) -> list[str]:
    """Store an item's photos (one message per refused file); a photo the phone announced is no longer missing."""
    require_draft_owner(inspection, actor)
    if not upload.files:
        return [_("请选择要上传的照片")]
    result = ensure_result_for_photo(inspection, item)
    lines = watermark_lines(inspection.neighborhood.name, _("巡查员 %(name)s", name=actor.display_name))
    errors = store_uploads(upload, kind=PhotoKind.EVIDENCE, actor=actor, watermark_lines=lines,
                           inspection_id=inspection.id, item_result_id=result.id)
    if upload.key and not errors:
        photo_arrived(inspection, upload.key)
    return errors


def delete_item_photo(inspection: Inspection, photo_id: int, *, actor: User) -> ChecklistItem:
    """Remove one of the draft's photos; returns the item it belonged to."""
    require_draft_owner(inspection, actor)
    photo = db.session.get(Photo, photo_id)
    result = db.session.get(ItemResult, photo.item_result_id) if photo and photo.item_result_id else None
    if photo is None or photo.inspection_id != inspection.id or result is None:
        raise DomainError(_("找不到该页面或记录。"), status=404)
    delete_photo(photo)
    return result.item


def announce_photo(inspection: Inspection, item: ChecklistItem, client_key: str, *, actor: User) -> None:
    """The phone has queued a photo: until it arrives or is withdrawn, the record shows it as missing."""
    require_draft_owner(inspection, actor)
    if not 0 < len(client_key) <= 40:
        raise DomainError(_("照片编号无效"), field="client_key")
    existing = db.session.scalar(select(AnnouncedPhoto).where(AnnouncedPhoto.client_key == client_key))
    if existing is not None:
        if existing.inspection_id != inspection.id:
            raise DomainError(_("该照片编号已用于另一张照片"), field="client_key", status=409)
        return
    if queries.arrived({client_key}):
        return  # the upload got through before its announcement
    db.session.add(AnnouncedPhoto(inspection_id=inspection.id, item_id=item.id, client_key=client_key,
                                  announced_by_id=actor.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a replay of this announcement committed first


def photo_arrived(inspection: Inspection, client_key: str) -> None:
    db.session.execute(delete(AnnouncedPhoto).where(AnnouncedPhoto.inspection_id == inspection.id,
                                                    AnnouncedPhoto.client_key == client_key))
    db.session.commit()


def withdraw_photo(inspection: Inspection, client_key: str, *, actor: User) -> None:
    """The inspector gives up a photo that will never arrive (refused, or the phone lost it)."""
    require_draft_owner(inspection, actor)
    photo_arrived(inspection, client_key)


def submit(inspection: Inspection, *, actor: User, submit_key: str | None = None) -> Inspection:
    """Score on the server, put every deduction on the ledger, freeze the inspection. Idempotent."""
    if inspection.status == InspectionStatus.SUBMITTED:
        return inspection
    require_draft_owner(inspection, actor)
    missing = queries.missing_photos(inspection)
    if missing:
        raise DomainError(_("有 %(n)s 张照片已登记但未上传：请等手机联网上传完成，或放弃这些照片后再提交",
                            n=len(missing)), field="photos")
    template = queries.load_template(inspection.template_id)
    results, photos = queries.results_by_item(inspection), queries.photos_by_result(inspection)
    problems = scoring.submission_problems(template, results, photos)
    if problems:
        raise DomainError(_("还有 %(n)s 项未完成，请检查标红的项目", n=len(problems)), field="items")
    # Only the request that flips draft → submitted goes on; a double tap or a replay finds nothing to flip.
    flipped = cast(CursorResult[Any], db.session.execute(
        update(Inspection).where(Inspection.id == inspection.id, Inspection.status == InspectionStatus.DRAFT)
        .values(status=InspectionStatus.SUBMITTED, submitted_at=utcnow(), submit_key=submit_key)
        .execution_options(synchronize_session=False))).rowcount
    if not flipped:
        db.session.rollback()
        db.session.refresh(inspection)
        return inspection
    card = scoring.score_card(template, results)
    _freeze_scores(inspection, template, card)
    with force_locale("zh"):  # the ledger's text is Chinese whatever the inspector's UI language
        _raise_findings(inspection, template, results, photos, actor)
    record_change("inspection", inspection.id, InspectionStatus.DRAFT, InspectionStatus.SUBMITTED, actor=actor)
    db.session.commit()
    db.session.refresh(inspection)
    return inspection


def _freeze_scores(inspection: Inspection, template: ChecklistTemplate, card: rules.ScoreCard) -> None:
    by_code = {c.code: c for c in card.categories}
    for category in template.categories:
        score = by_code[category.code]
        db.session.add(CategoryScore(inspection_id=inspection.id, category_id=category.id,
                                     category_code=category.code, earned=score.earned, possible=score.possible))
    db.session.execute(update(Inspection).where(Inspection.id == inspection.id).values(
        score=card.total, grade=card.grade, has_red_line=card.has_red_line))


def _raise_findings(inspection: Inspection, template: ChecklistTemplate, results: dict[int, ItemResult],
                    photos: dict[int, list[Photo]], actor: User) -> None:
    today = local_today()
    neighborhood = inspection.neighborhood
    still_open = open_findings_by_item(neighborhood.id, inspection.company_id, actor)
    for category in template.categories:
        for item in category.items:
            result = results.get(item.id)
            if result is None or result.outcome != ItemOutcome.DEDUCT:
                continue
            if item.code in still_open:  # 重复发现: the open finding counts it again, no twin on the ledger
                _repeat(still_open[item.code][0], inspection, result, photos.get(result.id, []), actor)
                continue
            days = rules.default_deadline_days(category.deadline_days, result.is_red_line,
                                               template.red_line_deadline_days)
            finding = Finding(
                source=FindingSource.PATROL, state=FindingState.OPEN, neighborhood_id=neighborhood.id,
                community_id=neighborhood.community_id, subdistrict_id=neighborhood.community.subdistrict_id,
                company_id=inspection.company_id, category_code=category.code, item_id=item.id,
                inspection_id=inspection.id, item_result_id=result.id, title=f"{item.code} {item.text}"[:200],
                description=scoring.describe(result), deduction=0 if result.is_exempt else result.deduction,
                is_red_line=result.is_red_line, deadline=today + timedelta(days=days), created_by_id=actor.id)
            db.session.add(finding)
            db.session.flush()
            for photo in photos.get(result.id, []):
                photo.finding_id = finding.id
            record_change("finding", finding.id, None, FindingState.OPEN, actor=actor)
            events.announce(events.FINDING_CREATED, finding)


def _repeat(finding: Finding, inspection: Inspection, result: ItemResult, photos: list[Photo], actor: User) -> None:
    record_repeat(finding, inspection_id=inspection.id, item_result_id=result.id,
                  deduction=Decimal(0) if result.is_exempt else result.deduction, actor_id=actor.id)
    for photo in photos:
        photo.finding_id = finding.id  # the new evidence goes on the open finding
    record_change("finding", finding.id, finding.state, finding.state, actor=actor,
                  note=_("重复发现：巡查 #%(id)s 再次发现", id=inspection.id))
