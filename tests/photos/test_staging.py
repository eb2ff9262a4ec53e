"""Photos are processed and written before the write transaction; one short transaction then inserts the rows.

Checked on the statements the database sees: no INSERT, UPDATE or DELETE is sent until every photo of the
submission has been processed — so a six-photo upload never holds SQLite's write lock (tests/ops has the
same under gunicorn, with an autosave that must not wait).
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event, func, select

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.findings import services as findings
from inspect_app.findings.forms import NewFinding, Upload
from inspect_app.findings.models import Finding
from inspect_app.photos import services as photos
from inspect_app.photos.models import Photo
from inspect_app.resident_reports import services as resident
from inspect_app.resident_reports.forms import ReportInput
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import OTHER_CATEGORY


def jpeg(n: int) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (320, 240), (n * 40 % 255, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def timeline(app, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What happened, in order: "photo" when one finished processing, "write" for each write statement."""
    events: list[str] = []
    real = photos._process

    def process(*args, **kwargs):
        result = real(*args, **kwargs)
        events.append("photo")
        return result

    monkeypatch.setattr(photos, "_process", process)

    def statement(_conn, _cursor, sql: str, *_rest) -> None:
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            events.append("write")

    event.listen(db.engine, "before_cursor_execute", statement)
    yield events
    event.remove(db.engine, "before_cursor_execute", statement)


def stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]


def count(model: type) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def report_input(key: str = "k-resident") -> ReportInput:
    return ReportInput(OTHER_CATEGORY, "楼道灯坏了三天", "3号楼", None, key)


def new_finding(world, key: str = "k-finding") -> NewFinding:
    return NewFinding(world.neighborhood_a.id, "A", "楼道堆物", "3号楼二单元楼道堆放杂物", Decimal("1"), key)


def test_a_resident_report_processes_every_photo_before_its_first_write(app, world, timeline) -> None:
    uploads = [Upload(f"{n}.jpg", jpeg(n)) for n in range(6)]
    timeline.clear()
    report = resident.submit_report(report_input(), uploads, neighborhood=world.neighborhood_a)
    assert timeline[:6] == ["photo"] * 6 and set(timeline[6:]) == {"write"}
    assert count(Photo) == 6 and len(stored_files(app)) == 18
    assert {p.resident_report_id for p in db.session.scalars(select(Photo))} == {report.id}


def test_a_finding_added_by_hand_processes_every_photo_before_its_first_write(app, world, timeline) -> None:
    uploads = [Upload(f"{n}.jpg", jpeg(n)) for n in range(6)]
    timeline.clear()
    finding = findings.create_manual_finding(new_finding(world), uploads, actor=world.inspector, today=date.today())
    assert timeline[:6] == ["photo"] * 6 and set(timeline[6:]) == {"write"}
    assert count(Photo) == 6 and len(stored_files(app)) == 18
    assert {p.finding_id for p in db.session.scalars(select(Photo))} == {finding.id}


def test_a_refused_photo_removes_those_already_written_and_writes_nothing(app, world, timeline) -> None:
    uploads = [Upload("1.jpg", jpeg(1)), Upload("2.jpg", jpeg(2)), Upload("坏.jpg", b"not a photo")]
    timeline.clear()
    with pytest.raises(DomainError, match="坏.jpg"):
        resident.submit_report(report_input(), uploads, neighborhood=world.neighborhood_a)
    with pytest.raises(DomainError, match="坏.jpg"):
        findings.create_manual_finding(new_finding(world), uploads, actor=world.inspector, today=date.today())
    assert "write" not in timeline
    assert count(ResidentReport) == 0 and count(Finding) == 0 and count(Photo) == 0
    assert stored_files(app) == []


@pytest.mark.parametrize("where", ["resident", "finding"])
def test_a_failed_insert_removes_the_staged_files(app, world, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(resident if where == "resident" else findings, "add_staged", broken)
    uploads = [Upload("1.jpg", jpeg(1)), Upload("2.jpg", jpeg(2))]
    with pytest.raises(RuntimeError):
        if where == "resident":
            resident.submit_report(report_input(), uploads, neighborhood=world.neighborhood_a)
        else:
            findings.create_manual_finding(new_finding(world), uploads, actor=world.inspector, today=date.today())
    assert count(ResidentReport) == 0 and count(Finding) == 0 and count(Photo) == 0
    assert stored_files(app) == []


def test_replaying_a_resident_report_processes_nothing(app, world, timeline) -> None:
    uploads = [Upload("1.jpg", jpeg(1))]
    first = resident.submit_report(report_input("k-replay"), uploads, neighborhood=world.neighborhood_a)
    timeline.clear()
    again = resident.submit_report(report_input("k-replay"), uploads, neighborhood=world.neighborhood_a)
    assert again.id == first.id and timeline == []
    assert count(Photo) == 1 and len(stored_files(app)) == 3
