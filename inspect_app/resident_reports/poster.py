"""The A4 poster for a neighbourhood's notice board, rendered to PDF: its QR opens the public board (物业服务公示),
which leads to the report form."""

from pathlib import Path

from flask import current_app, render_template

from inspect_app.orders.pdf import issuing_body
from inspect_app.pdf.service import qr_svg_data_uri, render_pdf
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports.services import board_url


def render_poster(neighborhood: Neighborhood) -> bytes:
    """Raises PdfError (a Chinese message) when the PDF cannot be made. Needs an app context."""
    url = board_url(neighborhood)  # the board, which leads to the report form
    html = render_template("pdf/poster.html", neighborhood=neighborhood, url=url, qr=qr_svg_data_uri(url),
                           issuer=issuing_body())
    assert current_app.static_folder is not None, "the app is created with a static folder"
    return render_pdf(html, static_dir=Path(current_app.static_folder))
