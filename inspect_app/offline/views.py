"""The service worker, served from the root so that it may control every page of the app."""

import hashlib
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, url_for

bp = Blueprint("offline", __name__)

# What a patrol page needs to run with no network; the worker's version is a hash of their contents.
SHELL = ("css/app.css", "css/offline.css", "vendor/htmx.min.js", "js/app.js", "js/outbox.js",
         "js/photo-shrink.js", "img/favicon.svg")


@bp.get("/sw.js")
def service_worker() -> Response:
    body = render_template("offline/sw.js", version=shell_version(), shell=[url_for("static", filename=name)
                                                                           for name in SHELL])
    response = current_app.response_class(body, mimetype="text/javascript")
    # The browser must ask every time: a new app version reaches phones with their next page load.
    response.headers["Cache-Control"] = "no-cache"
    return response


def shell_version() -> str:
    digest = hashlib.sha256()
    static = Path(current_app.static_folder or "static")
    for name in SHELL:
        path = static / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:16]
