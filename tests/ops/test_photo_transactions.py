"""Photo work never holds the database: an autosave sent while six phone photos are processed answers at once.

SQLite has one writer at a time; a request that inserted its row and then spent seconds decoding photos made
every other write wait for busy_timeout and fail with "database is locked". Photos are now decoded, stamped and
written to storage before one short transaction inserts the rows.
"""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import pytest

from inspect_app import create_app
from inspect_app.checklists.services import ensure_default_template
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.inspections import services as inspections
from inspect_app.places import services as places
from inspect_app.resident_reports.rules import OTHER_CATEGORY
from tests import factories
from tests.conftest import shared_photos
from tests.ops.live import Client, Reply, app_env, flask_cli, gunicorn

PHONE_PHOTOS = ["phone_HMD_Nokia_8.3_5G.jpg", "phone_iphone_IMG_5195.HEIC"] * 3


def seed(database_url: str, uploads: Path) -> tuple[str, int, int]:
    """An inspector's draft patrol, and a neighbourhood's public report link: (token, inspection id, item id)."""
    app = create_app({"DATABASE_URL": database_url, "UPLOAD_FOLDER": str(uploads), "SECRET_KEY": "seed"})
    with app.app_context():
        template = ensure_default_template()
        district = places.ensure_district("张家口经济技术开发区", "经开")
        community = places.ensure_community(places.ensure_subdistrict(district, "南站街道"), "学府街社区")
        neighborhood = places.ensure_neighborhood(community, "林业北小区",
                                                  company=places.ensure_company(district, "九州物业"))
        inspector = factories.user("inspector", Role.INSPECTOR)
        db.session.commit()
        inspection = inspections.start_patrol(neighborhood, actor=inspector)
        seeded = neighborhood.public_token, inspection.id, template.categories[0].items[0].id
        db.session.remove()
        db.engine.dispose()
    return seeded


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
              f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
              for name, filename, data in files]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_autosave_during_a_six_photo_resident_report_answers_at_once(backend: str, request, tmp_path: Path) -> None:
    folder = shared_photos()
    photos = [("photos", name, (folder / name).read_bytes()) for name in PHONE_PHOTOS]
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'live.db'}"
    else:
        from tests.conftest import _postgres_database

        url = _postgres_database(request)
    env = app_env(url, tmp_path / "uploads")
    flask_cli(env, "db", "upgrade")
    token, inspection_id, item_id = seed(url, tmp_path / "uploads")
    with gunicorn(env, tmp_path, workers=2) as server:
        inspector = Client(server.port)
        inspector.log_in("inspector", factories.PASSWORD)
        inspector.get_csrf(f"/inspections/{inspection_id}")
        idle_began = time.monotonic()
        assert inspector.post_form(f"/inspections/{inspection_id}/items/{item_id}", {"outcome": "pass"}).status == 200
        idle = time.monotonic() - idle_began
        resident = Client(server.port)
        body, content_type = multipart({"csrf_token": resident.get_csrf(f"/r/{token}"), "category": OTHER_CATEGORY,
                                        "description": "楼道灯坏了三天", "client_key": uuid.uuid4().hex}, photos)
        report: dict[str, Reply | float] = {}

        def send_report() -> None:
            report["reply"] = resident.request("POST", f"/r/{token}", body, {"Content-Type": content_type})
            report["done"] = time.monotonic()

        sender = threading.Thread(target=send_report)
        sent = time.monotonic()
        sender.start()
        time.sleep(0.25)  # the six photos are being sent and decoded now (about 0.9 s on an idle machine)
        began = time.monotonic()
        autosave = inspector.post_form(f"/inspections/{inspection_id}/items/{item_id}", {"outcome": "pass"})
        answered = time.monotonic()
        sender.join(timeout=120)
    latency = answered - began
    print(f"\n{backend}: autosave answered {autosave.status} in {latency:.3f} s during the resident upload "
          f"(which took {float(report.get('done', 0)) - sent:.2f} s); {idle:.3f} s with nothing else going on")
    assert "done" in report and float(report["done"]) > began, "the upload ended before the autosave: no overlap shown"
    reply = report["reply"]
    assert isinstance(reply, Reply) and reply.status == 303, (reply, server.server_log()[-2000:])
    assert autosave.status == 200, autosave.body[:500]
    assert latency < 1.0
