"""The rectification order (整改通知书) as a printable PDF, stored once per revision of an issued order."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from inspect_app.core.db import db
from inspect_app.core.storage import new_stored_name, write_atomic
from inspect_app.core.time import LOCAL_TZ
from inspect_app.orders.links import verify_url
from inspect_app.orders.models import OrderLine, OrderState, RectificationOrder
from inspect_app.pdf.documents import render_document
from inspect_app.pdf.photos import PhotoSlot, photo_slot
from inspect_app.pdf.service import qr_svg_data_uri
from inspect_app.photos.models import Photo, PhotoKind

__all__ = ["MAX_LINES", "PHOTOS_PER_FINDING", "cn_date", "ensure_order_pdf", "order_context", "render_order_pdf"]

logger = logging.getLogger(__name__)

# An order covers one neighbourhood; more lines than this is abnormal and would make a huge document.
MAX_LINES = 60
PHOTOS_PER_FINDING = 2
# Photos showing the problem; after-photos and follow-up photos belong to the fix, not to the notice.
EVIDENCE_KINDS = (PhotoKind.EVIDENCE, PhotoKind.RESIDENT)
STORE_DIR = "orders"


@dataclass(frozen=True)
class LineView:
    line: OrderLine
    slots: list[PhotoSlot] = field(default_factory=list)


def render_order_pdf(order: RectificationOrder) -> bytes:
    """Render the order (a draft as a preview); raises PdfError with a Chinese message. Needs an app context."""
    context, resources = order_context(order)
    return render_document("pdf/order.html", resources=resources, **context)


def order_context(order: RectificationOrder) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The template context and the photo bytes it references as app-resource:<key>."""
    shown = list(order.lines[:MAX_LINES])
    photos = _evidence_photos([line.finding_id for line in shown])
    resources: dict[str, bytes] = {}
    lines = [LineView(line, [photo_slot(p, resources) for p in photos[line.finding_id]]) for line in shown]
    url = verify_url(order)
    context = {
        "order": order, "lines": lines, "omitted": len(order.lines) - len(shown),
        "issuer": issuing_body(), "is_draft": order.number is None, "watermark": _watermark(order),
        "inspector": order.issued_by or order.created_by, "issued_on": cn_date(order.issued_at),
        "cn_date": cn_date, "qr": qr_svg_data_uri(url), "url": url,
    }
    return context, resources


def issuing_body() -> str:
    return current_app.config.get("DISTRICT_NAME", "") + "物业服务监管工作专班"


def cn_date(value: date | datetime | None) -> str:
    """2026年11月28日; an instant is taken as the local (Asia/Shanghai) day; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return f"{value.year}年{value.month}月{value.day}日"


def _watermark(order: RectificationOrder) -> str:
    if order.number is None:
        return "草稿"
    return "作废" if order.state == OrderState.VOIDED else ""


def _evidence_photos(finding_ids: list[int]) -> defaultdict[int, list[Photo]]:
    """The first PHOTOS_PER_FINDING evidence photos of each finding, oldest first."""
    grouped: defaultdict[int, list[Photo]] = defaultdict(list)
    if not finding_ids:
        return grouped
    stmt = (select(Photo).where(Photo.finding_id.in_(finding_ids), Photo.kind.in_(EVIDENCE_KINDS))
            .order_by(Photo.created_at, Photo.id))
    for photo in db.session.scalars(stmt):
        if photo.finding_id is not None and len(grouped[photo.finding_id]) < PHOTOS_PER_FINDING:
            grouped[photo.finding_id].append(photo)
    return grouped


def ensure_order_pdf(order: RectificationOrder) -> bytes:
    """The PDF of an issued order, rendered once per revision and stored with its hash; drafts are not stored.

    Commits (only the order's pdf_* columns). Raises PdfError with a Chinese message.
    """
    if order.number is None:
        return render_order_pdf(order)
    stored = _stored_bytes(order)
    if stored is not None:
        return stored
    data = render_order_pdf(order)
    _store(order, data)
    return data


def _stored_bytes(order: RectificationOrder) -> bytes | None:
    if order.pdf_revision != order.revision or not order.pdf_path or not order.pdf_sha256:
        return None
    path = _stored_path(order.pdf_path)
    try:
        data = path.read_bytes() if path else None
    except OSError:
        data = None
    if data is None or hashlib.sha256(data).hexdigest() != order.pdf_sha256:
        logger.warning("Stored PDF of order %s missing or altered (%s): rendering again", order.id, order.pdf_path)
        return None
    return data


def _store(order: RectificationOrder, data: bytes) -> None:
    """Write the file, then record it unless the order changed meanwhile (then the file is dropped)."""
    relative = f"{STORE_DIR}/{new_stored_name('pdf')}"
    path = _stored_path(relative)
    assert path is not None
    write_atomic(path, data)
    old = order.pdf_path
    # A bulk UPDATE leaves lock_version alone: storing the PDF must not make open order forms stale.
    stmt = (update(RectificationOrder)
            .where(RectificationOrder.id == order.id, RectificationOrder.revision == order.revision)
            .values(pdf_path=relative, pdf_sha256=hashlib.sha256(data).hexdigest(), pdf_revision=order.revision))
    try:
        stored = cast(CursorResult[Any], db.session.execute(stmt)).rowcount == 1
        db.session.commit()
    except BaseException:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise
    _remove(old if stored else relative)


def _stored_path(relative: str) -> Path | None:
    """The absolute path of a stored order PDF, or None if `relative` points outside the orders folder."""
    root = (Path(current_app.config["UPLOAD_FOLDER"]) / STORE_DIR).resolve()
    path = (root.parent / relative).resolve()
    return path if path.is_relative_to(root) and path != root else None


def _remove(relative: str | None) -> None:
    path = _stored_path(relative) if relative else None
    if path is not None:
        path.unlink(missing_ok=True)
