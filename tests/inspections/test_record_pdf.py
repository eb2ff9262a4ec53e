"""The inspection record PDF (巡查记录表): real patrol, real photos, real WeasyPrint, pypdf and poppler."""

from __future__ import annotations

import io
import re
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from inspect_app.core.db import db
from inspect_app.core.templating import format_points
from inspect_app.inspections import record_pdf
from inspect_app.inspections.answers import parse_answer
from inspect_app.inspections.models import Inspection, InspectionStatus
from inspect_app.inspections.queries import load_template
from inspect_app.inspections.services import save_answer, start_patrol, submit
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.photos.stamping import watermark_lines

HOSTILE = '<img src="file:///etc/passwd">'
# code → (form, number of photos, portrait?)
ANSWERS: dict[str, tuple[dict[str, str], int, bool]] = {
    "H1": ({"outcome": "deduct", "preset": "未日产日清", "count": "2"}, 2, False),
    "H2": (
        {
            "outcome": "deduct",
            "preset_id": "custom",
            "custom_amount": "1.5",
            "reason": HOSTILE,
            "note": "楼道堆放纸箱，已口头告知",
        },
        1,
        True,
    ),
    "Q4": ({"outcome": "deduct", "preset": "堵塞消防通道", "count": "1"}, 1, False),
    "Q6": ({"outcome": "deduct", "preset": "违规停放或充电", "count": "3", "is_exempt": "1"}, 1, True),
    "F3": ({"outcome": "deduct", "preset": "照明完好率每低1个百分点", "count": "2"}, 0, False),
    "Q1": ({"outcome": "not_applicable", "note": "开放式小区"}, 0, False),
}
PAGE_PNG = "/tmp/record_pdf_page"


