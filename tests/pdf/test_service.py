"""Tests of the PDF service with real WeasyPrint, poppler, pypdf and zxing-cpp (no mocks)."""

from __future__ import annotations

import io
import logging
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import zxingcpp
from markupsafe import escape
from PIL import Image
from pypdf import PdfReader

from inspect_app.pdf import fonts
from inspect_app.pdf.service import (
    FetchRefused,
    PdfError,
    SafeURLFetcher,
    check_fonts,
    qr_svg_data_uri,
    render_pdf,
    require_cjk_font,
)

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
QR_URL = "https://xj.example.cn/r/2024-0815-整改-000123?t=Zx9"
ROWS = [
    ("1", "消防通道堆放杂物，影响应急疏散", "物业服务中心", "三日内"),
    ("2", "电梯轿厢内年检标志过期", "维保单位", "七日内"),
    ("3", "地下车库照明损坏五处", "工程部", "五日内"),
    ("4", "垃圾分类投放点未按时清运", "保洁部", "即日"),
]
SECRET_FILES = {"/etc/passwd", "/etc/hosts", "/etc/hostname", "/etc/shadow"}
SERVICE_LOGGER = "inspect_app.pdf.service"

# Audit events observed while _AUDIT is not None: file opens of SECRET_FILES and any socket connect.
_AUDIT: list[tuple[str, object]] | None = None
_audit_installed = False


def _audit_hook(event: str, args: tuple) -> None:
    if _AUDIT is None:
        return
    if event == "open" and str(args[0]) in SECRET_FILES:
        _AUDIT.append((event, args[0]))
    elif event in ("socket.connect", "socket.getaddrinfo"):
        _AUDIT.append((event, args))
    elif event == "urllib.Request" and not str(args[0]).startswith("data:"):  # data: URIs are decoded by urllib
        _AUDIT.append((event, args[0]))


@contextmanager
def audited() -> Iterator[list[tuple[str, object]]]:
    global _AUDIT, _audit_installed
    if not _audit_installed:  # audit hooks cannot be removed; install once, gate with _AUDIT
        sys.addaudithook(_audit_hook)
        _audit_installed = True
    _AUDIT = []
    try:
        yield _AUDIT
    finally:
        _AUDIT = None


@contextmanager
def tcp_listener() -> Iterator[tuple[int, list[object]]]:
    """Listen on 127.0.0.1:<free port> in a thread; yield (port, accepted peer addresses)."""
    hits: list[object] = []
    stop = threading.Event()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        srv.settimeout(0.05)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, addr = srv.accept()
                except TimeoutError:
                    continue
                hits.append(addr)
                conn.close()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield srv.getsockname()[1], hits
        finally:
            stop.set()
            thread.join(timeout=5)


def test_io_probes_are_not_vacuous() -> None:
    with tcp_listener() as (port, hits), audited() as events:
        Path("/etc/hostname").read_bytes()
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        for _ in range(100):
            if hits:
                break
            threading.Event().wait(0.05)
    assert [e for e, _ in events] == ["open", "socket.getaddrinfo", "socket.connect"]
    assert len(hits) == 1


