"""A company's fix report is all or nothing with its photos: a refused photo records nothing, keeps the note and
the client key, and a retry with that key makes exactly one report."""

import re
from io import BytesIO

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.findings.models import Finding
from inspect_app.orders import services
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import Photo
from tests.inspections.helpers import jpeg
from tests.orders.helpers import issued_order
from tests.security.helpers import fingerprint, sign_in, stored_files

NOTE = "楼道杂物已全部清运，消防通道畅通"


def truncated() -> bytes:
    whole = jpeg((800, 600))
    return whole[: len(whole) // 2]


BAD = {  # name → (the file, the config that makes it bad, the status)
    "truncated": (truncated, {}, 422),
    "over-size": (lambda: jpeg((800, 600)), {"UPLOAD_MAX_BYTES": 1000}, 413),
    "not an image": (lambda: b"<!doctype html><p>not a photo</p>", {}, 422),
}


@pytest.fixture
def acknowledged(world):
    order = issued_order(world)
    services.acknowledge(order, actor=world.company_user_a)
    return order


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def states(order_id: int, finding_id: int) -> tuple[str, str]:
    db.session.expire_all()
    return db.session.get(RectificationOrder, order_id).state, db.session.get(Finding, finding_id).state


def report_url(order, finding) -> str:
    return f"/orders/{order.id}/findings/{finding.id}/report"


def post_report(client, order, finding, files: list[tuple[bytes, str]], key: str = "fix-key-1", **headers):
    data = {"note": NOTE, "client_key": key, "photos": [(BytesIO(content), name) for content, name in files]}
    return client.post(report_url(order, finding), data=data, content_type="multipart/form-data", headers=headers)


# --- the service --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD)
def test_the_service_records_nothing_when_a_photo_is_refused(app, world, acknowledged, case):
    make, config, status = BAD[case]
    app.config.update(config)
    finding = acknowledged.lines[0].finding
    before, files = fingerprint(), stored_files(app.config["UPLOAD_FOLDER"])
    good = FileStorage(BytesIO(jpeg((32, 32))), "good.jpg")  # under every limit of the cases
    upload = PhotoUpload(files=[good, FileStorage(BytesIO(make()), "bad.jpg")], key="svc-1")
    with pytest.raises(DomainError) as refused:
        services.report_fix(acknowledged, finding, actor=world.company_user_a, note=NOTE, client_key="svc-1",
                            photos=upload, watermark_lines=["t"])
    assert refused.value.status == status and "bad.jpg" in refused.value.message
    assert fingerprint() == before
    assert stored_files(app.config["UPLOAD_FOLDER"]) == files  # the good photo's files went too


def test_the_service_stores_the_report_and_its_photos_together(app, world, acknowledged):
    finding = acknowledged.lines[0].finding
    upload = PhotoUpload(files=[FileStorage(BytesIO(jpeg()), "a.jpg"), FileStorage(BytesIO(jpeg()), "b.jpg")])
    report = services.report_fix(acknowledged, finding, actor=world.company_user_a, note=NOTE, client_key="svc-2",
                                 photos=upload, watermark_lines=["t"])
    photos = db.session.scalars(select(Photo).where(Photo.rectification_report_id == report.id)).all()
    assert len(photos) == 2 and all(p.kind == "after" and p.finding_id == finding.id for p in photos)
    assert states(acknowledged.id, finding.id)[1] == "reported"


# --- the page -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD)
def test_a_refused_photo_records_nothing_and_keeps_the_note_and_key(client, app, world, acknowledged, case):
    make, config, status = BAD[case]
    app.config.update(config)
    finding = acknowledged.lines[0].finding
    sign_in(client, world.company_user_a)
    before_states = states(acknowledged.id, finding.id)
    before, files = fingerprint(), stored_files(app.config["UPLOAD_FOLDER"])
    response = post_report(client, acknowledged, finding, [(make(), "整改后.jpg")])
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:300]
    assert "整改后.jpg" in body and NOTE in body  # the message names the photo; the note is still in the form
    keys = re.findall(r'name="client_key" value="([^"]+)"', body)
    assert "fix-key-1" in keys  # the same key: a retry cannot make a second report
    assert states(acknowledged.id, finding.id) == before_states == ("acknowledged", "ordered")
    assert count(RectificationReport) == 0 and fingerprint() == before
    assert stored_files(app.config["UPLOAD_FOLDER"]) == files


@pytest.mark.parametrize("case", BAD)
def test_a_refused_photo_over_htmx_answers_a_fragment_and_records_nothing(hx, app, world, acknowledged, case):
    make, config, status = BAD[case]
    app.config.update(config)
    finding = acknowledged.lines[0].finding
    sign_in(hx, world.company_user_a)
    before = fingerprint()
    response = post_report(hx, acknowledged, finding, [(make(), "整改后.jpg")])
    body = response.get_data(as_text=True)
    assert response.status_code == status and 'role="alert"' in body and "<html" not in body
    assert "整改后.jpg" in body
    if status == 422:  # swapped in place of the form (htmx swaps a 422): the note and the same key come back
        assert 'class="report-form"' in body and NOTE in body and 'value="fix-key-1"' in body
    else:  # a 413 is not swapped: the form on screen keeps the note, the key and the chosen photos
        assert "report-form" not in body
    assert fingerprint() == before


@pytest.mark.parametrize("case", BAD)
def test_a_retry_with_the_same_key_after_a_refusal_makes_exactly_one_report(client, app, world, acknowledged,
                                                                            case):
    make, config, _status = BAD[case]
    finding = acknowledged.lines[0].finding
    sign_in(client, world.company_user_a)
    app.config.update(config)
    post_report(client, acknowledged, finding, [(make(), "整改后.jpg")])
    app.config["UPLOAD_MAX_BYTES"] = 25 * 1024 * 1024
    for _ in range(2):  # the retry, then a double tap of it
        response = post_report(client, acknowledged, finding, [(jpeg(), "整改后.jpg")])
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert count(RectificationReport) == 1
    report = db.session.scalars(select(RectificationReport)).one()
    assert report.client_key == "fix-key-1" and report.note == NOTE
    assert db.session.scalar(select(func.count()).where(Photo.rectification_report_id == report.id)) == 1
    assert states(acknowledged.id, finding.id) == ("acknowledged", "reported")


def test_a_good_photo_is_stored_with_the_report_over_htmx(hx, world, acknowledged):
    finding = acknowledged.lines[0].finding
    sign_in(hx, world.company_user_a)
    response = post_report(hx, acknowledged, finding, [(jpeg(), "整改后.jpg")])
    assert response.status_code == 204 and response.headers["HX-Refresh"] == "true"  # htmx reloads the page
    report = db.session.scalars(select(RectificationReport)).one()
    assert db.session.scalar(select(func.count()).where(Photo.rectification_report_id == report.id)) == 1
