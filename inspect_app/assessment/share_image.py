"""晾晒排名 for WeChat: a published quarter's ranking as one portrait PNG, 1080 px wide (the district's title, the
red and black lists, every company with its movement), from the same ranking as the page and the PDF.

The picture is laid out by the PDF service on one tall page and rasterised with PDFium; it is made on the task
queue and kept under the ranking's fingerprint, so a rescored quarter gets a new picture and a stale one is never
served."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pypdfium2
from flask import current_app, render_template
from PIL import Image, ImageChops

from inspect_app.assessment import display, services
from inspect_app.assessment.ranking import Ranking, ranking
from inspect_app.core.queue import task
from inspect_app.core.storage import write_atomic
from inspect_app.orders.pdf import cn_date, issuing_body
from inspect_app.pdf.service import qr_svg_data_uri, render_pdf

WIDTH_PX = 1080
PAGE_WIDTH_CSS = 540  # laid out at 540 CSS px and drawn at 2×: text a phone reads without zooming
LIST_SIZE = 5  # 红榜 and 黑榜: the top and bottom five rated companies
LAYOUT_VERSION = "1"  # part of the fingerprint: a new layout makes new pictures
MARGIN_PX = 48


def fingerprint(result: Ranking) -> str:
    """What the picture shows, hashed: a rescore or a rename gives another name, hence another file."""
    parts = [LAYOUT_VERSION, result.period.code, str(result.period.published_at), str(LIST_SIZE)]
    parts += [f"{row.rank}|{row.company_name}|{row.result.total}|{display.movement_text(row.movement)}"
              for row in result.rows]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def public_url(result: Ranking) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/ranking/{result.period.code}"


def stored_path(result: Ranking) -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]).resolve().parent / "published"
    return folder / f"ranking-{result.period.code}-{fingerprint(result)}.png"


def _page_height(result: Ranking) -> int:
    """Room enough for every row (the page is cropped to what was drawn)."""
    return 900 + 44 * (len(result.rows) + 2 * LIST_SIZE)


def ranking_png(result: Ranking) -> bytes:
    red, black = result.red_black(LIST_SIZE)
    page_url = public_url(result)
    html = render_template("pdf/ranking_share.html", ranking=result, red=red, black=black,
                           district=current_app.config.get("DISTRICT_NAME", ""), issuer=issuing_body(),
                           published_on=cn_date(result.period.published_at), page_url=page_url,
                           qr=qr_svg_data_uri(page_url), width=PAGE_WIDTH_CSS, height=_page_height(result),
                           period_dates=f"{cn_date(result.period.starts_on)}—{cn_date(result.period.ends_on)}")
    assert current_app.static_folder is not None, "the app is created with a static folder"
    pdf = render_pdf(html, static_dir=Path(current_app.static_folder), stylesheets=("pdf.css", "ranking_share.css"))
    return _cropped_png(_rasterise(pdf))


def _rasterise(pdf: bytes) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        return page.render(scale=WIDTH_PX / page.get_width()).to_pil().convert("RGB")
    finally:
        document.close()


def _cropped_png(image: Image.Image) -> bytes:
    """Cut the empty bottom of the tall page, keeping a margin below the last line."""
    background = Image.new("RGB", image.size, image.getpixel((image.width - 1, image.height - 1)))
    box = ImageChops.difference(image, background).getbbox()
    bottom = min(image.height, (box[3] if box else image.height) + MARGIN_PX)
    out = io.BytesIO()
    image.crop((0, 0, image.width, bottom)).save(out, format="PNG", optimize=True)
    return out.getvalue()


@task(retries=2, retry_delay=30)
def make_share_image(code: str) -> str | None:
    """Draw and keep the published quarter's picture (nothing to do when it is already there)."""
    period = services.get_period(code)
    if period is None or not period.is_published:
        return None
    result = ranking(period, public=True)
    path = stored_path(result)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, ranking_png(result))
    return path.name