def jpeg(width: int = 320, height: int = 240) -> bytes:
    img = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def notice_html(photo_keys: list[str], extra: str = "", rows: list[tuple[str, ...]] = ROWS) -> str:
    body_rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    photos = "".join(
        f'<figure><img src="app-resource:{k}" alt=""><figcaption>照片 {k}</figcaption></figure>'
        for k in photo_keys
    )
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>整改通知书</title></head>
<body><h1>整改通知书</h1>
<p class="meta">编号：ZG-2024-000123　小区：幸福里小区　检查人：王建国</p>
<table><thead><tr><th>序号</th><th>问题描述</th><th>责任单位</th><th>整改期限</th></tr></thead>
<tbody>{body_rows}</tbody></table>
<div class="photos">{photos}</div>{extra}
<p>扫码查看整改详情：</p><img class="qr" src="{qr_svg_data_uri(QR_URL)}" alt="二维码">
<p class="signature">幸福里社区党委（盖章）</p></body></html>"""


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_text(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def image_objects(pdf: bytes) -> list[object]:
    reader = PdfReader(io.BytesIO(pdf))
    numbers = set(reader.xref_objStm) | {n for by_num in reader.xref.values() for n in by_num}
    objects = [reader.get_object(n) for n in sorted(numbers)]
    return [o for o in objects if hasattr(o, "get") and o.get("/Subtype") == "/Image"]


def assert_no_attachments(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.attachments) == 0
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"


def refused_urls(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.args[0] for r in caplog.records if r.name == SERVICE_LOGGER and "refused" in r.msg]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    pdf = render_pdf(notice_html(["photo-42"]), static_dir=STATIC_DIR, resources={"photo-42": jpeg()})
    out = tmp_path_factory.mktemp("pdf")
    (out / "sample.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", "1", "-l", "1",
         str(out / "sample.pdf"), str(out / "page1")],
        check=True, timeout=60,
    )
    shutil.copyfile(out / "page1.png", "/tmp/pdf_service_sample.png")
    return pdf, out


def test_chinese_document_text_and_photo(sample: tuple[bytes, Path]) -> None:
    pdf, out = sample
    assert pdf.startswith(b"%PDF-")
    (text,) = pdf_text(pdf)
    for expected in ["整改通知书", "幸福里小区", "问题描述", "第1页/共1页", "幸福里社区党委（盖章）"]:
        assert expected in text
    for row in ROWS:
        for cell in row:
            assert squash(cell) in text
    images = image_objects(pdf)
    assert [img["/Filter"] for img in images] == ["/DCTDecode"]  # the JPEG photo, passed through
    assert (out / "page1.png").stat().st_size > 10_000


def test_cjk_font_embedded_no_type3(sample: tuple[bytes, Path]) -> None:
    _, out = sample
    result = subprocess.run(
        ["pdffonts", str(out / "sample.pdf")], capture_output=True, text=True, check=True, timeout=60
    )
    assert "Type 3" not in result.stdout
    fonts = [line.split() for line in result.stdout.splitlines()[2:]]
    cjk = [f for f in fonts if "Noto" in f[0] and "CJK" in f[0]]
    assert cjk, result.stdout
    # columns from the right: emb sub uni objID gen
    assert all(f[-5] == "yes" for f in fonts), result.stdout


def test_qr_code_decodes_to_exact_url(sample: tuple[bytes, Path]) -> None:
    _, out = sample
    with Image.open(out / "page1.png") as page:
        results = zxingcpp.read_barcodes(page)
    qr = [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert qr == [QR_URL]


def test_large_photo_is_downsampled_to_print_size() -> None:
    pdf = render_pdf(notice_html(["p"]), static_dir=STATIC_DIR, resources={"p": jpeg(1600, 1200)})
    (img,) = image_objects(pdf)
    assert int(img["/Width"]) <= 450  # 56 mm at 200 dpi = 441 px


def test_qr_svg_data_uri_is_svg() -> None:
    uri = qr_svg_data_uri("https://example.cn/x")
    assert uri.startswith("data:image/svg+xml")


def test_page_counter_and_repeated_table_header() -> None:
    rows = [(str(i), f"第{i}项：楼道堆放杂物需清理", "物业", "三日内") for i in range(1, 121)]
    pages = pdf_text(render_pdf(notice_html([], rows=rows), static_dir=STATIC_DIR))
    total = len(pages)
    assert total >= 2
    for n, text in enumerate(pages, start=1):
        assert f"第{n}页/共{total}页" in text
        assert "问题描述" in text or n == total  # thead repeats on every page carrying the table


def test_escaped_malicious_text_is_literal(caplog: pytest.LogCaptureFixture) -> None:
    payloads = [
        '<img src="file:///etc/passwd">',
        '<link rel=attachment href="file:///etc/passwd">',
        "http://127.0.0.1:5432/",
        "<style>@import url(file:///etc/passwd)</style>",
    ]
    extra = "".join(f"<p>备注：{escape(p)}</p>" for p in payloads)
    caplog.set_level(logging.WARNING)
    with audited() as events:
        pdf = render_pdf(notice_html([], extra=extra), static_dir=STATIC_DIR)
    (text,) = pdf_text(pdf)
    for payload in payloads:
        assert squash(payload) in text
    assert "root:" not in text
    assert events == []
    assert refused_urls(caplog) == []  # nothing but pdf.css and the QR data: URI was even requested
    assert_no_attachments(pdf)
    assert image_objects(pdf) == []


def test_unescaped_references_are_refused_without_io(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with tcp_listener() as (port, hits), audited() as events:
        local = f"http://127.0.0.1:{port}"
        urls = [
            "file:///etc/passwd",
            "http://127.0.0.1:9/x.png",
            f"{local}/x.png",
            "file:///etc/hosts",
            "../../../etc/passwd",
            "app-static:/../../../etc/passwd",
            "app-static:/%2e%2e/%2e%2e/etc/passwd",
            f"{local}/import.css",
            f"{local}/bg.png",
            "file:///etc/hostname",
            f"{local}/attach.bin",
        ]
        html = f"""<html><head>
