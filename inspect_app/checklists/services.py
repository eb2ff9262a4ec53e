"""Checklist template use cases: import, find the version in use, and the admin's draft → publish cycle."""

import logging
from itertools import groupby
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from inspect_app.auth.models import User
from inspect_app.checklists.loader import ChecklistError, checklist_data, load_checklist_file, validate_checklist
from inspect_app.checklists.models import (
    ChecklistCategory,
    ChecklistItem,
    ChecklistTemplate,
    DeductionPreset,
    TemplateStatus,
)
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError

log = logging.getLogger(__name__)


def import_template(data: dict[str, Any], *, status: TemplateStatus = TemplateStatus.PUBLISHED,
                    actor_id: int | None = None) -> ChecklistTemplate:
    """A new version of the template with data's code; publishing retires the previous published one."""
    version = (db.session.scalar(select(func.max(ChecklistTemplate.version))
                                 .where(ChecklistTemplate.code == data["code"])) or 0) + 1
    template = ChecklistTemplate(code=data["code"], version=version, name=data["name"], status=status,
                                 red_line_deadline_days=data.get("red_line_deadline_days", 1),
                                 created_by_id=actor_id)
    template.categories = _build_categories(data["categories"])
    if status == TemplateStatus.PUBLISHED:
        _retire_published(data["code"])
        template.published_at = utcnow()
    db.session.add(template)
    db.session.flush()
    return template


def _build_categories(categories: list[dict[str, Any]]) -> list[ChecklistCategory]:
    result = []
    for c_pos, cat in enumerate(categories):
        category = ChecklistCategory(code=cat["code"], name=cat["name"], name_en=cat.get("name_en", ""),
                                     max_points=cat["max_points"], deadline_days=cat["deadline_days"],
                                     position=c_pos)
        for i_pos, it in enumerate(cat["items"]):
            item = ChecklistItem(code=it["code"], text=it["text"], max_points=it["max_points"],
                                 photo_required=it["photo_required"], gated_only=it["gated_only"],
                                 is_exemptable=it["exemptable"], requirement=it["requirement"],
                                 position=i_pos)
            item.presets = [
                DeductionPreset(label=p["label"], amount=p["amount"], unit=p.get("unit"),
                                is_red_line=p.get("red_line", False), position=p_pos)
                for p_pos, p in enumerate(it["presets"])
            ]
            category.items.append(item)
        result.append(category)
    return result


def _retire_published(code: str) -> None:
    for old in db.session.scalars(select(ChecklistTemplate).where(
            ChecklistTemplate.code == code, ChecklistTemplate.status == TemplateStatus.PUBLISHED)):
        old.status = TemplateStatus.RETIRED


def current_template(code: str = "default") -> ChecklistTemplate | None:
    return db.session.scalar(select(ChecklistTemplate).where(
        ChecklistTemplate.code == code, ChecklistTemplate.status == TemplateStatus.PUBLISHED))


def ensure_default_template() -> ChecklistTemplate:
    """A fresh install and seed-demo both start from the shipped data file."""
    template = current_template()
    if template is None:
        template = import_template(load_checklist_file())
        db.session.commit()
    return template


# --- Admin: versions, drafts, publishing -----------------------------------------------------------

def versions_by_code() -> list[tuple[str, list[tuple[ChecklistTemplate, int]]]]:
    """Every version with its item count, grouped by template code, newest version first."""
    stmt = (select(ChecklistTemplate, func.count(ChecklistItem.id))
            .outerjoin(ChecklistCategory, ChecklistCategory.template_id == ChecklistTemplate.id)
            .outerjoin(ChecklistItem, ChecklistItem.category_id == ChecklistCategory.id)
            .group_by(ChecklistTemplate.id)
            .order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc()))
    rows = [(template, count) for template, count in db.session.execute(stmt)]
    return [(code, list(group)) for code, group in groupby(rows, key=lambda row: row[0].code)]


