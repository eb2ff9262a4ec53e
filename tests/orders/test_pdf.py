"""The rectification order PDF (整改通知书): real WeasyPrint, pypdf, poppler and zxing-cpp; stored once per revision."""

from __future__ import annotations

import io
import re
import subprocess
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader

from inspect_app.core.db import db
from inspect_app.orders import pdf as order_pdf
from inspect_app.orders.links import order_url, verify_url
from inspect_app.orders.models import OrderLine, OrderState, RectificationOrder
from inspect_app.pdf.service import PdfError
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import store_photo
from tests import factories

NUMBER = "经开整改〔2026〕第0042号"
HOSTILE = '<img src="file:///etc/passwd">'
TITLES = ["楼道堆积杂物", "消防通道被占用", "垃圾桶满溢未清运", "单元门禁损坏", "绿地黄土裸露", "公示栏信息过期"]
PAGE_PNG = "/tmp/order_pdf_page"


def photo_jpeg(seed: int) -> bytes:
    im = Image.new("RGB", (1200, 900), (40 + seed * 37 % 180, 110, 160))
    draw = ImageDraw.Draw(im)
    for i in range(0, 1200, 90):
        draw.rectangle((i, 300, i + 45, 520), fill=(210, 170 - i % 110, 60))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def make_order(world, n: int = 3, *, photos: int = 0, number: str | None = NUMBER,
               requirement: str = "立即清理，保持通道畅通") -> RectificationOrder:
    """An order of n findings for 枫墅小镇小区 / 九州物业, built directly with the models."""
    findings = [factories.finding(world.neighborhood_a, title=TITLES[i % len(TITLES)],
                                  description=f"第{i + 1}处：现场检查发现") for i in range(n)]
    order = RectificationOrder(
        neighborhood=world.neighborhood_a, company=world.company_a, created_by=world.inspector,
        deadline=date(2026, 12, 15), remarks="请物业公司高度重视。",
        state=OrderState.ISSUED if number else OrderState.DRAFT,
        number=number, year=2026 if number else None, sequence=42 if number else None,
        issued_by=world.inspector if number else None,
        issued_at=datetime(2026, 11, 27, 17, 30, tzinfo=UTC) if number else None)  # 28 Nov in Shanghai
    order.lines = [OrderLine(finding=f, requirement=requirement, deadline=date(2026, 12, 5 + i), position=i)
                   for i, f in enumerate(findings)]
    db.session.add(order)
    db.session.commit()
    for i, finding in enumerate(findings):
        for k in range(photos):
            store_photo(photo_jpeg(i * 3 + k), kind=PhotoKind.EVIDENCE, actor=world.inspector,
                        watermark_lines=["2026-11-27 枫墅小镇小区"], finding_id=finding.id)
    return order


