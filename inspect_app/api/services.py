"""What the API reads and writes, always as the integration's own account: scoped exactly like staff of its
area (`Model.visible_to`); the finding it creates goes through the ledger's own parser and use case."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask import url_for
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from inspect_app.assessment import ranking
from inspect_app.assessment import services as assessment
from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.forms import plain_text
from inspect_app.findings import forms, ledger
from inspect_app.findings import services as findings
from inspect_app.findings.models import Finding, StateChange
from inspect_app.inspections.models import Inspection, InspectionStatus
from inspect_app.orders.models import OrderLine, OrderState, RectificationOrder
from inspect_app.places.models import Community, Neighborhood, PropertyCompany


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _page(stmt: Select, page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return Page(list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique()),
                total, page, per_page)


def neighborhoods(user: User, page: int, per_page: int) -> Page:
    stmt = (select(Neighborhood).where(Neighborhood.visible_to(user))
            .options(joinedload(Neighborhood.community).joinedload(Community.subdistrict),
                     joinedload(Neighborhood.company)).order_by(Neighborhood.name, Neighborhood.id))
    return _page(stmt, page, per_page)


def neighborhood(user: User, neighborhood_id: int) -> Neighborhood | None:
    return db.session.scalar(select(Neighborhood).where(Neighborhood.id == neighborhood_id,
                                                        Neighborhood.visible_to(user)))


def _companies(user: User) -> Select:
    served = select(Neighborhood.company_id).where(Neighborhood.visible_to(user), Neighborhood.company_id.is_not(None))
    return select(PropertyCompany).where(PropertyCompany.id.in_(served)).order_by(PropertyCompany.name)


def companies(user: User, page: int, per_page: int) -> Page:
    """The companies serving a neighbourhood of the area."""
    return _page(_companies(user), page, per_page)


def company(user: User, company_id: int) -> PropertyCompany | None:
    return db.session.scalar(_companies(user).where(PropertyCompany.id == company_id))


def findings_page(user: User, args: dict[str, str], today: date) -> Page:
    """The ledger's list: its filters parsed by the ledger (a value it would ignore is a 422 here)."""
    filters, errors = ledger.parse_filters(args, ledger.category_names())
    if errors:
        raise DomainError(" ".join(errors), status=422)
    per_page = int(args.get("per_page") or 50)
    result = ledger.ledger_page(filters, user, today, per_page=per_page)
    if filters.page > result.page:  # the ledger shows its last page; the API answers the page asked for
        return Page([], result.total, filters.page, per_page)
    return Page(result.findings, result.total, result.page, per_page)


def finding(user: User, finding_id: int) -> Finding | None:
    return findings.get_finding_for(user, finding_id)


def history(finding_: Finding) -> list[StateChange]:
    return findings.timeline(finding_)


def progress(user: User, finding_: Finding) -> dict[str, Any]:
    """A finding with its latest order (if the account may see it: not a draft) and every move."""
    order, _patrol = findings.order_and_patrol(finding_, user)
    shown = order if order is not None and order.state != OrderState.DRAFT else None
    return {"order": order_fields(shown) if shown else None, "history": history(finding_)}


def create_finding(user: User, data: dict[str, Any], today: date) -> tuple[Finding, bool]:
    """A finding raised by the integration (its ticket number kept); the same ticket again returns the first."""
    ref = plain_text(data.get("external_ref") or "").strip() or None  # no NUL or control characters
    if ref:
        existing = db.session.scalar(select(Finding).where(Finding.external_ref == ref,
                                                           Finding.created_by_id == user.id))
        if existing is not None:
            return existing, False
    visible = neighborhood(user, data["neighborhood_id"])
    form = {"neighborhood": str(data["neighborhood_id"]), "category": data["category_code"],
            "title": plain_text(data["title"]), "description": plain_text(data.get("description") or "")}
    parsed, errors = forms.parse_new_finding(form, category_codes=ledger.category_names(),
                                             neighborhood_ids={visible.id} if visible else set())
    if parsed is None:
        raise DomainError(" ".join(f"{field}: {message}" for field, message in errors.items()), status=422)
    created = findings.create_manual_finding(replace(parsed, external_ref=ref), [], actor=user, today=today)
    return created, True


def _orders(user: User) -> Select:
    return (select(RectificationOrder)
            .where(RectificationOrder.visible_to(user), RectificationOrder.state != OrderState.DRAFT)
            .order_by(RectificationOrder.issued_at.desc(), RectificationOrder.id.desc()))


def orders(user: User, page: int, per_page: int) -> Page:
    return _page(_orders(user), page, per_page)


def order(user: User, order_id: int) -> RectificationOrder | None:
    return db.session.scalar(_orders(user).where(RectificationOrder.id == order_id).options(
        selectinload(RectificationOrder.lines).joinedload(OrderLine.finding)))


def order_fields(order_: RectificationOrder) -> dict[str, Any]:
    return {"id": order_.id, "number": order_.number, "state": order_.state, "deadline": order_.deadline,
            "neighborhood_id": order_.neighborhood_id, "company_id": order_.company_id,
            "issued_at": order_.issued_at, "acknowledged_at": order_.acknowledged_at,
            "pdf_url": url_for("api.order_pdf", order_id=order_.id, _external=True)}


def inspections(user: User, page: int, per_page: int) -> Page:
    """Submitted patrol records of the area (drafts are the inspector's own)."""
    stmt = (select(Inspection).where(Inspection.visible_to(user), Inspection.status == InspectionStatus.SUBMITTED)
            .order_by(Inspection.submitted_at.desc(), Inspection.id.desc()))
    return _page(stmt, page, per_page)


def inspection(user: User, inspection_id: int) -> Inspection | None:
    return db.session.scalar(select(Inspection).where(
        Inspection.id == inspection_id, Inspection.visible_to(user), Inspection.status == InspectionStatus.SUBMITTED))


def published_periods() -> list[AssessmentPeriod]:
    return assessment.periods(published_only=True)


def published_ranking(code: str) -> dict[str, Any] | None:
    """A published quarter's public ranking (the same for every area: it is public)."""
    period = assessment.get_period(code)
    if period is None or not period.is_published:
        return None
    result = ranking.ranking(period, public=True)
    return {"code": period.code, "starts_on": period.starts_on, "ends_on": period.ends_on,
            "published_at": period.published_at, "rows": result.rows}
