"""Submitting residents' reports through the test client, and counting what was stored."""

import uuid
from io import BytesIO
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from inspect_app.core.db import db
from inspect_app.photos.models import Photo
from inspect_app.resident_reports.models import ResidentReport

DESCRIPTION = "3号楼东侧垃圾桶满溢，已经两天没人清理，气味很大"
PHONE = "13912345678"


def jpeg(size=(640, 480), color=(90, 140, 60)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def form(**overrides) -> dict:
    data = {"category": "H", "description": DESCRIPTION, "location_text": "3号楼东侧", "contact_phone": "",
            "client_key": uuid.uuid4().hex}
    data.update(overrides)
    return data


def post_report(client, neighborhood, files=(), *, headers=None, **overrides):
    """files: (name, bytes) pairs sent as the "photos" field.

    The body is encoded in memory: werkzeug's test client would spool a large one to a temporary file it never
    closes (a ResourceWarning, an error under this suite's settings).
    """
    data = MultiDict(form(**overrides))
    for name, content in files:
        data.add("photos", FileStorage(BytesIO(content), filename=name, content_type="image/jpeg"))
    boundary, body = encode_multipart(data)
    return client.post(f"/r/{neighborhood.public_token}", data=body, headers=headers or {},
                       content_type=f"multipart/form-data; boundary={boundary}")


def code_from(response) -> str:
    location = response.headers["Location"]
    return location.split("/r/status/", 1)[1].split("?", 1)[0]


def report_count() -> int:
    db.session.rollback()  # see what the requests committed, not this context's cached view
    return db.session.scalar(select(func.count()).select_from(ResidentReport))


def photo_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Photo))


def stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]


def only_report() -> ResidentReport:
    db.session.rollback()
    return db.session.scalars(select(ResidentReport)).one()


def submitted(client, neighborhood, files=(), **overrides) -> ResidentReport:
    """A report sent through the public form, loaded in the test's own session."""
    response = post_report(client, neighborhood, files, **overrides)
    assert response.status_code in (204, 303), response.get_data(as_text=True)[:2000]
    db.session.rollback()
    location = response.headers.get("Location") or response.headers["HX-Redirect"]
    code = location.split("/r/status/", 1)[1].split("?", 1)[0]
    return db.session.scalars(select(ResidentReport).where(ResidentReport.receipt_code == code)).one()


def rectify_and_close(finding, *, inspector, supervisor, company_user) -> None:
    """The normal rectification path, through the real services: order, fix, follow-up, 销号."""
    from inspect_app.orders import followup
    from inspect_app.orders import services as orders

    order = orders.draft_order(finding.neighborhood, [finding.id], actor=inspector)
    orders.issue_order(order, actor=inspector)
    orders.acknowledge(order, actor=company_user)
    orders.report_fix(order, finding, actor=company_user, note="已清运完毕")
    inspection = followup.start_follow_up(order, actor=inspector)
    followup.record_result(inspection, finding, outcome="passed", note="", actor=inspector)
    followup.submit_follow_up(inspection, order, actor=inspector)
    followup.close_finding(order, finding, actor=supervisor)
