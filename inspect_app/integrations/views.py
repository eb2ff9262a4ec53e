"""The admin's integrations (对接系统): create a token (shown once), revoke it, subscribe webhooks, see deliveries."""

from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.core import events
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role
from inspect_app.integrations import rules, services
from inspect_app.integrations.models import WebhookSubscription

bp = Blueprint("integrations", __name__, url_prefix="/admin/integrations")


def _page(status: int = 200, **extra):
    items = services.integrations()
    context = {"integrations": items, "subscriptions": {i.id: services.subscriptions(i) for i in items},
               "events": events.EVENTS, "accesses": tuple(rules.Access), "typed": {}, "errors": {},
               "new_token": None, "new_secret": None, "revoked": request.args.get("revoked", type=int)}
    return render("integrations/index.html", status=status, **(context | extra))


@bp.get("")
@require(Role.ADMIN)
def index():
    return _page()


@bp.post("")
@require(Role.ADMIN)
def create():
    typed = {key: request.form.get(key, "")[:200] for key in ("name", "area", "access")}
    try:
        integration, token = services.create_integration(typed["name"], typed["area"], typed["access"],
                                                         actor=current_user)
    except DomainError as error:
        return _page(422, typed=typed, errors={error.field or "name": error.message})
    return _page(201, new_token=(integration, token))  # the only time the token is shown


@bp.post("/<int:integration_id>/revoke")
@require(Role.ADMIN)
def revoke(integration_id: int):
    integration = services.get_integration(integration_id) or abort(404)
    services.revoke(integration)
    return see_other(url_for("integrations.index", revoked=integration.id))


@bp.post("/<int:integration_id>/webhooks")
@require(Role.ADMIN)
def subscribe(integration_id: int):
    integration = services.get_integration(integration_id) or abort(404)
    try:
        subscription, secret = services.subscribe(integration, request.form.get("url", "")[:600],
                                                  request.form.getlist("events"))
    except DomainError as error:
        return _page(422, errors={f"hook-{integration.id}": error.message})
    return _page(201, new_secret=(subscription, secret))


@bp.post("/webhooks/<int:subscription_id>/delete")
@require(Role.ADMIN)
def unsubscribe(subscription_id: int):
    services.unsubscribe(db.session.get(WebhookSubscription, subscription_id) or abort(404))
    return see_other(url_for("integrations.index"))


@bp.get("/deliveries")
@require(Role.ADMIN)
def deliveries():
    return render("integrations/deliveries.html", deliveries=services.deliveries(),
                  attempts=services.attempts_of(services.deliveries()), title=_("推送记录"))
