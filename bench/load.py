"""50 simulated inspectors against gunicorn on loopback: each scores items of their own draft patrol and now and
then uploads a phone photo, for a bounded time. Throughput, latency, errors (which must be none)."""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from bench.client import Client, csrf_from_body, gunicorn, multipart, server_times
from bench.common import Section, load_average, median, ms, p95, timed
from bench.data import PASSWORD, World
from bench.pages import InProcess

PHOTO_EVERY = 6  # one action in six is a photo upload
THINK = (0.5, 1.5)  # seconds between an inspector's actions: several times faster than anyone taps


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"score": [], "photo": []})
    errors: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies[kind].append(seconds)


def run(section: Section, app: Flask, config: dict[str, str], world: World, log_dir: Path, photo: bytes, *,
        inspectors: int, seconds: float, workers: int) -> None:
    users = world.load_users[:inspectors]
    tally = Tally()
    with gunicorn(config, workers=workers, log_dir=log_dir) as server:
        sessions = []
        for username, draft_id in users:  # log in before the clock starts
            client = Client(server.port, timeout=60)
            client.login(username, PASSWORD)
            token = csrf_from_body(client.get(f"/inspections/{draft_id}")[1].decode())
            sessions.append((client, draft_id, token))
        mark = len(server.access_log.read_text().splitlines())
        server_cpu, client_cpu, started = server.cpu_seconds(), time.process_time(), time.monotonic()
        deadline = started + seconds
        threads = [threading.Thread(target=_inspector, args=(i, *s, world.item_ids, photo, deadline, tally),
                                    daemon=True) for i, s in enumerate(sessions)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.monotonic() - started
        cpu = {"server": server.cpu_seconds() - server_cpu, "client": time.process_time() - client_cpu}
        stuck = sum(thread.is_alive() for thread in threads)
        time.sleep(0.5)
    lines = server.access_log.read_text().splitlines()[mark:]
    server.access_log.write_text("\n".join(lines) + "\n")
    _report(section, tally, server_times(server.access_log), elapsed, stuck, inspectors, workers, seconds)
    done = sum(len(v) for v in tally.latencies.values()) or 1
    section.note(f"CPU used during the run: gunicorn {cpu['server']:.1f} s ({cpu['server'] / done * 1000:.0f} ms per "
                 f"request), the simulated inspectors (this process) {cpu['client']:.1f} s, of "
                 f"{elapsed * (os.cpu_count() or 1):.0f} core-seconds on the machine; load average {load_average()}"
                 + _queueing(tally, server_times(server.access_log)))
    _check_stored(section, app, users, len(tally.latencies["photo"]), log_dir)
    _reference(section, app, world, photo)


def _queueing(tally: Tally, server: dict) -> str:
    scores = [t for (method, path), times in server.items() if method == "POST" and not path.endswith("/photos")
              for t in times]
    if not scores or not tally.latencies["score"]:
        return ""
    ratio = median(tally.latencies["score"]) / median(scores)
    if ratio < 2:
        return ""
    return (f"; a score waits {ratio:.0f}× its server time (median) for a free sync worker: the workers are busy, "
            "mostly with photo uploads")


def _reference(section: Section, app: Flask, world: World, photo: bytes) -> None:
    """One photo upload with nothing else going on, in process: the cost a sync worker pays per upload."""
    session = InProcess(app, "inspector")
    body = session.client.get(f"/inspections/{world.draft_id}").get_data(as_text=True)
    headers = {"HX-Request": "true", "X-CSRFToken": csrf_from_body(body)}
    path = f"/inspections/{world.draft_id}/items/{world.item_ids[-2]}/photos"

    def upload() -> None:
        response = session.client.post(path, headers=headers, content_type="multipart/form-data", data={
            "client_key": uuid.uuid4().hex, "photos": (BytesIO(photo), "IMG_0001.jpg")})
        if response.status_code != 200:
            raise RuntimeError(f"reference upload: {response.status_code}")

    times = timed(upload, 5, warmup=1)
    section.add("reference: one photo upload alone, in process (parse, pipeline, 3 fsynced files, partial)",
                times.text())


def _inspector(index: int, client: Client, draft_id: int, token: str, item_ids: list[int], photo: bytes,
               deadline: float, tally: Tally) -> None:
    rnd = random.Random(index)
    action = index % PHOTO_EVERY  # staggered, so that uploads do not all come at once
    while time.monotonic() < deadline:
        item = item_ids[rnd.randrange(len(item_ids))]
        headers = {"HX-Request": "true", "X-CSRFToken": token}
        kind = "photo" if action % PHOTO_EVERY == PHOTO_EVERY - 1 else "score"
        try:
            if kind == "photo":
                body, content_type = multipart({"client_key": uuid.uuid4().hex, "lat": "40.77", "lng": "114.88"},
                                               [("photos", "IMG_0001.jpg", photo)])
                status, data, took = client.request("POST", f"/inspections/{draft_id}/items/{item}/photos",
                                                    body=body, headers={**headers, "Content-Type": content_type})
            else:
                outcome = rnd.choice(["pass", "pass", "pass", "not_applicable"])
                status, data, took = client.post_form(f"/inspections/{draft_id}/items/{item}",
                                                      {"outcome": outcome, "note": ""}, headers)
            error = None if status == 200 else f"{kind} {status}: {data[:120]!r}"
        except OSError as exc:
            took, error = 0.0, f"{kind} {type(exc).__name__}: {exc}"
        tally.record(kind, took, error)
        action += 1
        time.sleep(rnd.uniform(*THINK))


def _report(section: Section, tally: Tally, server: dict, elapsed: float, stuck: int, inspectors: int,
            workers: int, seconds: float) -> None:
    scores, photos = tally.latencies["score"], tally.latencies["photo"]
    done = len(scores) + len(photos)
    section.note(f"gunicorn -w {workers} (sync) on 127.0.0.1, SQLite WAL; {inspectors} inspectors, each on their "
                 f"own draft, think time {THINK[0]}–{THINK[1]} s, one action in {PHOTO_EVERY} a photo upload; stops "
                 f"by itself after {seconds:.0f} s")
    section.add(f"{inspectors} inspectors: throughput",
                f"{done / elapsed:.1f} requests/s over {elapsed:.1f} s ({len(scores)} scores, {len(photos)} photos = "
                f"{len(photos) / elapsed:.1f} photos/s)")
    for kind, values in (("score one item", scores), ("upload one photo", photos)):
        path_times = [t for (method, path), times in server.items() if method == "POST"
                      and path.endswith("/photos") == (kind == "upload one photo") for t in times]
        if values:
            on_server = f"median {ms(median(path_times))}, p95 {ms(p95(path_times))}" if path_times else "—"
            section.add(f"{inspectors} inspectors: {kind}", f"client median {ms(median(values))}, p95 "
                        f"{ms(p95(values))}; server {on_server} (n={len(values)})")
    errors = len(tally.errors) + stuck
    first = f" (first: {tally.errors[0]})" if tally.errors else ""
    waiting = f", {stuck} inspectors still waiting at the end" if stuck else ""
    section.add(f"{inspectors} inspectors: errors", f"{errors}{first}{waiting}", "0", errors == 0)


def _check_stored(section: Section, app: Flask, users: list[tuple[str, int]], uploads: int, log_dir: Path) -> None:
    """Every answered upload is a row (and files); the server logged no traceback."""
    from inspect_app.core.db import db
    from inspect_app.photos.models import Photo

    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Photo)
                                   .where(Photo.inspection_id.in_([draft for _user, draft in users])))
    tracebacks = sum(path.read_text(errors="replace").count("Traceback") for pattern in ("error-*", "stderr-*")
                     for path in log_dir.glob(pattern))
    section.add("after the load: photos stored vs uploads answered 200; tracebacks in all gunicorn logs",
                f"{stored} stored / {uploads} answered; {tracebacks} tracebacks", "equal; 0",
                stored == uploads and tracebacks == 0)
