"""The inbox (every account), its preferences, and the admin's list of deliveries in trouble."""

from flask import Blueprint, abort, g, request, url_for
from flask_login import current_user, login_required

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import is_htmx, render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role
from inspect_app.notifications import services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def unread_notifications() -> dict:
    """The header's unread count: loaded with the session's account (auth.services), else asked for here."""
    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        loaded = g.get("unread_notifications")
        return int(loaded) if loaded is not None else services.unread_count(current_user)
    return {"unread_notifications": count}


@bp.get("")
@login_required
def inbox():
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    notifications, has_more = services.inbox(current_user, page=page)
    return render("notifications/inbox.html", notifications=notifications, has_more=has_more, page_number=page)


@bp.post("/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    try:
        notification = services.mark_read(current_user, notification_id)
    except DomainError:
        abort(404)
    if is_htmx():
        return render("notifications/_entry.html", notification=notification)
    target = notification.link if notification.link.startswith("/") else url_for("notifications.inbox")
    return see_other(target)


@bp.post("/read-all")
@login_required
def read_all():
    services.mark_all_read(current_user)
    return see_other(url_for("notifications.inbox"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    setting = services.setting_for(current_user)
    typed = {"email": setting.email, "email_enabled": setting.email_enabled, "sms_enabled": setting.sms_enabled}
    phone = (current_user.phone or "").strip()
    if request.method == "POST":
        typed = {"email": request.form.get("email", "")[:300],
                 "email_enabled": bool(request.form.get("email_enabled")),
                 "sms_enabled": bool(request.form.get("sms_enabled"))}
        try:
            services.save_setting(current_user, **typed)
        except DomainError as error:
            return render("notifications/settings.html", status=422, typed=typed, phone=phone,
                          errors={error.field or "email": error.message})
        return see_other(url_for("notifications.settings", saved=1))
    return render("notifications/settings.html", typed=typed, phone=phone, errors={},
                  saved=bool(request.args.get("saved")))


@bp.get("/deliveries")
@require(Role.ADMIN)
def deliveries():
    return render("notifications/deliveries.html", deliveries=services.troubled_deliveries())


@bp.post("/deliveries/<int:delivery_id>/retry")
@require(Role.ADMIN)
def retry(delivery_id: int):
    try:
        services.retry_delivery(delivery_id)
    except DomainError:
        abort(404)
    return see_other(url_for("notifications.deliveries", retried=delivery_id))

