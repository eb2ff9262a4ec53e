"""Official documents: a template rendered in Chinese whatever the reader's UI language, then to PDF."""

from collections.abc import Mapping
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from inspect_app.pdf.service import render_pdf


def render_document(template_name: str, /, *, resources: Mapping[str, bytes] | None = None, **context) -> bytes:
    """Government documents are issued in Chinese, even when an English reader downloads them."""
    with force_locale("zh"):
        html = render_template(template_name, **context)
    assert current_app.static_folder is not None, "the app is created with a static folder"
    return render_pdf(html, static_dir=Path(current_app.static_folder), resources=resources)
