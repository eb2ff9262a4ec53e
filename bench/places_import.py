"""The Excel import at a district's scale: 53 companies and 500 neighbourhoods (32 without a company), imported,
imported again (nothing to change) and again with 20 changed companies, on SQLite and PostgreSQL.

    .venv/bin/python bench/places_import.py [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
Not part of `make test`; builds its own databases (a temp SQLite file, a throwaway PostgreSQL database).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import warnings
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from inspect_app import create_app  # noqa: E402
from inspect_app.core.db import db  # noqa: E402
from inspect_app.places import importing  # noqa: E402
from inspect_app.places.rules import credit_code_check_char  # noqa: E402
from inspect_app.places.workbook import COLUMNS  # noqa: E402
from tests.pg import temporary_database  # noqa: E402

COMPANIES, NEIGHBORHOODS, NO_COMPANY, SUBDISTRICTS, COMMUNITIES = 53, 500, 32, 6, 30
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def credit_code(n: int) -> str:
    first17 = f"91130700MA{n:07d}"
    return first17 + credit_code_check_char(first17)


def workbook_bytes(*, changed: int = 0, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    companies = [f"第{n + 1:02d}物业服务有限公司" for n in range(COMPANIES)]
    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("物业公司")
    sheet.append(list(COLUMNS["物业公司"]))
    for n, name in enumerate(companies):
        sheet.append([name, credit_code(n), f"经理{n}", f"1390000{n:04d}"])
    sheet = book.create_sheet("小区")
    sheet.append(list(COLUMNS["小区"]))
    for n in range(NEIGHBORHOODS):
        company = "" if n < NO_COMPANY else companies[n % COMPANIES]
        if NO_COMPANY <= n < NO_COMPANY + changed:
            company = companies[(n + 1) % COMPANIES]
        community = n % COMMUNITIES
        sheet.append([f"第{community % SUBDISTRICTS + 1}街道", f"第{community + 1}社区", f"第{n + 1:03d}小区",
                      f"建设路 {n + 1} 号", rng.randint(80, 2400), company])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(label: str, fn) -> tuple[str, float, object]:
    started = time.perf_counter()
    result = fn()
    return label, time.perf_counter() - started, result


def run(url: str, upload: Path) -> list[tuple[str, float, str]]:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-" + "0" * 40, "UPLOAD_FOLDER": str(upload)})
    first, second = workbook_bytes(), workbook_bytes(changed=20)
    rows = []
    with app.app_context():
        upgrade()
        for label, data, dry in (("preview (dry run)", first, True), ("import", first, False),
                                 ("re-import, no change", first, False), ("20 changed companies", second, False)):
            name, seconds, result = timed(label, lambda d=data, r=dry: importing.import_workbook(d, dry_run=r))
            assert result.plan.is_valid, result.plan.errors[:3]
            rows.append((name, seconds, f"{len(result.plan.changes)} changes, written={result.written}"))
        db.session.remove()
        db.engine.dispose()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=PG_URL, help="a PostgreSQL server to create a throwaway database on")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    workdir = Path(tempfile.mkdtemp(prefix="inspect-bench-places-"))
    print(f"workbook: {COMPANIES} companies, {NEIGHBORHOODS} neighbourhoods ({NO_COMPANY} without a company), "
          f"{len(workbook_bytes()) // 1024} KiB")
    backends = [("SQLite", f"sqlite:///{workdir / 'places.db'}", None)]
    if not args.no_pg:
        url, drop = temporary_database(args.pg_url, "bench_places")
        backends.append(("PostgreSQL", url, drop))
    print("| backend | step | seconds | result |\n| --- | --- | --- | --- |")
    for backend, url, drop in backends:
        try:
            for step, seconds, note in run(url, workdir / f"{backend}-uploads"):
                print(f"| {backend} | {step} | {seconds:.2f} | {note} |", flush=True)
        finally:
            if drop:
                drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
