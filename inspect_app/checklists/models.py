"""Versioned checklist templates: categories, items and their deduction presets."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.core.db import CreatedMixin, IdMixin, Model

Points = Numeric(6, 2)


class TemplateStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class ChecklistTemplate(IdMixin, CreatedMixin, Model):
    __tablename__ = "checklist_template"
    __table_args__ = (UniqueConstraint("code", "version"),)
    code: Mapped[str] = mapped_column(String(50))
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default=TemplateStatus.DRAFT, index=True)
    red_line_deadline_days: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    categories: Mapped[list["ChecklistCategory"]] = relationship(
        back_populates="template", order_by="ChecklistCategory.position", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_draft(self) -> bool:
        return self.status == TemplateStatus.DRAFT


class ChecklistCategory(IdMixin, Model):
    __tablename__ = "checklist_category"
    __table_args__ = (UniqueConstraint("template_id", "code"),)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(50), default="")
    max_points: Mapped[Decimal] = mapped_column(Points)
    deadline_days: Mapped[int] = mapped_column(default=7)
    position: Mapped[int] = mapped_column(default=0)

    template: Mapped[ChecklistTemplate] = relationship(back_populates="categories")
    items: Mapped[list["ChecklistItem"]] = relationship(
        back_populates="category", order_by="ChecklistItem.position", cascade="all, delete-orphan"
    )


class ChecklistItem(IdMixin, Model):
    __tablename__ = "checklist_item"
    __table_args__ = (UniqueConstraint("category_id", "code"),)
    category_id: Mapped[int] = mapped_column(ForeignKey("checklist_category.id"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    max_points: Mapped[Decimal] = mapped_column(Points)
    photo_required: Mapped[bool] = mapped_column(default=False)
    gated_only: Mapped[bool] = mapped_column(default=False)
    is_exemptable: Mapped[bool] = mapped_column(default=False)
    requirement: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    category: Mapped[ChecklistCategory] = relationship(back_populates="items")
    presets: Mapped[list["DeductionPreset"]] = relationship(
        back_populates="item", order_by="DeductionPreset.position", cascade="all, delete-orphan"
    )


class DeductionPreset(IdMixin, Model):
    __tablename__ = "deduction_preset"
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_item.id"), index=True)
    label: Mapped[str] = mapped_column(String(50))
    amount: Mapped[Decimal] = mapped_column(Points)
    unit: Mapped[str | None] = mapped_column(String(10))
    is_red_line: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    item: Mapped[ChecklistItem] = relationship(back_populates="presets")
