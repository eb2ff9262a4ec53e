"""Reads for the transfer pages: the staff's list, a finding's transfers, what the department may see."""

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.photos.models import Photo
from inspect_app.transfers.models import Transfer
from inspect_app.transfers.rules import TransferState

LIST_LIMIT = 200


def transfer_list(user: User, *, state: str | None = None) -> list[Transfer]:
    """The user's area's transfers: pending first by deadline (the overdue at the top), then the answered, newest
    first."""
    stmt = (select(Transfer).where(Transfer.visible_to(user))
            .options(joinedload(Transfer.department), joinedload(Transfer.finding).joinedload(Finding.neighborhood),
                     joinedload(Transfer.transferred_by))
            .order_by(case((Transfer.state == TransferState.PENDING, 0), else_=1),
                      case((Transfer.state == TransferState.PENDING, Transfer.deadline)),
                      Transfer.replied_at.desc(), Transfer.id.desc())
            .limit(LIST_LIMIT))
    if state:
        stmt = stmt.where(Transfer.state == state)
    return list(db.session.scalars(stmt))


def finding_transfers(finding: Finding) -> list[Transfer]:
    """Every transfer of a finding, oldest first (a returned one may be transferred again elsewhere)."""
    return list(db.session.scalars(select(Transfer).where(Transfer.finding_id == finding.id)
                                   .options(joinedload(Transfer.department)).order_by(Transfer.id)))


def _department_may_see(transfer: Transfer):
    # The finding's own evidence and fixes; never a resident's photo (residents' data stays with the district),
    # nor an appeal's (the company's case).
    return (Photo.finding_id == transfer.finding_id, Photo.resident_report_id.is_(None), Photo.appeal_id.is_(None))


def department_photos(transfer: Transfer) -> list[Photo]:
    return list(db.session.scalars(select(Photo).where(*_department_may_see(transfer)).order_by(Photo.id)))


def department_photo(transfer: Transfer, photo_id: int) -> Photo | None:
    return db.session.scalar(select(Photo).where(Photo.id == photo_id, *_department_may_see(transfer)))
