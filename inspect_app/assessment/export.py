"""The ranking as a posted notice: an A4 landscape PDF (排名公示) and an Excel sheet with the page's rows."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Response, current_app, render_template
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from inspect_app.assessment import display
from inspect_app.assessment.ranking import Ranking, Row
from inspect_app.core.errors import DomainError
from inspect_app.orders.pdf import cn_date, issuing_body
from inspect_app.pdf.service import PdfError, render_pdf

WIDTHS = (8, 30, 10, 8, 12, 10, 8, 10, 12)


def headers(categories: dict[str, str]) -> list[str]:
    return [_("名次"), _("物业服务企业"), _("综合得分"), _("升降"), _("动态巡查均分"), _("专项考评"), _("扣分"),
            _("巡查次数"), _("按期整改率"), *categories.values()]


def row_values(row: Row, categories: dict[str, str]) -> list[Any]:
    """One company as on the page: rated companies by rank, then the others as 未评级."""
    result = row.result
    return [row.rank if row.rank is not None else _("未评级"), row.company_name, _number(result.total),
            display.movement_text(row.movement), _number(result.patrol_mean), _number(result.special),
            _number(result.penalty), result.patrol_count, display.rate_text(row.on_time_rate),
            *[_number(result.categories.get(code)) for code in categories]]


def _number(value: Decimal | None) -> float | None:
    # Excel has no decimal type; two-decimal scores survive a float unchanged.
    return float(value) if value is not None else None


def ranking_xlsx(ranking: Ranking) -> bytes:
    categories = display.category_labels()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("%(code)s 考核排名", code=ranking.period.code)
    sheet.append(headers(categories))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in ranking.rows:
        sheet.append(row_values(row, categories))
    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[index - 1] if index <= len(WIDTHS) else 10
    for cells in sheet.iter_rows(min_row=2, min_col=3, max_col=sheet.max_column):
        for cell in cells:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ranking_pdf(ranking: Ranking) -> bytes:
    """Raises PdfError (a Chinese message) when the PDF cannot be made."""
    html = render_template("pdf/ranking.html", ranking=ranking, categories=display.category_labels(),
                           issuer=issuing_body(), district=current_app.config.get("DISTRICT_NAME", ""),
                           period_dates=f"{cn_date(ranking.period.starts_on)}—{cn_date(ranking.period.ends_on)}",
                           published_on=cn_date(ranking.period.published_at), cn_date=cn_date)
    assert current_app.static_folder is not None, "the app is created with a static folder"
    return render_pdf(html, static_dir=Path(current_app.static_folder))


MIMETYPES = {"pdf": "application/pdf",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(ranking: Ranking, kind: str) -> Response:
    """The export as an attachment named after the period; a PDF failure becomes a readable message."""
    try:
        data = ranking_pdf(ranking) if kind == "pdf" else ranking_xlsx(ranking)
    except PdfError as error:
        raise DomainError(str(error), status=503) from error
    response = Response(data, mimetype=MIMETYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="ranking-{ranking.period.code}.{kind}"'
    return response
