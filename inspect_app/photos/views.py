"""Serving stored photos, only to those allowed to see them."""

from flask import Blueprint, Response, abort, send_file
from flask_login import current_user

from inspect_app.core.permissions import require
from inspect_app.photos.services import VARIANTS, get_photo_for, photo_path

bp = Blueprint("photos", __name__, url_prefix="/photos")

MAX_AGE = 86400


@bp.get("/<int:photo_id>/<variant>")
@require()
def file(photo_id: int, variant: str) -> Response:
    if variant not in VARIANTS:
        abort(404)
    photo = get_photo_for(current_user, photo_id)
    if photo is None:
        abort(404)  # someone else's photo is answered as if it did not exist
    path = photo_path(photo, variant)
    if not path.is_file():
        abort(404)
    # Stored files are never rewritten (fresh names each time), so werkzeug's mtime/size/name ETag is strong.
    response = send_file(path, mimetype="image/jpeg", conditional=True, etag=True, max_age=MAX_AGE)
    response.cache_control.public = False
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
