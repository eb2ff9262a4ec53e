"""`flask storage check`: files no row references, rows whose file is missing, and --fix removing only files."""

import os
import time
from pathlib import Path

import pytest

from inspect_app.core.db import db
from inspect_app.ops import storage_check
from inspect_app.orders.models import RectificationOrder
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import store_photo
from tests.inspections.helpers import jpeg

HOUR_AGO = time.time() - 3600


def put(root: Path, relative: str, *, old: bool = True) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    if old:
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    return path


def order(world, pdf_path: str | None) -> RectificationOrder:
    row = RectificationOrder(neighborhood_id=world.neighborhood_a.id, company_id=world.company_a.id,
                             created_by_id=world.supervisor.id, pdf_path=pdf_path)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def stored(app, world):
    """Two good photos and an order with its PDF; one photo then loses its display copy."""
    root = Path(app.config["UPLOAD_FOLDER"])
    good = store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=world.inspector, watermark_lines=["t"])
    broken = store_photo(jpeg(color=(1, 2, 3)), kind=PhotoKind.EVIDENCE, actor=None, watermark_lines=["t"])
    (root / broken.display_path).unlink()
    put(root, "orders/ab/issued.pdf")
    return {"root": root, "good": good, "broken": broken, "order": order(world, "orders/ab/issued.pdf"),
            "lost_pdf": order(world, "orders/cd/lost.pdf")}


def test_check_reports_orphans_and_missing_files_and_spares_young_ones(app, stored):
    root = stored["root"]
    put(root, "originals/zz/orphan.jpg")
    put(root, "display/zz/just-written.jpg", old=False)  # an upload whose row is not committed yet
    put(root, "display/zz/.x.jpg.a1b2.tmp", old=False)  # an upload still being written
    report = storage_check.check()
    assert report.unreferenced == ["originals/zz/orphan.jpg"]
    assert sorted(report.recent) == ["display/zz/.x.jpg.a1b2.tmp", "display/zz/just-written.jpg"]
    missing = {(m.table, m.row_id, m.column) for m in report.missing}
    assert missing == {("photo", stored["broken"].id, "display_path"),
                       ("rectification_order", stored["lost_pdf"].id, "pdf_path")}


def test_cli_reports_and_exits_1_then_fix_removes_only_unreferenced_files(app, stored):
    root, broken = stored["root"], stored["broken"]
    orphan = put(root, "thumb/zz/orphan.jpg")
    young = put(root, "thumb/zz/young.jpg", old=False)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["storage", "check"])
    assert result.exit_code == 1
    assert "unreferenced file: thumb/zz/orphan.jpg" in result.output
    assert f"missing file: photo {broken.id} display_path = {broken.display_path}" in result.output
    assert "missing file: rectification_order" in result.output and "orders/cd/lost.pdf" in result.output
    assert orphan.exists()

    result = runner.invoke(args=["storage", "check", "--fix"])
    assert "removed file: thumb/zz/orphan.jpg" in result.output
    assert result.exit_code == 1  # the rows with missing files remain, reported, untouched
    assert not orphan.exists() and young.exists()
    assert db.session.get(Photo, broken.id) is not None
    good = stored["good"]
    assert all((root / p).exists() for p in (good.original_path, good.display_path, good.thumb_path))
    assert (root / "orders/ab/issued.pdf").exists()


def test_cli_is_quiet_and_exits_0_when_files_and_rows_agree(app, world):
    store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=None, watermark_lines=["t"])
    result = app.test_cli_runner().invoke(args=["storage", "check"])
    assert result.exit_code == 0, result.output
    assert "3 files, 3 referenced" in result.output
    assert "unreferenced" not in result.output and "missing" not in result.output


def test_a_row_path_escaping_the_upload_folder_counts_as_missing(app, world, tmp_path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"x")
    order(world, "../secret.pdf")
    report = storage_check.check()
    assert [m.path for m in report.missing] == ["../secret.pdf"]
    storage_check.fix(report)
    assert outside.exists()
