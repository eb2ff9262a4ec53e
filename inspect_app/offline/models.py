"""A photo the phone has queued for upload: the record lists it until it arrives or is withdrawn."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.checklists.models import ChecklistItem
from inspect_app.core.db import CreatedMixin, IdMixin, Model


class AnnouncedPhoto(IdMixin, CreatedMixin, Model):
    __tablename__ = "announced_photo"
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_item.id"))
    # The key the phone will upload the photo with (its first file is stored as "<key>:0").
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    announced_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    item: Mapped[ChecklistItem] = relationship()
