"""`make bench`: pages, photos, PDFs, scale and load, each against its floor; prints medians, writes results.md.

Not part of `make test`. Makes its own data in a temp folder (SQLite database, uploads); never touches instance/.
    .venv/bin/python bench/run.py [--quick] [--only pages,load,photos,pdf,scale] [--keep] [--out FILE]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder would come first on sys.path and shadow the standard library; the package
# is imported from the checkout instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench import data, load, pages, pdf, photos, report, scale  # noqa: E402
from bench.common import PHOTOS, Section, load_average, machine  # noqa: E402
from bench.imagegen import synthetic_jpeg  # noqa: E402

FULL = {"page_runs": 30, "gunicorn_requests": 60, "workers": 4, "photo_runs": 5, "pdf_runs": 5,
        "sizes": scale.SIZES, "scale_page_runs": 15, "inspectors": 50, "load_seconds": 30}
QUICK = {"page_runs": 5, "gunicorn_requests": 50, "workers": 2, "photo_runs": 2, "pdf_runs": 2,
         "sizes": (1_000, 5_000), "scale_page_runs": 5, "inspectors": 10, "load_seconds": 5}
SECTIONS = ("pages", "load", "photos", "pdf", "scale")


def build_page_data(workdir: Path) -> dict:
    """Small and large data for the same pages: query counts must not grow from one to the other."""
    started = time.perf_counter()
    small = data.new_app(workdir, "small")
    world = data.build_world(small, companies=2, neighborhoods=4, communities=2, subdistricts=1)
    data.add_checklist_draft(small, world, answered=1, photos=0)
    world.order_id = data.add_order(small, world, lines=1, photos=False)
    data.add_volume(small, world, 5)
    data.add_periods(small, world)
    apps = {"small": (small, world)}
    large = data.new_app(workdir, "large")
    world = data.build_world(large, companies=60, neighborhoods=300, communities=30, subdistricts=6,
                             load_inspectors=FULL["inspectors"])
    data.add_checklist_draft(large, world, answered=29, photos=6)
    world.order_id = data.add_order(large, world, lines=6, photos=True)
    world.order_pdf_ids = {"order1": data.add_order(large, world, lines=1, photos=False, neighborhood_index=2),
                           "order6": world.order_id}
    data.add_volume(large, world, 1000)
    data.add_periods(large, world)
    apps["large"] = (large, world)
    print(f"  page data built in {time.perf_counter() - started:.1f} s", flush=True)
    return apps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller sizes (for trying it out)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections to run")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (databases, logs)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    settings = QUICK if args.quick else FULL
    warnings.simplefilter("ignore")  # SQLAlchemy's Decimal-on-SQLite notes would drown the figures
    started_at, started, load_start = datetime.now(), time.perf_counter(), load_average()
    workdir = Path(tempfile.mkdtemp(prefix="inspect-bench-"))
    sections: list[Section] = []
    failures: list[str] = []
    print(f"inspect_app benchmark in {workdir} — {machine()['cores']} cores, load {load_start}", flush=True)
    apps: dict = {}
    ranking = False

    def step_pages(section: Section) -> None:
        nonlocal ranking
        ranking = pages.has_ranking(apps["large"][0])
        if not ranking:
            section.note("no /ranking route in the app: the public ranking is not measured")
        app, world = apps["large"]
        facts = pages.in_process(section, apps, runs=settings["page_runs"], ranking=ranking)
        pages.wire_bytes(section, app, facts)
        pages.explain(section, app, world, facts, ranking=ranking)
        pages.under_gunicorn(section, data.app_config(workdir, "large"), world, workdir,
                             requests=settings["gunicorn_requests"], workers=settings["workers"], ranking=ranking)

    def step_load(section: Section) -> None:
        app, world = apps["large"]
        phone = PHOTOS / photos.PHONE
        photo = phone.read_bytes() if phone.is_file() else synthetic_jpeg(4000, 3000)
        section.note(f"uploaded photo: {phone.name if phone.is_file() else 'synthetic 12 MP'} "
                     f"({len(photo) / 1e6:.1f} MB)")
        load.run(section, app, data.app_config(workdir, "large"), world, workdir, photo,
                 inspectors=settings["inspectors"], seconds=settings["load_seconds"], workers=settings["workers"])

    def step_photos(section: Section) -> None:
        photos.run(section, workdir, runs=settings["photo_runs"])

    def step_pdf(section: Section) -> None:
        pdf.run(section, workdir, "large", apps["large"][1].order_pdf_ids, runs=settings["pdf_runs"])

    def step_scale(section: Section) -> None:
        scale.run(section, workdir, sizes=settings["sizes"], page_runs=settings["scale_page_runs"])

    steps = {"pages": ("Pages", step_pages), "load": ("Load: 50 inspectors", step_load),
             "photos": ("Photos", step_photos), "pdf": ("PDF: rectification orders", step_pdf),
             "scale": ("Scale: ledger, export, ranking", step_scale)}
    try:
        if {"pages", "load", "pdf"} & set(only):
            apps = build_page_data(workdir)
        for name in only:
            title, step = steps[name]
            section = Section(title)
            sections.append(section)
            print(f"\n== {title}", flush=True)
            step_started = time.perf_counter()
            try:
                step(section)
            except Exception as exc:  # noqa: BLE001 - one broken section must not hide the others
                failures.append(f"{title}: {type(exc).__name__}: {str(exc)[:300]}")
                section.note("FAILED: " + traceback.format_exc()[-1500:])
            section.note(f"section took {time.perf_counter() - step_started:.0f} s")
    finally:
        seconds = time.perf_counter() - started
        report.write(args.out, sections, machine=machine(), started=started_at, seconds=seconds,
                     load=(load_start, load_average()), failures=failures,
                     settings=("--quick " if args.quick else "") + ", ".join(f"{k}={v}" for k, v in settings.items()))
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    missed = sum(1 for s in sections for r in s.rows if r.met is False)
    print(f"\nwrote {args.out} in {seconds / 60:.1f} min: {missed} targets missed"
          + (f", {len(failures)} sections FAILED" if failures else ""), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
