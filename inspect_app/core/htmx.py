"""One place decides between a full page and an HTMX partial, and sets htmx response headers."""

from flask import Response, make_response, render_template, request


def wants_partial() -> bool:
    """A partial only for a plain htmx request: boosted navigation and history restores need the page."""
    hx = getattr(request, "htmx", None)
    return bool(hx) and not hx.boosted and not hx.history_restore_request


def render(page: str, partial: str | None = None, *, status: int = 200, **context) -> Response:
    template = partial if partial and wants_partial() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def hx_headers(response: Response, *, trigger: str | None = None, retarget: str | None = None,
               reswap: str | None = None, redirect: str | None = None) -> Response:
    # Set directly: htmx-flask's make_response rejects valid swaps (a missing comma in its list).
    for name, value in (("HX-Trigger", trigger), ("HX-Retarget", retarget), ("HX-Reswap", reswap),
                        ("HX-Redirect", redirect)):
        if value:
            response.headers[name] = value
    return response
