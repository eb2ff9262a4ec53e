"""The API's findings (the ledger's list and filters, one finding's progress and history, a new one), orders with
their PDF, and patrol records; on the blueprint of `api.views`."""

from typing import Any

from flask import Response, request
from flask_babel import gettext as _
from flask_smorest import abort

from inspect_app.api import schemas, services
from inspect_app.api.views import account, bp, paged, require_write
from inspect_app.core.errors import DomainError
from inspect_app.core.responses import pdf_response
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding
from inspect_app.orders.pdf import ensure_order_pdf
from inspect_app.pdf.service import PdfError


def _finding(finding_id: int) -> Finding:
    return services.finding(account(), finding_id) or abort(404, message=_("找不到该问题"))


class Shown:
    """An object with extra attributes (its progress) for the response schema to read beside its own."""

    def __init__(self, wrapped: object, **extra: Any) -> None:
        self._wrapped = wrapped
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)


def _detail(finding: Finding) -> Shown:
    return Shown(finding, **services.progress(account(), finding))


@bp.get("/findings")
@bp.arguments(schemas.FindingArgs, location="query")
@bp.response(200, schemas.FindingPage)
def findings(_args: dict[str, Any]) -> dict[str, Any]:
    """The rectification ledger (整改台账) of the token's area, newest first, with the ledger's filters."""
    return paged(services.findings_page(account(), request.args.to_dict(), local_today()))


@bp.post("/findings")
@bp.arguments(schemas.NewFindingSchema)
@bp.response(201, schemas.FindingDetail)
@bp.alt_response(200, schema=schemas.FindingDetail, description="This external_ref was created before: that one")
def create_finding(data: dict[str, Any]) -> Any:
    """Put a problem on the ledger (e.g. a 12345 ticket, its number in external_ref); needs a read-write token."""
    require_write()
    finding, created = services.create_finding(account(), data, local_today())
    return _detail(finding), 201 if created else 200


@bp.get("/findings/<int:finding_id>")
@bp.response(200, schemas.FindingDetail)
def finding(finding_id: int) -> Shown:
    """One finding and its progress: state, deadline, overdue, its order, every move."""
    return _detail(_finding(finding_id))


@bp.get("/findings/<int:finding_id>/history")
@bp.response(200, schemas.StateChangeSchema(many=True))
def finding_history(finding_id: int) -> Any:
    """Every move of the finding: when, from which state to which, by whom, why."""
    return services.history(_finding(finding_id))


@bp.get("/orders")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.OrderPage)
def orders(page: int, per_page: int) -> dict[str, Any]:
    """Issued rectification orders (整改通知书) of the area, newest first (drafts are not shown)."""
    result = services.orders(account(), page, per_page)
    return paged(services.Page([services.order_fields(o) for o in result.items], result.total, result.page,
                               result.per_page))


@bp.get("/orders/<int:order_id>")
@bp.response(200, schemas.OrderDetail)
def order(order_id: int) -> dict[str, Any]:
    found = services.order(account(), order_id) or abort(404, message=_("找不到该整改通知书"))
    return services.order_fields(found) | {"lines": found.lines}


@bp.get("/orders/<int:order_id>/pdf")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/pdf")
def order_pdf(order_id: int) -> Response:
    """The order's PDF, as printed."""
    found = services.order(account(), order_id) or abort(404, message=_("找不到该整改通知书"))
    try:
        data = ensure_order_pdf(found)
    except PdfError as failure:
        raise DomainError(str(failure), status=503) from failure
    return pdf_response(data, f"order-{found.year}-{found.sequence}.pdf")


@bp.get("/inspections")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.InspectionPage)
def inspections(page: int, per_page: int) -> dict[str, Any]:
    """Submitted patrol records (巡查记录) of the area, newest first."""
    return paged(services.inspections(account(), page, per_page))


@bp.get("/inspections/<int:inspection_id>")
@bp.response(200, schemas.InspectionSchema)
def inspection(inspection_id: int) -> Any:
    return services.inspection(account(), inspection_id) or abort(404, message=_("找不到该巡查记录"))
