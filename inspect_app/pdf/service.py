"""Render trusted, already-escaped HTML to PDF bytes with a fetcher that can only read allowed resources."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import segno
from PIL import ImageFile

from .fonts import check_fonts, require_cjk_font

with warnings.catch_warnings():
    # Emitted at import when libharfbuzz-subset is missing; require_cjk_font() logs that case instead.
    warnings.filterwarnings("ignore", message="HarfBuzz-Subset will be required", category=DeprecationWarning)
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

# WeasyPrint switches this on for the whole process at import; the photo pipeline relies on it staying off
# so that a cut-off upload is refused, not silently padded with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False

__all__ = [
    "BASE_URL", "IMAGE_DPI", "MAX_PAGES", "PdfError", "SafeURLFetcher",
    "check_fonts", "qr_svg_data_uri", "render_pdf", "require_cjk_font",
]

logger = logging.getLogger(__name__)

STATIC_SCHEME = "app-static"
RESOURCE_SCHEME = "app-resource"
# Relative URLs cannot be joined onto "about:" (urljoin leaves them relative), so they reach the
# fetcher unresolved and are refused; a None/path base would make WeasyPrint build file:// URLs.
BASE_URL = "about:blank"
# Layout is the slow part and cannot be interrupted safely in-process; cap pages before writing.
MAX_PAGES = 300
# Photos are downsampled to this resolution at their printed size (6 phone photos: ~4 MB -> ~0.4 MB).
IMAGE_DPI = 200
QR_TARGET_MM = 30.0
QR_MIN_MODULE_MM = 0.5

_STATIC_TYPES = {
    ".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
}
_IMAGE_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
)


class PdfError(Exception):
    """PDF generation failed; the message is Chinese and safe to show to the user."""


class FetchRefused(ValueError):
    """A URL outside the allowed schemes/resources; WeasyPrint logs it and skips the resource."""


class SafeURLFetcher(URLFetcher):
    """Serve only app-static:/<path under static_dir>, app-resource:<key> and data: URIs.

    Everything else (file:, http(s):, relative URLs, traversal) raises FetchRefused without any I/O.
    ``served`` and ``refused`` record the URLs seen (data: URIs shortened).
    """

    def __init__(self, static_dir: Path, resources: Mapping[str, bytes] | None = None) -> None:
        # The parent's urllib opener is only used for data: URIs (allowed_protocols is a second guard).
        super().__init__(timeout=1, allowed_protocols=frozenset({"data"}), allow_redirects=False)
        self._static_root = Path(static_dir).resolve(strict=True)
        self._resources = dict(resources or {})
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        shown = url if not url.startswith("data:") else url[:60] + "…"
        try:
            response = self._dispatch(url, headers)
        except FetchRefused:
            self.refused.append(shown)
            logger.warning("PDF fetch refused: %s", shown)
            raise
        self.served.append(shown)
        return response

    def _dispatch(self, url: str, headers: Mapping[str, str] | None) -> URLFetcherResponse:
        scheme, sep, rest = url.partition(":")
        scheme = scheme.lower() if sep else ""
        if scheme == "data":
            return super().fetch(url, dict(headers or {}))
        if scheme == STATIC_SCHEME:
            path = self._static_path(rest)
            content_type = _STATIC_TYPES.get(path.suffix.lower(), "application/octet-stream")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        if scheme == RESOURCE_SCHEME:
            key = unquote(rest.split("#", 1)[0])
            data = self._resources.get(key)
            if data is None:
                raise FetchRefused(f"unknown resource: {url}")
            return URLFetcherResponse(url, data, {"Content-Type": _sniff(data)})
        raise FetchRefused(f"URL not allowed in PDF: {url}")

    def _static_path(self, rest: str) -> Path:
        raw = unquote(rest.split("?", 1)[0].split("#", 1)[0])
        rel = PurePosixPath(raw.lstrip("/"))
        if "\x00" in raw or "\\" in raw or ".." in rel.parts or not rel.parts:
            raise FetchRefused(f"bad static path: {rest}")
        # resolve() follows symlinks, so a link pointing outside static_dir is refused too.
        path = (self._static_root / rel).resolve()
        if not path.is_relative_to(self._static_root) or not path.is_file():
            raise FetchRefused(f"no such static file: {rest}")
        return path


def _sniff(data: bytes) -> str:
    for magic, content_type in _IMAGE_MAGIC:
        if data.startswith(magic):
            return content_type
    head = data[:256].lstrip()
    if head.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml"
    return "application/octet-stream"


def render_pdf(
    html: str,
    *,
    static_dir: Path,
    resources: Mapping[str, bytes] | None = None,
    stylesheets: Sequence[str] = ("pdf.css",),
    max_html_bytes: int = 2_000_000,
) -> bytes:
    """Render HTML to PDF; stylesheets are names under static_dir/css, photos are app-resource:<key>.

    Raises PdfError (Chinese message) for oversize input, missing CJK font or missing stylesheet.
    """
    if len(html.encode("utf-8")) > max_html_bytes:
        raise PdfError("文档过大，无法生成 PDF")
    try:
        require_cjk_font()
    except RuntimeError as exc:
        logger.error("%s", exc)
        raise PdfError("服务器缺少中文字体，无法生成 PDF，请联系管理员") from exc
    fetcher = SafeURLFetcher(static_dir, resources)
    fonts = FontConfiguration()  # the stylesheets' @font-face faces (static/fonts) live in it
    try:
        css = [
            weasyprint.CSS(url=f"{STATIC_SCHEME}:/css/{name}", url_fetcher=fetcher, font_config=fonts)
            for name in stylesheets
        ]
    except URLFetchingError as exc:
        raise PdfError("PDF 样式表缺失，无法生成 PDF，请联系管理员") from exc
    source = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    document = source.render(stylesheets=css, dpi=IMAGE_DPI, font_config=fonts)
    if len(document.pages) > MAX_PAGES:
        raise PdfError(f"文档超过 {MAX_PAGES} 页，无法生成 PDF，请缩小范围")
    return document.write_pdf()


def qr_svg_data_uri(url: str) -> str:
    """Return a QR code for url as an SVG data: URI, about 30 mm wide (modules >= 0.5 mm) with quiet zone."""
    qr = segno.make_qr(url, error="m")
    modules = qr.symbol_size(scale=1, border=4)[0]
    module_mm = max(QR_MIN_MODULE_MM, round(QR_TARGET_MM / modules, 3))
    return qr.svg_data_uri(scale=module_mm, unit="mm", border=4, dark="#000", light="#fff")
