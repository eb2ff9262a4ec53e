"""Security headers on every response: a strict CSP (no inline script or style), no framing, nosniff."""

from collections.abc import Sequence

from flask import Flask, Response


def csp(img_src: Sequence[str] = ()) -> str:
    """The policy; img_src adds image sources (the map's tile host) for the one page that needs them."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        " ".join(("img-src 'self' data: blob:", *img_src)),
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


CSP = csp()


def register(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # same-origin keeps the Referer that Flask-WTF checks over HTTPS.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
