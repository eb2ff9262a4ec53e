"""The department's page, without an account: `/t/<id>/<token>` shows the finding and takes its one reply."""

from typing import Any

from flask import Blueprint, Response, abort, request, send_file
from flask_babel import gettext as _

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render
from inspect_app.core.time import local_today
from inspect_app.core.uploads import accepts_uploads
from inspect_app.photos.forms import photo_upload
from inspect_app.photos.services import VARIANTS, photo_path
from inspect_app.transfers import forms, links, queries, services
from inspect_app.transfers.models import Transfer

bp = Blueprint("department", __name__, url_prefix="/t")


def _transfer(transfer_id: int, token: str) -> Transfer:
    """A wrong token is answered as if the transfer did not exist."""
    if not links.token_matches(transfer_id, token):
        abort(404)
    return db.session.get(Transfer, transfer_id) or abort(404)


def _page(transfer: Transfer, *, status: int = 200, **extra: Any) -> Response:
    response = render("transfers/reply.html", status=status, transfer=transfer, finding=transfer.finding,
                      photos=queries.department_photos(transfer), token=links.reply_token(transfer.id),
                      today=local_today(),
                      **({"typed": {}, "error": None, "error_field": None} | extra))
    response.headers["Referrer-Policy"] = "no-referrer"  # the link is the department's key
    return response


@bp.get("/<int:transfer_id>/<token>")
def page(transfer_id: int, token: str) -> Response:
    return _page(_transfer(transfer_id, token))


@bp.post("/<int:transfer_id>/<token>")
@accepts_uploads()
def reply(transfer_id: int, token: str) -> Response:
    transfer = _transfer(transfer_id, token)
    data = forms.parse_reply(request.form)
    try:
        services.reply(transfer, answer=data.reply, text=data.text,
                       photos=photo_upload(request.form, request.files), today=local_today())
    except DomainError as error:
        if error.status not in (409, 413, 422):
            raise
        return _page(transfer, status=error.status, typed=request.form.to_dict(), error=error.message,
                     error_field=error.field)
    return _page(transfer, done_message=_("已收到贵单位的答复，谢谢。"))


@bp.get("/<int:transfer_id>/<token>/photos/<int:photo_id>/<variant>")
def photo(transfer_id: int, token: str, photo_id: int, variant: str) -> Response:
    photo = queries.department_photo(_transfer(transfer_id, token), photo_id) if variant in VARIANTS else None
    path = photo_path(photo, variant) if photo else None
    if path is None or not path.is_file():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", conditional=True, etag=True, max_age=3600)
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