<link rel="stylesheet" href="file:///etc/hosts"><link rel="attachment" href="file:///etc/passwd">
<style>@import url({local}/import.css); body {{ background: url({local}/bg.png) }}</style></head><body>
<p>x</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"><img src="{local}/x.png">
<img src="../../../etc/passwd"><img src="app-static:/../../../etc/passwd">
<img src="app-static:/%2e%2e/%2e%2e/etc/passwd"><a rel="attachment" href="{local}/attach.bin">附件</a>
<img src="data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27 width=%2710%27 height=%2710%27%3E%3Cimage width=%2710%27 height=%2710%27 href=%27file:///etc/hostname%27/%3E%3C/svg%3E">
</body></html>"""
        pdf = render_pdf(html, static_dir=STATIC_DIR)
    assert set(refused_urls(caplog)) == set(urls)
    assert hits == []
    assert events == []
    assert_no_attachments(pdf)
    assert image_objects(pdf) == []
    assert "root:" not in "".join(pdf_text(pdf))


def test_base_element_cannot_reach_filesystem(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with audited() as events:
        pdf = render_pdf('<base href="file:///etc/"><p>x</p><img src="passwd">', static_dir=STATIC_DIR)
    assert refused_urls(caplog) == ["file:///etc/passwd"]
    assert events == []
    assert image_objects(pdf) == []


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "http://127.0.0.1:9/x.png",
    "https://example.com/x.png",
    "ftp://example.com/x",
    "../../../etc/passwd",
    "/etc/passwd",
    "passwd",
    "app-static:/../../../etc/passwd",
    "app-static:/css/../../../../etc/passwd",
    "app-static:/%2e%2e/%2e%2e/etc/passwd",
    "app-static:/css/%00pdf.css",
    "app-static:/",
    "app-static:/css",
    "app-static:/css/missing.css",
    "app-resource:photo-99",
    "app-resource:../photo-42",
])
def test_fetcher_refuses(url: str) -> None:
    fetcher = SafeURLFetcher(STATIC_DIR, {"photo-42": b"\xff\xd8\xff"})
    with audited() as events, pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.served == []
    assert events == []


def test_fetcher_refuses_symlink_out_of_static(tmp_path: Path) -> None:
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "evil.css").symlink_to("/etc/passwd")
    fetcher = SafeURLFetcher(tmp_path)
    with pytest.raises(FetchRefused):
        fetcher.fetch("app-static:/css/evil.css")


def test_fetcher_serves_allowed() -> None:
    photo = jpeg(8, 8)
    fetcher = SafeURLFetcher(STATIC_DIR, {"photo-42": photo})
    css = fetcher.fetch("app-static:/css/pdf.css")
    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    res = fetcher.fetch("app-resource:photo-42")
    assert (res.content_type, res.read()) == ("image/jpeg", photo)
    data = fetcher.fetch("data:text/plain;base64,5pW05pS5")
    assert data.read().decode() == "整改"
    assert fetcher.refused == []
    for r in (css, res, data):
        r.close()


def test_oversized_html_is_refused() -> None:
    html = "<p>" + "整" * 700_000 + "</p>"  # 2.1 MB of UTF-8, fewer than 2M characters
    with pytest.raises(PdfError, match="文档过大"):
        render_pdf(html, static_dir=STATIC_DIR)
    with pytest.raises(PdfError, match="文档过大"):
        render_pdf("<p>" + "x" * 200 + "</p>", static_dir=STATIC_DIR, max_html_bytes=100)


def test_missing_stylesheet_is_pdf_error() -> None:
    with pytest.raises(PdfError, match="样式表"):
        render_pdf("<p>x</p>", static_dir=STATIC_DIR, stylesheets=("nope.css",))
    with pytest.raises(PdfError, match="样式表"):
        render_pdf("<p>x</p>", static_dir=STATIC_DIR, stylesheets=("../../etc/passwd",))


def test_fonts_present() -> None:
    assert check_fonts() == []
    require_cjk_font()


def test_missing_fonts_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setenv("PATH", "/nonexistent")
    problems = check_fonts()
    assert len(problems) == 2
    assert "apt-get install fontconfig fonts-noto-cjk" in problems[0]
    assert "apt-get install libharfbuzz-subset0" in problems[1]
    monkeypatch.setattr(fonts, "_cjk_font_ok", False)
    with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
        require_cjk_font()
    with pytest.raises(PdfError, match="中文字体"):
        render_pdf("<p>整改</p>", static_dir=STATIC_DIR)


def test_non_cjk_fallback_font_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("needs fonts-dejavu-core")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    (problem,) = check_fonts()
    assert "DejaVu" in problem and "apt-get install fonts-noto-cjk" in problem
