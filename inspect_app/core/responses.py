"""HTTP responses of a kind several areas send."""

from flask import Response, current_app


def pdf_response(data: bytes, filename: str, *, max_age: int = 60) -> Response:
    """A PDF shown in the browser (inline), cached only by the user's own browser for `max_age` seconds."""
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = f"private, max-age={max_age}"
    return response
