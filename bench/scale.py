"""The ledger's first page, its Excel export and a quarter's ranking at 1,000, 10,000 and 100,000 findings
(60 companies, 300 neighbourhoods; a third as many submitted patrols), grown in place by bulk inserts."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask
from sqlalchemy import event

from bench import data, map_page
from bench.common import Section, Times, ms, profile_top, timed
from bench.pages import InProcess, Page, QueryCounter

LEDGER_X = 2
SIZES = (1_000, 10_000, 100_000)


class StatementTimer:
    """Wall time of each SQL statement of one request: which query grows with the data."""

    def __init__(self, engine) -> None:
        self.engine, self.rows, self._start = engine, [], 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_args) -> None:
        self._start = time.perf_counter()

    def _after(self, _conn, _cursor, statement, *_args) -> None:
        self.rows.append((time.perf_counter() - self._start, " ".join(statement.split())))

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)


def run(section: Section, workdir: Path, *, sizes: tuple[int, ...] = SIZES, page_runs: int = 15) -> None:
    started = time.perf_counter()
    app = data.new_app(workdir, "scale")
    world = data.build_world(app, companies=60, neighborhoods=300, communities=30, subdistricts=6)
    code = data.add_periods(app, world)
    section.note(f"world built in {time.perf_counter() - started:.1f} s; each size is grown from the previous one by "
                 "bulk inserts (findings over the last 180 days, older ones 90% closed); in process, logged in as a "
                 "supervisor (the whole district); no ANALYZE, as the app runs none")
    ledger_first = {}
    for size in sizes:
        started = time.perf_counter()
        data.add_volume(app, world, size - world.finding_count)
        built = time.perf_counter() - started
        session = InProcess(app, "supervisor")
        page = Page("ledger", "ledger", "/ledger")
        ledger = timed(lambda s=session, p=page: s.call(p), page_runs, warmup=2)
        ledger_first[size] = ledger
        counter = QueryCounter(app)
        queries = len(counter.measure(lambda s=session, p=page: s.call(p)))
        counter.close()
        met = None if size == sizes[0] else ledger.cpu_median <= LEDGER_X * ledger_first[sizes[0]].cpu_median
        section.add(f"{size:,} findings: ledger first page", f"{ledger.text()}, {queries} queries"
                    + ("" if size == sizes[0] else f" = {ledger.cpu_median / ledger_first[sizes[0]].cpu_median:.1f}× "
                       f"its time at {sizes[0]:,}"), f"≤ {LEDGER_X}× at {sizes[0]:,}" if size == sizes[-1] else "",
                    met if size == sizes[-1] else None)
        map_page.measure(section, app, session, size, page_runs)
        export_runs = 3 if size < 100_000 else 2
        export = timed(lambda s=session: _export(s), export_runs, warmup=0)
        section.add(f"{size:,} findings: Excel export of the whole ledger",
                    f"{export.text()} (median of {export_runs}; {_export_size(session)})")
        if size == sizes[0]:
            section.note(f"cProfile of one Excel export at {size:,} findings (own CPU time): "
                         + "; ".join(profile_top(lambda s=session: _export(s), 6)))
        if code is not None:
            ranking = _ranking_times(app, code)
            section.add(f"{size:,} findings: quarter's ranking computation (live, {code})", ranking.text())
        section.note(f"{size:,}: data added in {built:.1f} s")
    if ledger_first[sizes[-1]].cpu_median > LEDGER_X * ledger_first[sizes[0]].cpu_median:
        _explain_ledger(section, app)


def _export(session: InProcess) -> None:
    response = session.client.get("/ledger/export.xlsx")
    if response.status_code != 200:
        raise RuntimeError(f"export: {response.status_code}")
    session.last_export = len(response.get_data())


def _export_size(session: InProcess) -> str:
    return f"{getattr(session, 'last_export', 0) / 1024 / 1024:.1f} MiB xlsx"


def _ranking_times(app: Flask, code: str) -> Times:
    from inspect_app.assessment import services

    def compute() -> None:
        with app.app_context():
            services.compute_period(services.get_period(code))

    return timed(compute, 5, warmup=1)


def _explain_ledger(section: Section, app: Flask) -> None:
    """Which statements of the ledger page grow with the data, their query plans, and a profile."""
    from inspect_app.core.db import db

    session = InProcess(app, "supervisor")
    page = Page("ledger", "ledger", "/ledger")
    session.call(page)
    with app.app_context():
        engine = db.engine
    timer = StatementTimer(engine)
    try:
        session.call(page)
    finally:
        timer.close()
    for seconds, statement in sorted(timer.rows, reverse=True)[:3]:
        section.note(f"ledger statement {ms(seconds)}: `{statement[:300]}`")
    section.note("cProfile of one ledger request (own time): "
                 + "; ".join(profile_top(lambda: session.call(page), 6)))