def get_template(template_id: int) -> ChecklistTemplate | None:
    """One version with its categories, items and presets loaded in a few queries."""
    return db.session.scalar(
        select(ChecklistTemplate).where(ChecklistTemplate.id == template_id).options(
            selectinload(ChecklistTemplate.categories).selectinload(ChecklistCategory.items)
            .selectinload(ChecklistItem.presets)))


def draft_for(code: str) -> ChecklistTemplate | None:
    return db.session.scalar(select(ChecklistTemplate).where(
        ChecklistTemplate.code == code, ChecklistTemplate.status == TemplateStatus.DRAFT))


def ensure_draft(template: ChecklistTemplate) -> None:
    """Published and retired versions are read-only: inspections keep the version they used."""
    if template.status != TemplateStatus.DRAFT:
        raise DomainError(_("第 %(v)s 版已发布或已停用，不能修改；请先复制为新草稿再编辑。", v=template.version),
                          status=409)


def _check_lock(template: ChecklistTemplate, lock_version: int | None) -> None:
    if lock_version is not None and lock_version != template.lock_version:
        raise _stale_error()


def _stale_error() -> DomainError:
    return DomainError(_("此草稿已被他人修改，您的操作未生效。请重新打开草稿查看最新内容后再试。"),
                       field="lock_version", status=409)


def _validated(template: ChecklistTemplate) -> dict[str, Any]:
    try:
        return validate_checklist(checklist_data(template))
    except ChecklistError as error:
        raise DomainError(_("检查表校验未通过：%(detail)s", detail=str(error))) from error


def copy_as_draft(template: ChecklistTemplate, *, actor: User) -> ChecklistTemplate:
    """A new draft version with the same content; the code's existing draft if there already is one."""
    existing = draft_for(template.code)
    if existing is not None:
        return existing
    data = _validated(template)
    try:
        draft = import_template(data, status=TemplateStatus.DRAFT, actor_id=actor.id)
        db.session.commit()
    except IntegrityError:
        # Two admins copying at once: the loser of the (code, version) race gets the winner's draft.
        db.session.rollback()
        existing = draft_for(data["code"])
        if existing is None:
            raise
        return existing
    log.info("checklist %s v%s drafted from v%s by user %s", draft.code, draft.version, template.version,
             actor.id)
    return draft


def save_draft(template: ChecklistTemplate, data: dict[str, Any], *, actor: User,
               lock_version: int | None) -> ChecklistTemplate:
    """Replace the draft's content with validated `data`, refusing if someone saved it meanwhile."""
    ensure_draft(template)
    _check_lock(template, lock_version)
    template.name = data["name"]
    template.red_line_deadline_days = data["red_line_deadline_days"]
    # Content lives in child rows: touch the template so its lock_version is checked and bumped.
    flag_modified(template, "name")
    try:
        template.categories.clear()
        db.session.flush()
        template.categories.extend(_build_categories(data["categories"]))
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise _stale_error() from error
    log.info("checklist %s v%s draft saved by user %s", template.code, template.version, actor.id)
    return template


def publish(template: ChecklistTemplate, *, actor: User, lock_version: int | None = None) -> ChecklistTemplate:
    """Publish a valid draft and retire the code's previously published version."""
    ensure_draft(template)
    _check_lock(template, lock_version)
    _validated(template)
    _retire_published(template.code)
    template.status = TemplateStatus.PUBLISHED
    template.published_at = utcnow()
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise _stale_error() from error
    log.info("checklist %s v%s published by user %s", template.code, template.version, actor.id)
    return template


def discard(template: ChecklistTemplate, *, actor: User) -> None:
    """Delete a draft that will not be published."""
    ensure_draft(template)
    code, version = template.code, template.version
    db.session.delete(template)
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise _stale_error() from error
    log.info("checklist %s v%s draft discarded by user %s", code, version, actor.id)
