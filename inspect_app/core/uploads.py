"""Per-view request size limits for uploads, applied before anything (CSRF included) reads the body."""

from collections.abc import Callable

from flask import Flask, current_app, request

FORM_OVERHEAD = 64 * 1024
# Photos one request may carry, on every form that takes them.
MAX_FILES = 6


def accepts_uploads(max_files: int = MAX_FILES) -> Callable:
    """Mark a view as taking up to `max_files` photos of UPLOAD_MAX_BYTES each; others keep the small limit."""

    def mark(view: Callable) -> Callable:
        setattr(view, "upload_max_files", max_files)  # noqa: B010  (read back by raise_limit_for_uploads)
        return view

    return mark


def register(app: Flask) -> None:
    # Must run before CSRFProtect's hook, which parses the form and would apply the small global limit.
    @app.before_request
    def raise_limit_for_uploads() -> None:
        view = current_app.view_functions.get(request.endpoint or "")
        files = getattr(view, "upload_max_files", 0)
        if files:
            request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"] * files + FORM_OVERHEAD