def photo_jpeg(seed: int, portrait: bool) -> bytes:
    w, h = (900, 1200) if portrait else (1200, 900)
    im = Image.new("RGB", (w, h), (60 + seed * 30 % 150, 110, 160))
    draw = ImageDraw.Draw(im)
    for i in range(0, w, 80):
        draw.rectangle((i, h // 3, i + 40, h // 3 + 200), fill=(200, 180 - i % 120, 60))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def answer(inspection: Inspection, item, form: dict[str, str], actor) -> None:
    form = dict(form)
    label = form.pop("preset", None)
    if label is not None:
        form["preset_id"] = str(next(p.id for p in item.presets if p.label == label))
    save_answer(inspection, item, parse_answer(item, form), actor=actor)


def add_photos(inspection: Inspection, item, count: int, portrait: bool, actor) -> None:
    result_id = next(r.id for r in inspection.results if r.item_id == item.id)
    for n in range(count):
        store_photo(
            photo_jpeg(item.id + n, portrait),
            kind=PhotoKind.EVIDENCE,
            actor=actor,
            watermark_lines=watermark_lines(inspection.neighborhood.name, actor.display_name),
            original_filename=f"{item.code}-{n}.jpg",
            inspection_id=inspection.id,
            item_result_id=result_id,
        )


def submitted_patrol(world) -> Inspection:
    """A patrol of 枫墅小镇小区 with every item answered, five photos, submitted through the services."""
    actor = world.inspector
    inspection = start_patrol(world.neighborhood_a, actor=actor)
    for category in load_template(inspection.template_id).categories:
        for item in category.items:
            form, photos, portrait = ANSWERS.get(item.code, ({"outcome": "pass"}, 0, False))
            answer(inspection, item, form, actor)
            db.session.refresh(inspection)
            add_photos(inspection, item, photos, portrait, actor)
    return submit(inspection, actor=actor)


def pdf_text(data: bytes) -> str:
    """All text with whitespace removed: letter-spaced titles come out as 巡 查 记 录 表."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def patrol(world) -> Inspection:
    inspection = submitted_patrol(world)
    assert inspection.status == InspectionStatus.SUBMITTED
    return inspection


def test_record_pdf_shows_the_whole_patrol(app, world, patrol, tmp_path):
    started = time.perf_counter()
    data = record_pdf.render_record_pdf(patrol)
    elapsed = time.perf_counter() - started
    print(f"record PDF: {len(data) / 1024:.0f} KB in {elapsed:.2f} s")  # noqa: T201 - shown with -s
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for expected in (
        "巡查记录表",
        "住宅小区物业服务动态巡查",
        "枫墅小镇小区",
        "学府街社区",
        "九州物业",
        "Inspector1",
        "住宅小区物业服务动态巡查表",
        format_points(patrol.score),
        patrol.grade,
        "H1",
        "生活垃圾日产日清",
        "Q4",
        "堵塞消防通道",
        "红线",
        "免扣",
        "不适用",
        "开放式小区",
        "巡查员签字",
        "物业公司签字",
        "日期",
        "第1页/共",
    ):
        assert expected.replace(" ", "") in text, expected
    assert text.count("合格") >= 20  # every passed item says so
    assert "照片缺失" not in text
    assert len(PdfReader(io.BytesIO(data)).pages) >= 2
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    assert drawn_images(path) == 5
    _check_fonts(path)
    _save_pages(path)


def drawn_images(path: Path) -> int:
    """Images actually drawn on the pages (pypdf lists every page's shared resources instead)."""
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(listing.splitlines()[2:])


def _check_fonts(path: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line.split() for line in fonts.splitlines() if re.search(r"Noto-?(S(ans|erif)-?)?CJK", line)]
    assert cjk, fonts
    assert all(columns[-5] == "yes" for columns in cjk), fonts  # the "emb" column


def _save_pages(path: Path) -> None:
    """Pages 1 and 2 as PNG in /tmp for a person to look at."""
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "2", "-png", str(path), PAGE_PNG], check=True)
    assert Path(f"{PAGE_PNG}-1.png").exists() or Path(f"{PAGE_PNG}-01.png").exists()


def test_user_text_is_shown_literally(app, world, patrol):
    text = pdf_text(record_pdf.render_record_pdf(patrol))
    assert HOSTILE.replace(" ", "") in text
    assert "楼道堆放纸箱，已口头告知" in text


def test_missing_photo_file_is_reported_not_fatal(app, world, patrol, tmp_path):
    photo = db.session.scalars(db.select(Photo).where(Photo.inspection_id == patrol.id).order_by(Photo.id)).first()
    (Path(app.config["UPLOAD_FOLDER"]) / photo.display_path).unlink()
    data = record_pdf.render_record_pdf(patrol)
    assert "照片缺失" in pdf_text(data)
    (tmp_path / "record.pdf").write_bytes(data)
    assert drawn_images(tmp_path / "record.pdf") == 4


def test_photos_are_capped(app, world, patrol, monkeypatch):
    monkeypatch.setattr(record_pdf, "MAX_PHOTOS", 3)
    context, resources = record_pdf.record_context(patrol)
    assert len(resources) == 3
    assert sum(d.omitted for d in context["deductions"]) == 2
    data = record_pdf.render_record_pdf(patrol)
    assert "另有1张照片未列出" in pdf_text(data)


def test_neighbourhood_without_company(app, world, patrol):
    patrol.company_id = None
    db.session.commit()
    assert "无物业小区" in pdf_text(record_pdf.render_record_pdf(patrol))


def test_record_pdf_view(app, login, world, patrol):
    """One patrol, four users: rendering is the slow part, so the access matrix shares it."""
    for who, status in (("inspector", 200), ("supervisor", 200), ("company_user_a", 200), ("company_user_b", 404)):
        client = app.test_client()
        login(getattr(world, who), to=client)
        response = client.get(f"/inspections/{patrol.id}/record.pdf")
        assert response.status_code == status, who
        if status == 200:
            assert response.mimetype == "application/pdf"
            assert re.search(r'filename="?[\w.-]+\.pdf', response.headers["Content-Disposition"])
            assert response.data.startswith(b"%PDF-")


def test_record_pdf_of_a_draft_is_404(app, client, login, world):
    draft = start_patrol(world.neighborhood_a, actor=world.inspector)
    login(world.inspector)
    assert client.get(f"/inspections/{draft.id}/record.pdf").status_code == 404
