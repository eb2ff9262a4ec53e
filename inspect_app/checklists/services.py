"""Checklist template use cases: import a validated checklist, find the version in use."""

from typing import Any

from sqlalchemy import func, select

from inspect_app.checklists.loader import load_checklist_file
from inspect_app.checklists.models import (
    ChecklistCategory,
    ChecklistItem,
    ChecklistTemplate,
    DeductionPreset,
    TemplateStatus,
)
from inspect_app.core.db import db, utcnow


def import_template(data: dict[str, Any], *, status: TemplateStatus = TemplateStatus.PUBLISHED,
                    actor_id: int | None = None) -> ChecklistTemplate:
    """A new version of the template with data's code; publishing retires the previous published one."""
    version = (db.session.scalar(select(func.max(ChecklistTemplate.version))
                                 .where(ChecklistTemplate.code == data["code"])) or 0) + 1
    template = ChecklistTemplate(code=data["code"], version=version, name=data["name"], status=status,
                                 red_line_deadline_days=data.get("red_line_deadline_days", 1),
                                 created_by_id=actor_id)
    for c_pos, cat in enumerate(data["categories"]):
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
        template.categories.append(category)
    if status == TemplateStatus.PUBLISHED:
        _retire_published(data["code"])
        template.published_at = utcnow()
    db.session.add(template)
    db.session.flush()
    return template


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
