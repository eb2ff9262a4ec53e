"""Pages as inspectors feel them: time against a bare route (in process and under gunicorn), SQL queries per
request on small and large data, and compressed bytes on the wire."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import event

from bench.client import Client, csrf_from_body, csrf_from_form, gunicorn, server_times
from bench.common import Section, Times, gz, kib, median, ms, p95, profile_top, timed
from bench.data import PASSWORD, World

MAX_QUERIES = 5
SWAP_X, CHECKLIST_X, GUNICORN_P95_X = 15, 40, 10
FIRST_LOAD_X, UPDATE_X = 2, 0.1
STATIC = ("css/app.css", "vendor/htmx.min.js", "js/app.js")


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    form: dict[str, str] | None = None  # a POST sent as htmx, with the page's CSRF token

    @property
    def method(self) -> str:
        return "POST" if self.form is not None else "GET"


def pages_of(world: World, *, ranking: bool) -> list[Page]:
    item = world.item_ids[-1]  # the last checklist item: answered "pass" again and again
    pages = [
        Page("floor", "bare route /bench/floor", "/bench/floor"),
        Page("home", "inspector's home /", "/"),
        Page("checklist", "29-item patrol checklist (draft)", f"/inspections/{world.draft_id}"),
        Page("order", "order page", f"/orders/{world.order_id}"),
        Page("ledger", "ledger /ledger", "/ledger"),
        Page("item", "htmx: score one item (partial)", f"/inspections/{world.draft_id}/items/{item}",
             {"outcome": "pass", "note": ""}),
    ]
    if ranking:
        pages.insert(5, Page("ranking", "public ranking /ranking", "/ranking"))
    return pages


def has_ranking(app: Flask) -> bool:
    return any(rule.rule == "/ranking" for rule in app.url_map.iter_rules())


# --- In process: the Flask test client ----------------------------------------------------------------------

class QueryCounter:
    def __init__(self, app: Flask) -> None:
        from inspect_app.core.db import db

        with app.app_context():
            self.engine = db.engine
        self.statements: list[str] = []
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(" ".join(statement.split())[:110])

    def measure(self, fn) -> list[str]:
        self.statements = []
        fn()
        return list(self.statements)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


class InProcess:
    """A logged-in test client; each request in its own app context, as in production."""

    def __init__(self, app: Flask, username: str) -> None:
        self.app = app
        self.client = app.test_client()
        body = self.client.get("/login").get_data(as_text=True)
        response = self.client.post("/login", data={"csrf_token": csrf_from_form(body), "username": username,
                                                    "password": PASSWORD, "next": ""})
        if response.status_code != 303:
            raise RuntimeError(f"in-process login failed: {response.status_code}")
        self.token = ""

    def call(self, page: Page, *, hx: bool = False):
        headers = {"HX-Request": "true"} if hx or page.form is not None else {}
        if page.form is not None:
            headers["X-CSRFToken"] = self.token
            response = self.client.post(page.path, data=page.form, headers=headers)
        else:
            response = self.client.get(page.path, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{page.method} {page.path}: {response.status_code} "
                               f"{response.get_data(as_text=True)[:300]}")
        return response


@dataclass
class PageFacts:
    queries: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # size → page → statements
    times: dict[str, Times] = field(default_factory=dict)
    html: dict[str, bytes] = field(default_factory=dict)


def in_process(section: Section, apps: dict[str, tuple[Flask, World]], *, runs: int, ranking: bool) -> PageFacts:
    facts = PageFacts()
    for size, (app, world) in apps.items():
        pages = pages_of(world, ranking=ranking)
        session = InProcess(app, "inspector")
        session.token = csrf_from_body(session.call(pages[2]).get_data(as_text=True))
        counter = QueryCounter(app)
        facts.queries[size] = {}
        try:
            for page in pages:
                session.call(page)  # warm: templates compiled, caches filled
                facts.queries[size][page.key] = counter.measure(lambda p=page, s=session: s.call(p))
        finally:
            counter.close()
        if size != "large":
            continue
        for page in pages:
            facts.html[page.key] = session.call(page).get_data()
            facts.times[page.key] = timed(lambda p=page, s=session: s.call(p), runs, warmup=3)
    _report_in_process(section, facts, pages_of(apps["large"][1], ranking=ranking))
    return facts


def _report_in_process(section: Section, facts: PageFacts, pages: list[Page]) -> None:
    floor = facts.times["floor"].cpu_median
    for page in pages:
        seconds = facts.times[page.key].cpu_median
        target, met = "", None
        if page.key == "item":
            target, met = f"≤ {SWAP_X}× floor", seconds <= SWAP_X * floor
        elif page.key == "checklist":
            target, met = f"≤ {CHECKLIST_X}× floor", seconds <= CHECKLIST_X * floor
        section.add(f"in process, median: {page.label}",
                    f"{facts.times[page.key].text()} = {seconds / floor:.1f}× floor", target, met)
    small, large = facts.queries["small"], facts.queries["large"]
    for page in pages:
        n_small, n_large = len(small[page.key]), len(large[page.key])
        met = max(n_small, n_large) <= MAX_QUERIES and n_large <= n_small
        section.add(f"SQL queries: {page.label}", f"{n_small} small / {n_large} large data",
                    f"≤ {MAX_QUERIES}, not growing", met)


def explain(section: Section, app: Flask, world: World, facts: PageFacts, *, ranking: bool) -> None:
    """For each in-process target missed: where the time goes (cProfile, CPU time) and which queries run."""
    floor = facts.times["floor"].cpu_median
    limits = {"item": SWAP_X, "checklist": CHECKLIST_X}
    session = None
    for page in pages_of(world, ranking=ranking):
        if page.key in limits and facts.times[page.key].cpu_median > limits[page.key] * floor:
            if session is None:
                session = InProcess(app, "inspector")
                session.token = csrf_from_body(session.call(pages_of(world, ranking=ranking)[2]).get_data(as_text=True))
            section.note(f"cProfile of one `{page.key}` request, own CPU time: "
                         + "; ".join(profile_top(lambda p=page, s=session: s.call(p), 8)))
    for line in query_listing(facts):
        section.note(f"queries of {line}")


def query_listing(facts: PageFacts) -> list[str]:
    """The statements of each page over the query limit (large data), for the notes."""
    lines = []
    for key, statements in facts.queries["large"].items():
        if len(statements) > MAX_QUERIES:
            lines.append(f"`{key}` ({len(statements)}): " + " · ".join(f"`{s[:70]}`" for s in statements))
    return lines


def wire_bytes(section: Section, app: Flask, facts: PageFacts) -> None:
    client = app.test_client()
    assets = {}
    for name in STATIC:
        response = client.get(f"/static/{name}")
        assets[name] = response.get_data()
        response.close()
    html = facts.html["checklist"]
    first = gz(html) + sum(gz(data) for data in assets.values())
    htmx = gz(assets["vendor/htmx.min.js"])
    parts = ", ".join(f"{name.rsplit('/', 1)[-1]} {kib(gz(data))}" for name, data in assets.items())
    section.add("first load of the checklist: HTML + CSS + JS, gzip -6",
                f"{kib(first)} (HTML {kib(gz(html))} of {kib(len(html))} raw; {parts}) = {first / htmx:.2f}× htmx",
                f"≤ {FIRST_LOAD_X}× gzipped htmx ({kib(htmx)})", first <= FIRST_LOAD_X * htmx)
    update = facts.html["item"]
    section.add("htmx item update (score one item), gzip -6",
                f"{gz(update)} B ({len(update)} B raw) = {gz(update) / gz(html):.3f}× the page",
                f"≤ {UPDATE_X}× the gzipped page", gz(update) <= UPDATE_X * gz(html))


# --- Under gunicorn ------------------------------------------------------------------------------------------

def under_gunicorn(section: Section, config: dict[str, str], world: World, log_dir: Path, *, requests: int,
                   workers: int, ranking: bool) -> None:
    pages = pages_of(world, ranking=ranking)
    with gunicorn(config, workers=workers, log_dir=log_dir) as server:
        access_log = server.access_log
        client = Client(server.port)
        client.login("inspector", PASSWORD)
        token = csrf_from_body(client.get(pages[2].path)[1].decode())
        client_times: dict[str, list[float]] = {page.key: [] for page in pages}
        for page in pages:  # warm every worker a little
            for _ in range(workers):
                _send(client, page, token)
        mark = len(access_log.read_text().splitlines())
        for _ in range(requests):
            for page in pages:  # interleaved, so drift hits every page alike
                client_times[page.key].append(_send(client, page, token))
        time.sleep(0.5)  # let the workers write their last log lines
    lines = access_log.read_text().splitlines()[mark:]
    access_log.write_text("\n".join(lines) + "\n")
    server = server_times(access_log)
    floor = server[("GET", "/bench/floor")]
    section.note(f"gunicorn -w {workers} on 127.0.0.1, sync workers; {requests} requests per page, interleaved; "
                 "server time from the access log (%(D)s), client time includes loopback connect")
    for page in pages:
        times = server[(page.method, page.path)]
        ratio = p95(times) / p95(floor)
        target, met = ("", None) if page.key == "floor" else (f"p95 ≤ {GUNICORN_P95_X}× floor p95",
                                                                ratio <= GUNICORN_P95_X)
        section.add(f"gunicorn: {page.label}",
                    f"median {ms(median(times))} ({median(times) / median(floor):.1f}× floor), p95 {ms(p95(times))} = "
                    f"{ratio:.1f}× floor p95 (client median {ms(median(client_times[page.key]))}, n={len(times)})",
                    target, met)


def _send(client: Client, page: Page, token: str) -> float:
    if page.form is not None:
        status, body, seconds = client.post_form(page.path, page.form,
                                                 {"HX-Request": "true", "X-CSRFToken": token})
    else:
        status, body, seconds = client.get(page.path)
    if status != 200:
        raise RuntimeError(f"{page.method} {page.path} under gunicorn: {status} {body[:300]!r}")
    return seconds
