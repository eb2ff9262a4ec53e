"""The A4 poster for a neighbourhood's notice board: the residents' link as a QR code, rendered to PDF."""

from pathlib import Path

from flask import current_app, render_template

from inspect_app.orders.pdf import issuing_body
from inspect_app.pdf.service import qr_svg_data_uri, render_pdf
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports.services import resident_url


def render_poster(neighborhood: Neighborhood) -> bytes:
    """Raises PdfError (a Chinese message) when the PDF cannot be made. Needs an app context."""
    url = resident_url(neighborhood)
    html = render_template("pdf/poster.html", neighborhood=neighborhood, url=url, qr=qr_svg_data_uri(url),
                           issuer=issuing_body())
    assert current_app.static_folder is not None, "the app is created with a static folder"
    return render_pdf(html, static_dir=Path(current_app.static_folder))
