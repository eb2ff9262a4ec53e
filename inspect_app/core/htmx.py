"""One place decides between a full page and an HTMX partial, and sets htmx response headers."""

from collections.abc import Mapping
from typing import Any, cast

from flask import Response, make_response, redirect, render_template, request


def is_htmx() -> bool:
    """Whether htmx sent this request (any kind: a swap, a boosted link, a history restore)."""
    return bool(getattr(request, "htmx", None))


def wants_partial() -> bool:
    """A partial only for a plain htmx request: boosted navigation and history restores need the page."""
    hx = getattr(request, "htmx", None)
    if not hx:
        return False
    return not hx.boosted and not hx.history_restore_request


def render(page: str, partial: str | None = None, *, status: int = 200, **context: Any) -> Response:
    template = partial if partial and wants_partial() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def render_oob(partial: str, context: Mapping[str, Any], *oob: tuple[str, Mapping[str, Any]],
               status: int = 200) -> Response:
    """A partial followed by others swapped out of band (each rendered with oob=True)."""
    body = render_template(partial, **context)
    for template, extra in oob:
        body += render_template(template, **{**extra, "oob": True})
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def see_other(url: str) -> Response:
    """303 for a plain form; for htmx, a full-page navigation rather than a swap into the page."""
    if is_htmx():
        return hx_headers(Response(status=204), redirect=url)
    return cast(Response, redirect(url, 303))  # flask.redirect builds the app's response_class


def hx_headers(response: Response, *, trigger: str | None = None, retarget: str | None = None,
               reswap: str | None = None, redirect: str | None = None) -> Response:
    # Set directly: htmx-flask's make_response rejects valid swaps (a missing comma in its list).
    for name, value in (("HX-Trigger", trigger), ("HX-Retarget", retarget), ("HX-Reswap", reswap),
                        ("HX-Redirect", redirect)):
        if value:
            response.headers[name] = value
    return response
