"""The 督办单 as a PDF: the order's number, company, neighbourhood, its overdue findings, level and days late.

Rendered by the one PDF service (inspect_app.pdf) on each download: everything it shows is recorded on the
escalation or the order.
"""

from inspect_app.escalations.models import Escalation
from inspect_app.escalations.services import level_names
from inspect_app.orders.links import order_url
from inspect_app.orders.pdf import cn_date, issuing_body
from inspect_app.pdf.documents import render_document
from inspect_app.pdf.service import qr_svg_data_uri


def render_escalation_pdf(escalation: Escalation) -> bytes:
    """Raises PdfError with a Chinese message. Needs an app context."""
    order = escalation.order
    url = order_url(order)
    lines = [line for line in order.lines if line.finding.escalation_level is not None] or list(order.lines)
    return render_document(
        "pdf/escalation.html", escalation=escalation, order=order, lines=lines, issuer=issuing_body(),
        level=level_names()[escalation.level], issued_on=cn_date(escalation.created_at), cn_date=cn_date,
        qr=qr_svg_data_uri(url), url=url)
