"""Reading a patrol: its checklist version, answers, photos and findings, each in one statement."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspect_app.auth.models import User
from inspect_app.checklists.models import ChecklistCategory, ChecklistItem, ChecklistTemplate
from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection, InspectionKind, InspectionStatus, ItemResult
from inspect_app.offline.models import AnnouncedPhoto
from inspect_app.photos.models import Photo
from inspect_app.photos.uploads import file_key
from inspect_app.places.models import Neighborhood


def load_template(template_id: int) -> ChecklistTemplate:
    """The template with categories, items and presets in three queries, not one per item."""
    template = db.session.scalar(
        select(ChecklistTemplate).where(ChecklistTemplate.id == template_id).options(
            selectinload(ChecklistTemplate.categories).selectinload(ChecklistCategory.items)
            .selectinload(ChecklistItem.presets)))
    assert template is not None, "an inspection's template is never deleted"
    return template


def results_by_item(inspection: Inspection) -> dict[int, ItemResult]:
    stmt = select(ItemResult).where(ItemResult.inspection_id == inspection.id)
    return {r.item_id: r for r in db.session.scalars(stmt)}


def photos_by_result(inspection: Inspection) -> dict[int, list[Photo]]:
    photos: dict[int, list[Photo]] = {}
    stmt = select(Photo).where(Photo.inspection_id == inspection.id).order_by(Photo.id)
    for photo in db.session.scalars(stmt):
        if photo.item_result_id is not None:
            photos.setdefault(photo.item_result_id, []).append(photo)
    return photos


def item_of(inspection: Inspection, item_id: int) -> ChecklistItem | None:
    """An item of the inspection's own checklist version, or None."""
    item = db.session.get(ChecklistItem, item_id)
    return item if item is not None and item.category.template_id == inspection.template_id else None


def findings_of(inspection: Inspection) -> list[Finding]:
    return list(db.session.scalars(select(Finding).where(Finding.inspection_id == inspection.id)
                                   .order_by(Finding.id)))


def item_result(inspection: Inspection, item: ChecklistItem) -> ItemResult | None:
    return db.session.scalar(select(ItemResult).where(
        ItemResult.inspection_id == inspection.id, ItemResult.item_id == item.id))


def missing_photos(inspection: Inspection) -> list[AnnouncedPhoto]:
    """Announced photos that have not arrived, oldest first."""
    announced = db.session.scalars(select(AnnouncedPhoto).where(AnnouncedPhoto.inspection_id == inspection.id)
                                   .order_by(AnnouncedPhoto.id)).all()
    arrived_keys = arrived({a.client_key for a in announced})
    return [a for a in announced if a.client_key not in arrived_keys]


def arrived(keys: set[str]) -> set[str]:
    """Which of these announced keys have their photo stored (an upload's first file is "<key>:0")."""
    if not keys:
        return set()
    stored = set(db.session.scalars(select(Photo.client_key).where(
        Photo.client_key.in_([file_key(key, 0) for key in keys]))))
    return {key for key in keys if file_key(key, 0) in stored}


def draft_patrol(neighborhood: Neighborhood, inspector: User) -> Inspection | None:
    """The inspector's unfinished patrol of this neighbourhood, if any."""
    return db.session.scalar(select(Inspection).where(
        Inspection.neighborhood_id == neighborhood.id, Inspection.inspector_id == inspector.id,
        Inspection.kind == InspectionKind.PATROL, Inspection.status == InspectionStatus.DRAFT))