def pdf_text(data: bytes) -> str:
    """All text with whitespace removed: letter-spaced titles come out as 整 改 通 知 书."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def drawn_images(path: Path) -> int:
    return len(run("pdfimages", "-list", str(path)).splitlines()[2:])


def test_order_pdf_is_an_official_notice(app, world, tmp_path):
    order = make_order(world, 6, photos=3)
    data = order_pdf.render_order_pdf(order)
    path = tmp_path / "order.pdf"
    path.write_bytes(data)
    text = pdf_text(data)
    for expected in ("张家口经济技术开发区物业服务监管工作专班", "整改通知书", NUMBER, "九州物业：", "枫墅小镇小区",
                     "逾期未整改的将纳入季度考核扣分并督办", "立即清理，保持通道畅通", "2026年12月5日",
                     "请物业公司高度重视。", "请于2026年12月15日前完成全部整改", "Inspector1", "2026年11月28日",
                     "（盖章）", "扫码查看整改通知及复查", verify_url(order), "沿此线剪开", "整改通知书回执",
                     "已收到上述整改通知书，将按要求限期整改。", "签收人", "签收日期", "第1页/共"):
        assert expected in text, expected
    for title in TITLES:
        assert title in text, title
    assert "草稿" not in text and "照片缺失" not in text
    assert drawn_images(path) == 6 * order_pdf.PHOTOS_PER_FINDING
    fonts = [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]
    assert any(re.search(r"Noto-?(S(ans|erif)-?)?CJK", f[0]) for f in fonts), fonts
    assert all(f[-5] == "yes" for f in fonts), fonts  # "emb" column: nothing left to the viewer's fonts
    run("pdftoppm", "-r", "60", "-f", "1", "-l", "2", "-png", str(path), PAGE_PNG)  # for a person to look at


def test_qr_code_opens_the_public_verification_page(app, world, tmp_path, client, login):
    order = make_order(world, 2)
    (tmp_path / "order.pdf").write_bytes(order_pdf.render_order_pdf(order))
    run("pdftoppm", "-r", "150", "-png", "-singlefile", "-f", "1", "-l", "1", str(tmp_path / "order.pdf"),
        str(tmp_path / "page1"))
    with Image.open(tmp_path / "page1.png") as page:
        codes = [r.text for r in zxingcpp.read_barcodes(page) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert codes == [verify_url(order)]
    base = "http://127.0.0.1:5000"
    assert codes[0].startswith(f"{base}/v/{order.id}/") and len(codes[0]) > len(f"{base}/v/{order.id}/") + 20
    response = client.get(codes[0].removeprefix(base))  # nobody logged in
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and NUMBER in body and "物业服务监管工作专班" in body
    assert "已签发" in body and "2026年12月15日" in body and "2026年11月28日" in body
    assert "Inspector1" not in body and "<img" not in body and f"/orders/{order.id}" not in body
    assert not re.search(r"1[3-9]\d{9}", body)  # no phone number
    login(world.inspector)
    assert f'href="/orders/{order.id}"' in client.get(codes[0].removeprefix(base)).get_data(as_text=True)


def test_a_wrong_verification_token_is_404(app, world, client):
    order = make_order(world, 1)
    token = verify_url(order).rsplit("/", 1)[1]
    assert client.get(f"/v/{order.id}/{token}").status_code == 200
    assert client.get(f"/v/{order.id}/{'0' * len(token)}").status_code == 404
    assert client.get(f"/v/{order.id + 1}/{token}").status_code == 404  # a token is for one order only
    assert client.get(f"/v/{order.id}/short").status_code == 404


def test_order_url_ignores_trailing_slash(app, world):
    order = make_order(world, 1)
    app.config["PUBLIC_BASE_URL"] = "https://wuye.example.cn/"
    assert order_url(order) == f"https://wuye.example.cn/orders/{order.id}"


def test_user_text_is_printed_literally(app, world):
    order = make_order(world, 2, requirement=HOSTILE)
    order.remarks = f"备注{HOSTILE}"
    order.lines[0].finding.title = f"标题{HOSTILE}"
    db.session.commit()
    context, resources = order_pdf.order_context(order)
    assert resources == {}
    text = pdf_text(order_pdf.render_order_pdf(order))
    assert text.count(HOSTILE.replace(" ", "")) == 4


def test_draft_preview_says_draft_and_is_not_stored(app, world, monkeypatch):
    order = make_order(world, 2, number=None)
    text = pdf_text(order_pdf.ensure_order_pdf(order))
    assert "整改通知书（草稿）" in text and "编号待签发" in text
    assert order.pdf_path is None and order.pdf_revision is None
    assert not (Path(app.config["UPLOAD_FOLDER"]) / "orders").exists()


def test_voided_order_is_marked(app, world):
    order = make_order(world, 1)
    assert order_pdf.order_context(order)[0]["watermark"] == ""
    order.state = OrderState.VOIDED
    assert order_pdf.order_context(order)[0]["watermark"] == "作废"


def test_missing_photo_and_photo_kinds(app, world, tmp_path):
    order = make_order(world, 1, photos=1)
    finding_id = order.lines[0].finding_id
    store_photo(photo_jpeg(9), kind=PhotoKind.AFTER, actor=world.inspector, watermark_lines=["x"],
                finding_id=finding_id)
    photo = db.session.scalars(db.select(Photo).where(Photo.kind == PhotoKind.EVIDENCE)).one()
    (Path(app.config["UPLOAD_FOLDER"]) / photo.display_path).unlink()
    data = order_pdf.render_order_pdf(order)
    assert "照片缺失" in pdf_text(data)
    (tmp_path / "o.pdf").write_bytes(data)
    assert drawn_images(tmp_path / "o.pdf") == 0  # the after-photo is not evidence


def test_lines_are_capped_with_a_note(app, world, monkeypatch):
    monkeypatch.setattr(order_pdf, "MAX_LINES", 2)
    order = make_order(world, 3)
    context, _ = order_pdf.order_context(order)
    assert len(context["lines"]) == 2 and context["omitted"] == 1
    text = pdf_text(order_pdf.render_order_pdf(order))
    assert "另有1项问题未在本通知书中列出" in text
    assert TITLES[2] not in text


def test_pdf_error_propagates(app, world, monkeypatch):
    order = make_order(world, 1)

    def too_big(*args, **kwargs):
        raise PdfError("文档过大，无法生成 PDF")

    monkeypatch.setattr(order_pdf, "render_document", too_big)
    with pytest.raises(PdfError, match="文档过大"):
        order_pdf.ensure_order_pdf(order)
    assert order.pdf_path is None


@pytest.fixture
def counted(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = order_pdf.render_order_pdf

    def counting(order):
        calls.append(order.revision)
        return real(order)

    monkeypatch.setattr(order_pdf, "render_order_pdf", counting)
    return calls


def test_issued_pdf_is_stored_once_per_revision(app, world, counted):
    order = make_order(world, 2)
    lock_version = order.lock_version
    first = order_pdf.ensure_order_pdf(order)
    stored = Path(app.config["UPLOAD_FOLDER"]) / order.pdf_path
    assert stored.read_bytes() == first and order.pdf_revision == order.revision == 1
    assert order.pdf_path.startswith("orders/") and len(order.pdf_sha256) == 64
    assert order.lock_version == lock_version  # open order forms do not go stale
    assert order_pdf.ensure_order_pdf(order) == first
    assert counted == [1]

    order.revision += 1
    db.session.commit()
    second = order_pdf.ensure_order_pdf(order)
    assert counted == [1, 2] and order.pdf_revision == 2
    assert not stored.exists()  # the previous revision's file is replaced
    assert (Path(app.config["UPLOAD_FOLDER"]) / order.pdf_path).read_bytes() == second


@pytest.mark.parametrize("damage", ["tamper", "delete", "escape"])
def test_damaged_stored_pdf_is_rendered_again(app, world, counted, damage):
    order = make_order(world, 1)
    order_pdf.ensure_order_pdf(order)
    path = Path(app.config["UPLOAD_FOLDER"]) / order.pdf_path
    if damage == "tamper":
        path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOX"))
    elif damage == "delete":
        path.unlink()
    else:  # a path outside the orders folder is never read
        order.pdf_path = "../../etc/passwd"
        db.session.commit()
    data = order_pdf.ensure_order_pdf(order)
    assert data.startswith(b"%PDF-") and len(counted) == 2
    assert (Path(app.config["UPLOAD_FOLDER"]) / order.pdf_path).read_bytes() == data


def test_render_time_and_size(app, world):
    """Six findings with photos: printed with -s; bounds are generous, the numbers are the point."""
    order = make_order(world, 6, photos=2)
    times, data = [], b""
    for _ in range(3):
        started = time.perf_counter()
        data = order_pdf.render_order_pdf(order)
        times.append(time.perf_counter() - started)
    median = sorted(times)[1]
    print(f"order PDF (6 findings, 12 photos): {len(data)} bytes, median {median:.2f} s")  # noqa: T201
    assert median < 15 and len(data) < 3_000_000
