"""50 concurrent writes against gunicorn -w 4 on SQLite and PostgreSQL: no "database is locked", nothing lost."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from threading import Barrier

import pytest
from PIL import Image
from sqlalchemy import func, select

from inspect_app import create_app
from inspect_app.checklists.services import ensure_default_template
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.inspections import services as inspections
from inspect_app.inspections.models import ItemResult
from inspect_app.ops import storage_check
from inspect_app.photos.models import Photo
from inspect_app.places import services as places
from tests import factories
from tests.conftest import _postgres_database
from tests.ops.live import Client, Reply, Server, app_env, flask_cli, gunicorn

INSPECTORS = 5
SCORES_EACH = 7
PHOTOS_EACH = 3  # 5 × (7 + 3) = 50 writes


@dataclass
class Patrol:
    username: str
    inspection_id: int
    items: list[tuple[int, int]]  # (item id, first preset id)


@dataclass
class Write:
    patrol: Patrol
    kind: str  # "score" or "photo"
    item_id: int
    preset_id: int
    n: int


def seed(database_url: str, uploads: Path) -> list[Patrol]:
    """Inspectors, each with a draft patrol of a neighbourhood of their own, written through the services."""
    app = create_app({"DATABASE_URL": database_url, "UPLOAD_FOLDER": str(uploads), "SECRET_KEY": "seed"})
    with app.app_context():
        template = ensure_default_template()
        district = places.ensure_district("张家口经济技术开发区", "经开")
        company = places.ensure_company(district, "九州物业")
        community = places.ensure_community(places.ensure_subdistrict(district, "南站街道"), "学府街社区")
        items = [(i.id, i.presets[0].id) for c in template.categories for i in c.items if i.presets]
        patrols = []
        for n in range(INSPECTORS + 1):  # the last one is the double-tapper
            inspector = factories.user(f"inspector{n}", Role.INSPECTOR)
            neighborhood = places.ensure_neighborhood(community, f"测试小区{n}", company=company)
            db.session.commit()
            inspection = inspections.start_patrol(neighborhood, actor=inspector)
            patrols.append(Patrol(inspector.username, inspection.id, items[: SCORES_EACH + PHOTOS_EACH]))
        db.session.remove()
        db.engine.dispose()
    return patrols


def jpeg(n: int) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (320, 240), (n * 5 % 255, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def plan(patrols: list[Patrol]) -> list[Write]:
    writes = []
    for patrol in patrols:
        for index, (item_id, preset_id) in enumerate(patrol.items):
            kind = "score" if index < SCORES_EACH else "photo"
            writes.append(Write(patrol, kind, item_id, preset_id, len(writes)))
    return writes


def send(client: Client, write: Write, start: Barrier) -> Reply:
    path = f"/inspections/{write.patrol.inspection_id}/items/{write.item_id}"
    start.wait(timeout=30)
    if write.kind == "photo":
        return client.post_form(f"{path}/photos", {"client_key": f"k{write.n}"},
                                {"photos": (f"整改照片{write.n}.jpg", jpeg(write.n))})
    if write.n % 2:
        return client.post_form(path, {"outcome": "pass"})
    return client.post_form(path, {"outcome": "deduct", "preset_id": str(write.preset_id), "count": "1"})


def counts(database_url: str, uploads: Path, inspection_ids: list[int]) -> tuple[int, int, storage_check.Report]:
    app = create_app({"DATABASE_URL": database_url, "UPLOAD_FOLDER": str(uploads), "SECRET_KEY": "check"})
    with app.app_context():
        results = db.session.scalar(select(func.count()).select_from(ItemResult)
                                    .where(ItemResult.inspection_id.in_(inspection_ids)))
        photos = db.session.scalar(select(func.count()).select_from(Photo)
                                   .where(Photo.inspection_id.in_(inspection_ids)))
        report = storage_check.check(min_age_seconds=0)
        db.session.remove()
        db.engine.dispose()
    return results, photos, report


@dataclass
class Live:
    database_url: str
    uploads: Path
    server: Server
    patrols: list[Patrol]
    clients: dict[str, Client]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request, tmp_path_factory) -> Iterator[Live]:
    """One migrated, seeded database and one gunicorn per backend, every inspector logged in."""
    tmp = tmp_path_factory.mktemp(f"live-{request.param}")
    url = f"sqlite:///{tmp / 'live.db'}" if request.param == "sqlite" else _postgres_database(request)
    env = app_env(url, tmp / "uploads")
    flask_cli(env, "db", "upgrade")
    patrols = seed(url, tmp / "uploads")
    with gunicorn(env, tmp) as server:
        clients = {}
        for patrol in patrols:
            clients[patrol.username] = client = Client(server.port)
            client.log_in(patrol.username, factories.PASSWORD)
            client.get_csrf(f"/inspections/{patrol.inspection_id}")
        yield Live(url, tmp / "uploads", server, patrols, clients)


def burst(live: Live, writes: list[Write]) -> tuple[list[Reply], float, str]:
    """All writes at once from a thread each; returns the replies, the seconds taken and the new server log."""
    log_before = len(live.server.server_log())
    start = Barrier(len(writes))
    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(writes)) as pool:
        replies = list(pool.map(lambda w: send(live.clients[w.patrol.username], w, start), writes))
    elapsed = time.monotonic() - began
    time.sleep(0.5)  # let the access log catch up
    return replies, elapsed, live.server.server_log()[log_before:]


def test_fifty_concurrent_writes_under_gunicorn(live: Live) -> None:
    patrols = live.patrols[:INSPECTORS]
    writes = plan(patrols)
    replies, elapsed, log = burst(live, writes)
    failed = [(w.kind, r.status, r.body[:200]) for w, r in zip(writes, replies, strict=True) if r.status != 200]
    print(f"\n{live.database_url.split(':')[0]}: {len(writes)} writes, {len(failed)} errors, {elapsed:.2f}s")
    assert not failed
    assert not any("database is locked" in r.body for r in replies)
    assert "database is locked" not in log and "Traceback" not in log and '" 500 ' not in log, log[-3000:]
    results, photos, report = counts(live.database_url, live.uploads, [p.inspection_id for p in patrols])
    assert results == INSPECTORS * (SCORES_EACH + PHOTOS_EACH)
    assert photos == INSPECTORS * PHOTOS_EACH
    assert report.unreferenced == [] and report.missing == []
    assert len(report.referenced) == 3 * photos


def test_first_writes_to_one_item_at_once(live: Live) -> None:
    """A double tap, or the autosave and a photo of one item leaving together: every request succeeds."""
    patrol = live.patrols[INSPECTORS]
    statuses, log = [], ""
    for round_, (item_id, preset_id) in enumerate(patrol.items[:5]):  # rounds of 8: the race shows reliably
        writes = [Write(patrol, "photo" if n % 2 else "score", item_id, preset_id, 1000 + 8 * round_ + n)
                  for n in range(8)]
        replies, _elapsed, new_log = burst(live, writes)
        statuses, log = statuses + [r.status for r in replies], log + new_log
    assert statuses == [200] * len(statuses), log[-3000:]
