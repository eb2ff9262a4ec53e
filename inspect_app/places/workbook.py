"""The import workbook read into plain rows (物业公司, 小区, 账号), each cell checked on its own; the template."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from inspect_app.core.roles import Role
from inspect_app.places import rules

COMPANIES, PLACES, ACCOUNTS = "物业公司", "小区", "账号"
COLUMNS = {
    COMPANIES: ("物业公司", "统一社会信用代码", "联系人", "联系电话"),
    PLACES: ("街道", "社区", "小区", "地址", "户数", "物业公司"),
    ACCOUNTS: ("用户名", "姓名", "角色", "片区", "物业公司", "手机"),
}
ROLE_NAMES = {"巡查员": Role.INSPECTOR, "督查": Role.SUPERVISOR, "物业公司": Role.COMPANY, "管理员": Role.ADMIN}
MAX_ROWS = 5000
LIMITS = {"物业公司": 100, "统一社会信用代码": 18, "联系人": 50, "联系电话": 30, "街道": 100, "社区": 100,
          "小区": 100, "地址": 200, "用户名": 50, "姓名": 50, "片区": 100, "手机": 30}


@dataclass
class RowError:
    sheet: str
    row: int
    message: str


@dataclass
class CompanyRow:
    row: int
    name: str
    credit_code: str | None
    contact_name: str | None
    contact_phone: str | None


@dataclass
class PlaceRow:
    row: int
    subdistrict: str
    community: str
    name: str
    address: str | None
    households: int | None
    company_name: str | None  # None: 无物业小区


@dataclass
class AccountRow:
    row: int
    username: str
    display_name: str
    role: Role
    area: str | None
    company_name: str | None
    phone: str | None


@dataclass
class ParsedWorkbook:
    companies: list[CompanyRow] = field(default_factory=list)
    places: list[PlaceRow] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # non-blank rows read per sheet, valid or not


def cell_text(value: Any) -> str:
    """A cell as the district typed it: numbers Excel stored as 420.0 or 13987654321 read back as typed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read(source: bytes | IO[bytes]) -> ParsedWorkbook:
    """Every sheet present read and every cell checked; a file that is no workbook is one error."""
    parsed = ParsedWorkbook()
    try:
        book = load_workbook(BytesIO(source) if isinstance(source, bytes) else source, read_only=True,
                             data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        parsed.errors.append(RowError("", 0, _("无法读取该文件，请上传 Excel 工作簿（.xlsx）。")))
        return parsed
    present = [name for name in COLUMNS if name in book.sheetnames]
    if not present:
        parsed.errors.append(RowError("", 0, _("工作簿中没有“物业公司”“小区”或“账号”工作表。")))
    for name in present:
        rows = _rows(book[name], name, parsed.errors)
        parsed.rows[name] = len(rows)
        for number, values in rows:
            _PARSERS[name](parsed, number, values)
    book.close()
    return parsed


def _rows(sheet, name: str, errors: list[RowError]) -> list[tuple[int, dict[str, str]]]:
    lines = sheet.iter_rows(values_only=True)
    header = [cell_text(v) for v in next(lines, ())]
    missing = [c for c in COLUMNS[name] if c not in header]
    if missing:
        errors.append(RowError(name, 1, _("缺少列：%(columns)s", columns="、".join(missing))))
        return []
    at = {column: header.index(column) for column in COLUMNS[name]}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(lines, start=2):
        values = {c: cell_text(line[i]) if i < len(line) else "" for c, i in at.items()}
        if not any(values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(RowError(name, number, _("行数超过 %(n)s 行，请分批导入。", n=MAX_ROWS)))
            break
        too_long = [c for c, v in values.items() if len(v) > LIMITS.get(c, 100)]
        if too_long:
            errors.append(RowError(name, number, _("内容过长：%(columns)s", columns="、".join(too_long))))
            continue
        rows.append((number, values))
    return rows


def _required(parsed: ParsedWorkbook, sheet: str, number: int, values: dict[str, str], *columns: str) -> bool:
    empty = [c for c in columns if not values[c]]
    if empty:
        parsed.errors.append(RowError(sheet, number, _("必填项为空：%(columns)s", columns="、".join(empty))))
    return not empty


def _company(parsed: ParsedWorkbook, number: int, v: dict[str, str]) -> None:
    if not _required(parsed, COMPANIES, number, v, "物业公司"):
        return
    code = rules.normalise_credit_code(v["统一社会信用代码"]) or None
    if code and not rules.is_credit_code(code):
        parsed.errors.append(RowError(COMPANIES, number, _("统一社会信用代码 %(code)s 不正确（18 位，末位为校验码）。",
                                                           code=code)))
        return
    parsed.companies.append(CompanyRow(number, v["物业公司"], code, v["联系人"] or None, v["联系电话"] or None))


def _place(parsed: ParsedWorkbook, number: int, v: dict[str, str]) -> None:
    if not _required(parsed, PLACES, number, v, "街道", "社区", "小区"):
        return
    households = None
    if v["户数"]:
        if not v["户数"].isdecimal() or int(v["户数"]) > 1_000_000:
            parsed.errors.append(RowError(PLACES, number, _("户数“%(value)s”不是有效的整数。", value=v["户数"])))
            return
        households = int(v["户数"])
    parsed.places.append(PlaceRow(number, v["街道"], v["社区"], v["小区"], v["地址"] or None, households,
                                  v["物业公司"] or None))


def _account(parsed: ParsedWorkbook, number: int, v: dict[str, str]) -> None:
    if not _required(parsed, ACCOUNTS, number, v, "用户名", "角色"):
        return
    role = ROLE_NAMES.get(v["角色"]) or next((r for r in Role if r.value == v["角色"]), None)
    if role is None:
        parsed.errors.append(RowError(ACCOUNTS, number, _("未知角色“%(role)s”，可选：%(roles)s",
                                                          role=v["角色"], roles="、".join(ROLE_NAMES))))
        return
    parsed.accounts.append(AccountRow(number, v["用户名"], v["姓名"] or v["用户名"], role, v["片区"] or None,
                                      v["物业公司"] or None, v["手机"] or None))


_PARSERS = {COMPANIES: _company, PLACES: _place, ACCOUNTS: _account}


def template() -> bytes:
    """The workbook to fill in: the three sheets with their header rows, and a sheet that explains them."""
    book = Workbook()
    notes = book.active
    notes.title = "说明"
    for line in (_("每个工作表的第一行是列名，请勿修改；从第二行起每行一条。"),
                 _("物业公司：名称必填；统一社会信用代码 18 位，可留空。"),
                 _("小区：街道、社区、小区必填；物业公司留空表示无物业小区；物业公司须在“物业公司”表或系统中已有。"),
                 _("账号：角色填 巡查员、督查、物业公司 或 管理员；片区填区、街道或社区的名称；"
                   "物业公司账号须填物业公司。"),
                 _("同一文件可重复导入：已有的按名称更新，没有变化的不会改动。")):
        notes.append([line])
    for name, columns in COLUMNS.items():
        sheet = book.create_sheet(name)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index in range(len(columns)):
            sheet.column_dimensions[chr(ord("A") + index)].width = 18
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
