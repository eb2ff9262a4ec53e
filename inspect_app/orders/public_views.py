"""The public check of a printed order (扫码验真): anyone may open it from the PDF's QR code, no login.

It shows what the paper shows at the top — number, issuing office, date, state, deadline — and nothing personal
(no names of people, no phones, no photos). A logged-in party who may see the order is offered the order itself.
"""

from flask import Blueprint, Response, abort, render_template, url_for
from flask_login import current_user

from inspect_app.core.db import db
from inspect_app.orders import services
from inspect_app.orders.links import token_matches
from inspect_app.orders.models import RectificationOrder
from inspect_app.orders.pdf import cn_date, issuing_body

bp = Blueprint("order_verify", __name__)


@bp.get("/v/<int:order_id>/<token>")
def verify(order_id: int, token: str) -> Response:
    if not token_matches(order_id, token):
        abort(404)
    order = db.session.get(RectificationOrder, order_id)
    if order is None or order.number is None:  # a draft's preview is no order: nothing to vouch for
        abort(404)
    own = current_user.is_authenticated and services.get_order_for(current_user, order_id) is not None
    response = Response(render_template("orders/verify.html", order=order, issuer=issuing_body(),
                                        issued_on=cn_date(order.issued_at), deadline=cn_date(order.deadline),
                                        order_link=url_for("orders.detail", order_id=order_id) if own else None))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
