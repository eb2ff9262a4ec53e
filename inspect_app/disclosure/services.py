"""Publishing a neighbourhood's board: the company's new version, the committee's documents (stored, withdrawn)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.storage import new_stored_name, write_atomic
from inspect_app.disclosure import permissions, rules
from inspect_app.disclosure.models import CommitteeDocument, ServiceDisclosure
from inspect_app.photos.pipeline import PhotoError, PhotoLimits, process_photo
from inspect_app.places.models import Neighborhood

SCAN_LIMITS = PhotoLimits(display_max=2400)  # a scanned sheet of accounts stays legible


def current(neighborhood: Neighborhood) -> ServiceDisclosure | None:
    """The newest version by the company serving the neighbourhood now (a former company's entries are history)."""
    if neighborhood.company_id is None:
        return None
    return db.session.scalar(select(ServiceDisclosure)
                             .where(ServiceDisclosure.neighborhood_id == neighborhood.id,
                                    ServiceDisclosure.company_id == neighborhood.company_id)
                             .order_by(ServiceDisclosure.id.desc()).limit(1))


def as_input(version: ServiceDisclosure | None) -> rules.DisclosureInput | None:
    return None if version is None else _fields(version)


def _fields(version: ServiceDisclosure) -> rules.DisclosureInput:
    return rules.DisclosureInput(version.project_manager, version.service_phone, version.service_standard,
                                 version.fee_standard)


def save_disclosure(neighborhood: Neighborhood, data: rules.DisclosureInput, *, actor: User) -> bool:
    """A new version when something changed (False: the same as shown, nothing recorded)."""
    if not permissions.can_edit_disclosure(actor, neighborhood):
        raise DomainError(_("只有为该小区服务的物业企业可以修改公示内容"), status=403)
    if not rules.changed(as_input(current(neighborhood)), data):
        return False
    assert neighborhood.company_id is not None, "can_edit_disclosure: a company serves it"
    db.session.add(ServiceDisclosure(neighborhood_id=neighborhood.id, company_id=neighborhood.company_id,
                                     created_by_id=actor.id, **asdict(data)))
    db.session.commit()
    return True


def history(neighborhood: Neighborhood) -> list[tuple[ServiceDisclosure, list[str]]]:
    """Every version, newest first, with the fields it changed."""
    versions = list(db.session.scalars(select(ServiceDisclosure)
                                       .where(ServiceDisclosure.neighborhood_id == neighborhood.id)
                                       .order_by(ServiceDisclosure.id)))
    changes = [rules.changed(as_input(before) if before and before.company_id == v.company_id else None, _fields(v))
               for before, v in zip([None, *versions], versions, strict=False)]
    return list(reversed(list(zip(versions, changes, strict=True))))


def documents_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]).resolve().parent / "disclosure"


def add_document(neighborhood: Neighborhood, title: str, data: bytes, mimetype: str, *,
                 actor: User) -> CommitteeDocument:
    """Keep a committee document: a PDF as sent, a picture re-encoded (no EXIF, no GPS) like a photo."""
    if not permissions.can_publish_committee_accounts(actor, neighborhood):
        raise DomainError(_("没有公开业委会账目的权限"), status=403)
    if mimetype != "application/pdf":
        try:
            data, mimetype = process_photo(data, watermark_lines=(), limits=SCAN_LIMITS).display_jpeg, "image/jpeg"
        except PhotoError as error:
            raise DomainError(error.message, field="document") from error
    name = new_stored_name("pdf" if mimetype == "application/pdf" else "jpg")
    write_atomic(documents_folder() / name, data)
    document = CommitteeDocument(neighborhood_id=neighborhood.id, title=title, stored_name=name, mimetype=mimetype,
                                 size=len(data), uploaded_by_id=actor.id)
    db.session.add(document)
    db.session.commit()
    return document


def withdraw_document(document: CommitteeDocument, *, actor: User) -> None:
    if not permissions.can_publish_committee_accounts(actor, document.neighborhood):
        raise DomainError(_("没有公开业委会账目的权限"), status=403)
    if document.withdrawn_at is None:
        document.withdrawn_at = utcnow()
        db.session.commit()


def document_path(document: CommitteeDocument) -> Path:
    return documents_folder() / document.stored_name
