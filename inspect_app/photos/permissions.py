"""Who may see a photo: staff see all, a company only photos of its own findings and reports."""

from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.permissions import STAFF
from inspect_app.core.roles import Role
from inspect_app.findings.models import Finding
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.photos.models import Photo


def can_view_photo(user: User, photo: Photo) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role in (*STAFF, Role.ADMIN):
        return True
    if user.role != Role.COMPANY or user.company_id is None or photo.resident_report_id is not None:
        return False
    companies = _linked_companies(photo)
    # Every link must lead to this company: a photo that also belongs to someone else's case stays hidden.
    return bool(companies) and companies == {user.company_id}


def _linked_companies(photo: Photo) -> set[int | None]:
    """The companies a photo belongs to through its finding and its report (one query each at most)."""
    companies: set[int | None] = set()
    if photo.finding_id is not None:
        companies.add(db.session.scalar(select(Finding.company_id).where(Finding.id == photo.finding_id)))
    if photo.rectification_report_id is not None:
        companies.add(db.session.scalar(
            select(RectificationOrder.company_id)
            .join(RectificationReport, RectificationReport.order_id == RectificationOrder.id)
            .where(RectificationReport.id == photo.rectification_report_id)
        ))
    return companies
