"""Workbooks for the import tests, built in memory with openpyxl."""

from io import BytesIO

from openpyxl import Workbook

from inspect_app.places.workbook import ACCOUNTS, COLUMNS, COMPANIES, PLACES

# Real check characters (places.rules.credit_code_check_char), two of them published codes.
CODES = ["914403001922038216", "91110000600037341L"]


def xlsx(companies=(), places=(), accounts=None, *, columns=None) -> bytes:
    """A workbook with the sheets 物业公司 and 小区 (and 账号 when given) holding these rows under their headers."""
    book = Workbook()
    book.remove(book.active)
    sheets = {COMPANIES: companies, PLACES: places}
    if accounts is not None:
        sheets[ACCOUNTS] = accounts
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(list((columns or {}).get(name, COLUMNS[name])))
        for row in rows:
            sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def district_workbook(*, company_of_first: str = "九州物业", accounts=None) -> bytes:
    companies = [("九州物业", CODES[0], "王经理", "13900000001"), ("嘉家物业", CODES[1], "李经理", 13900000002)]
    places = [("南站街道", "富强路社区", "新城名座小区", "富强路 12 号", 420, company_of_first),
              ("南站街道", "富强路社区", "林业北小区", "", "", ""),
              ("马路东街道", "福源里社区", "馨苑二期", "福源里 3 号", 388.0, "嘉家物业")]
    return xlsx(companies, places, accounts)
