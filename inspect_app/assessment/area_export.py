"""The areas' ranking (镇街考评) as a posted notice: an A4 landscape PDF and an Excel sheet, as the companies'."""

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

from inspect_app.assessment import area_rules, display
from inspect_app.assessment.area_ranking import AreaRanking, AreaRow
from inspect_app.assessment.export import MIMETYPES
from inspect_app.core.errors import DomainError
from inspect_app.orders.pdf import cn_date, issuing_body
from inspect_app.pdf.service import PdfError, render_pdf

WIDTHS = (8, 14, 22, 10, 8, 12, 12, 12, 12, 10, 10, 10, 10, 10, 10)


def headers() -> list[str]:
    return [_("名次"), _("街道"), _("社区"), _("综合得分"), _("升降"), _("巡查覆盖率"), _("按期销号率"),
            _("平均整改工作日"), _("百姓说事及时处理率"), _("满意度"), _("计划巡查"), _("完成巡查"),
            _("本期销号"), _("按期销号"), _("期末逾期"), _("收到百姓说事"), _("及时处理")]


def row_values(row: AreaRow, subdistrict_name: str) -> list[Any]:
    result, counts = row.result, row.counts
    return [row.rank if row.rank is not None else _("未评级"), subdistrict_name,
            row.name if row.community_id is not None else None, _number(result.total),
            display.movement_text(row.movement), display.rate_text(result.coverage),
            display.rate_text(result.on_time_rate), _number(result.avg_days), display.rate_text(result.reports_rate),
            _number(counts.satisfaction), counts.planned, counts.done, counts.closed, counts.closed_on_time,
            counts.overdue, counts.reports, counts.reports_in_time]


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def area_xlsx(ranking: AreaRanking) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("%(code)s 街道社区排名", code=ranking.period.code)
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    names = {row.subdistrict_id: row.name for row in ranking.subdistricts}
    for row in ranking.rows:
        sheet.append(row_values(row, names[row.subdistrict_id]))
        if row.community_id is None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[index - 1] if index <= len(WIDTHS) else 10
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=sheet.max_column):
        for cell in cells:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    sheet.freeze_panes = "D2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def area_pdf(ranking: AreaRanking) -> bytes:
    """Raises PdfError (a Chinese message) when the PDF cannot be made."""
    html = render_template("pdf/area_ranking.html", ranking=ranking, issuer=issuing_body(), rules=area_rules,
                           district=current_app.config.get("DISTRICT_NAME", ""),
                           period_dates=f"{cn_date(ranking.period.starts_on)}—{cn_date(ranking.period.ends_on)}",
                           published_on=cn_date(ranking.period.published_at), cn_date=cn_date)
    assert current_app.static_folder is not None, "the app is created with a static folder"
    return render_pdf(html, static_dir=Path(current_app.static_folder))


def download(ranking: AreaRanking, kind: str) -> Response:
    try:
        data = area_pdf(ranking) if kind == "pdf" else area_xlsx(ranking)
    except PdfError as error:
        raise DomainError(str(error), status=503) from error
    response = Response(data, mimetype=MIMETYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="area-ranking-{ranking.period.code}.{kind}"'
    return response
