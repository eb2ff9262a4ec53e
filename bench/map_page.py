"""The map (/map) as open findings grow: its time against the bare floor route of the same run, its size and
queries (the map draws at most maps.queries.MARKER_LIMIT markers; neighbourhoods carry the rest as counts)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from bench.common import Section, timed
from bench.pages import InProcess, Page, QueryCounter

MAP_X = 40  # /map at most 40× the floor route, as the patrol checklist
FLOOR = Page("floor", "bare route /bench/floor", "/bench/floor")
MAP = Page("map", "map /map", "/map")


def open_findings(app: Flask) -> int:
    from inspect_app.core.db import db
    from inspect_app.findings.models import Finding

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Finding).where(Finding.state != "closed")) or 0


def measure(section: Section, app: Flask, session: InProcess, size: int, runs: int) -> None:
    floor = timed(lambda: session.call(FLOOR), runs, warmup=2)
    page = timed(lambda: session.call(MAP), runs, warmup=2)
    counter = QueryCounter(app)
    queries = len(counter.measure(lambda: session.call(MAP)))
    counter.close()
    body = len(session.call(MAP).get_data())
    ratio = page.cpu_median / floor.cpu_median
    section.add(f"{size:,} findings ({open_findings(app):,} open): map /map",
                f"{page.text()} = {ratio:.1f}× floor ({floor.text()}), {queries} queries, {body / 1024:.0f} KiB HTML",
                f"≤ {MAP_X}× floor", ratio <= MAP_X)
