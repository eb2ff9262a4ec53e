"""物业服务公示 behind the neighbourhood's QR: anyone may read it on a phone; nothing personal is shown."""

from flask import Blueprint, Response, abort, render_template, send_file

from inspect_app.disclosure import queries, services
from inspect_app.resident_reports.services import neighborhood_by_token

bp = Blueprint("board", __name__)


@bp.get("/n/<token>")
def board(token: str) -> Response:
    neighborhood = neighborhood_by_token(token)
    if neighborhood is None or not neighborhood.is_active:
        abort(404)
    response = Response(render_template("disclosure/board.html",
                                        board=queries.board(neighborhood, services.current(neighborhood))),
                        mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/n/<token>/documents/<int:document_id>")
def document(token: str, document_id: int) -> Response:
    neighborhood = neighborhood_by_token(token)
    found = queries.public_document(neighborhood, document_id) if neighborhood is not None else None
    if found is None:
        abort(404)
    response = send_file(services.document_path(found), mimetype=found.mimetype, max_age=300)
    response.headers["Content-Security-Policy"] = "sandbox"  # a posted PDF runs nothing in the viewer
    return response
