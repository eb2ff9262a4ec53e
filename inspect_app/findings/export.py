"""Ledger exports, one row per finding: xlsx (openpyxl write-only) and CSV (UTF-8 with BOM), for views and CLI."""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from flask import current_app
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.templating import format_points
from inspect_app.core.time import LOCAL_TZ
from inspect_app.findings import rules
from inspect_app.findings.display import finding_state_names
from inspect_app.findings.ledger import LedgerFilters, category_names, ledger_query
from inspect_app.findings.models import Finding
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict

WIDTHS = (8, 40, 20, 16, 14, 18, 18, 8, 14, 12, 12, 10, 10, 44)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BATCH = 1000
COLUMNS = (Finding.id, Finding.title, Neighborhood.name, Community.name, Subdistrict.name, PropertyCompany.name,
           Finding.category_code, Finding.deduction, Finding.state, Finding.created_at, Finding.deadline,
           Finding.escalation_count)


def headers() -> list[str]:
    return [_("编号"), _("问题"), _("小区"), _("社区"), _("街道"), _("物业公司"), _("类别"), _("扣分"), _("状态"),
            _("发现日期"), _("整改期限"), _("是否逾期"), _("督办次数"), _("链接")]


def export_rows(filters: LedgerFilters, user: User | None, today: date) -> Iterator[list[Any]]:
    """The ledger's rows as plain values (dates as dates), streamed from the database in batches."""
    stmt = (ledger_query(filters, user, today, columns=COLUMNS)
            .join(Neighborhood, Neighborhood.id == Finding.neighborhood_id)
            .join(Community, Community.id == Finding.community_id)
            .join(Subdistrict, Subdistrict.id == Finding.subdistrict_id)
            .outerjoin(PropertyCompany, PropertyCompany.id == Finding.company_id)
            .execution_options(yield_per=BATCH))
    categories, states = category_names(), finding_state_names()
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    urls = current_app.url_map.bind("localhost")  # paths only: works in the CLI as in a request
    yes, no, no_company = _("是"), _("否"), _("无物业")
    for (id_, title, neighborhood, community, subdistrict, company, category, deduction, state, created_at,
         deadline, escalations) in db.session.execute(stmt):
        overdue = rules.is_overdue(state, deadline, today)
        yield [id_, title, neighborhood, community, subdistrict, company or no_company,
               categories.get(category, category), deduction, str(states.get(state, state)),
               created_at.astimezone(LOCAL_TZ).date(), deadline, yes if overdue else no, escalations,
               base + urls.build("findings.detail", {"finding_id": id_})]


def write_xlsx(rows: Iterable[list[Any]], out: IO[bytes]) -> int:
    """A write-only workbook (memory stays flat): bold frozen header, set widths, real dates, live links."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("整改台账"))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, name, font=bold) for name in headers()])
    count = 0
    for *values, url in rows:
        # Plain values are much faster than cells; openpyxl gives dates a date format by itself.
        sheet.append([_text_cell(sheet, v) if isinstance(v, str) and v.startswith("=") else v for v in values]
                     + [_link_cell(sheet, url)])
        count += 1
    workbook.save(out)
    return count


def _text_cell(sheet: WriteOnlyWorksheet, value: str, *, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # user text starting with "=" must stay text, never become a formula
    if font is not None:
        cell.font = font
    return cell


def _link_cell(sheet: WriteOnlyWorksheet, url: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=url)
    cell.hyperlink = url
    return cell


def iter_csv(rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV text line by line, starting with a BOM so that Excel reads the Chinese as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    yield "\ufeff" + _drain(buffer)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _csv_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # a spreadsheet would run it as a formula
    if isinstance(value, date):
        return value.isoformat()
    return format_points(value) if isinstance(value, Decimal) else value


def write_file(path: Path, filters: LedgerFilters, *, user: User | None = None, today: date) -> int:
    """Write the export to path (.xlsx or .csv by suffix); returns the number of findings written."""
    rows = export_rows(filters, user, today)
    if path.suffix.lower() == ".xlsx":
        with path.open("wb") as out:
            return write_xlsx(rows, out)
    if path.suffix.lower() != ".csv":
        raise ValueError(f"unsupported export format: {path.suffix!r}")
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        for line in iter_csv(rows):
            out.write(line)
            count += 1
    return count - 1
