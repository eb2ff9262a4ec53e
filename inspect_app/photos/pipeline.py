"""Turn untrusted upload bytes into an upright, watermarked, metadata-free display JPEG and thumbnail."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

import pillow_heif
from PIL import Image, ImageFile

from inspect_app.photos.budget import DECODE_BUDGET, decode_bytes, photo_slot
from inspect_app.photos.colour import to_srgb
from inspect_app.photos.exif import TRANSPOSE, Meta, read_meta
from inspect_app.photos.stamping import draw_watermark

pillow_heif.register_heif_opener()

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
JPEG_QUALITY = 80
# What thumbnail() uses; LANCZOS costs ~40% more time here for no visible gain at these sizes.
_RESAMPLE = Image.Resampling.BICUBIC
# Image formats we recognise by their first bytes only to give a better message; never decoded.
_OTHER_IMAGE_MAGIC = (b"GIF8", b"II*\x00", b"MM\x00*", b"BM", b"8BPS", b"%!PS", b"\xc5\xd0\xd3\xc6")

_MESSAGES = {
    "too_large": "照片文件过大，请压缩后重试",
    "empty": "没有收到照片内容，请重新选择照片",
    "not_image": "该文件不是照片，请选择 JPG、PNG、WEBP 或 HEIC 格式的照片",
    "format_not_allowed": "不支持该图片格式，请上传 JPG、PNG、WEBP 或 HEIC 格式的照片",
    "too_many_pixels": "照片像素过大，无法处理，请换一张照片",
    "truncated": "照片上传不完整，请重试",
    "corrupt": "照片文件已损坏，无法读取，请重新拍摄或选择其他照片",
}


class PhotoError(Exception):
    """An upload that cannot become a stored photo; `message` is shown to the user."""

    code: str
    message: str

    def __init__(self, code: str, message: str | None = None):
        self.code = code
        self.message = message or _MESSAGES[code]
        super().__init__(f"{code}: {self.message}")


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int = 25 * 1024 * 1024
    max_pixels: int = 64_000_000
    display_max: int = 1600
    thumb_max: int = 320
    decode_budget: int = DECODE_BUDGET  # bytes of pixel buffers decoding one photo may take (photos/budget.py)


@dataclass(frozen=True)
class ProcessedPhoto:
    display_jpeg: bytes
    thumb_jpeg: bytes
    width: int
    height: int
    original_width: int
    original_height: int
    source_format: str
    sha256: str
    taken_at: datetime | None
    gps_lat: float | None
    gps_lng: float | None


def process_photo(
    data: bytes, *, watermark_lines: Sequence[str] | Callable[[Meta], Sequence[str]],
    limits: PhotoLimits = PhotoLimits(),
) -> ProcessedPhoto:
    """Validate, decode, orient, resize, watermark and re-encode one uploaded photo.

    watermark_lines may be a function of the photo's metadata: the stamp then says when and where it was taken.
    """
    if not data:
        raise PhotoError("empty")
    if len(data) > limits.max_bytes:
        raise PhotoError("too_large")
    with photo_slot():  # at most PHOTOS_AT_ONCE photos in a worker's memory, whatever its threads do
        display, source_format, original_size, meta = _decode(data, limits)
    thumb = display.resize(_fit(display.size, limits.thumb_max), _RESAMPLE, reducing_gap=2.0)
    lines = watermark_lines(meta) if callable(watermark_lines) else watermark_lines
    if lines:
        draw_watermark(display, lines)
    return ProcessedPhoto(
        display_jpeg=_encode_jpeg(display),
        thumb_jpeg=_encode_jpeg(thumb),
        width=display.width,
        height=display.height,
        original_width=original_size[0],
        original_height=original_size[1],
        source_format=source_format,
        sha256=hashlib.sha256(data).hexdigest(),
        taken_at=meta.taken_at,
        gps_lat=meta.gps_lat,
        gps_lng=meta.gps_lng,
    )


_Decoded = tuple[Image.Image, str, tuple[int, int], Meta]


def _decode(data: bytes, limits: PhotoLimits) -> _Decoded:
    """Open with the allow-list and return (upright RGB display image, format, oriented size, metadata)."""
    if _cut_short(data):
        raise PhotoError("truncated")
    try:
        # No warnings.catch_warnings() here: it swaps process-wide filters and is not thread-safe.
        # Pillow's bomb warning may be raised (filters set to "error") or shown; both end as too_many_pixels.
        with Image.open(BytesIO(data), formats=ALLOWED_FORMATS) as im:
            return _decode_open(im, limits)
    except PhotoError:
        raise
    except Image.UnidentifiedImageError:
        raise PhotoError(
            "format_not_allowed" if data.startswith(_OTHER_IMAGE_MAGIC) else "not_image"
        ) from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoError("too_many_pixels") from None
    except (OSError, EOFError) as exc:
        if isinstance(exc, EOFError) or "truncated" in str(exc):
            raise PhotoError("truncated") from exc
        raise PhotoError("corrupt") from exc
    except Exception as exc:  # any decoder failure on untrusted bytes is the user's file, not our bug
        raise PhotoError("corrupt") from exc


def _decode_open(im: ImageFile.ImageFile, limits: PhotoLimits) -> _Decoded:
    width, height = im.size
    pillow_max = Image.MAX_IMAGE_PIXELS or math.inf  # what Pillow itself warns about counts as a bomb too
    if width < 1 or height < 1 or width * height > min(limits.max_pixels, pillow_max):
        raise PhotoError("too_many_pixels")
    # Phones often write MPO (a JPEG plus extra frames); Pillow names those "MPO" even via the JPEG opener
    source_format = "JPEG" if im.format == "MPO" else str(im.format)
    target = _fit((width, height), limits.display_max)
    if source_format == "JPEG":
        im.draft("RGB", target)  # DCT-domain downscale: decodes at 1/2, 1/4 or 1/8 when big enough
    if decode_bytes(im, source_format, (width, height)) > limits.decode_budget:
        raise PhotoError("too_many_pixels")  # priced before decoding: the budget holds for every format
    meta = read_meta(im)  # after the price: a PNG's EXIF may sit behind its pixels, and reading it decodes them
    icc = im.info.get("icc_profile")
    im.load()
    if source_format == "JPEG" and _zero_filled(im):
        raise PhotoError("corrupt")
    rgb = to_srgb(_shrink(im, target), icc)  # shrunk in the decoded mode: no full-size RGB copy is made
    if meta.orientation in TRANSPOSE:  # transposing after the resize is cheaper and gives the same pixels
        rgb = rgb.transpose(TRANSPOSE[meta.orientation])
    if rgb is im:  # the opened file image dies when its `with` block closes it
        rgb = im.copy()
    return rgb, source_format, (height, width) if meta.swaps_sides else (width, height), meta


def _shrink(im: Image.Image, target: tuple[int, int]) -> Image.Image:
    """Resize to `target` in the decoded mode, widening only the modes Pillow cannot resample."""
    if im.size == target:
        return im
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif im.mode == "1":
        im = im.convert("L")
    elif im.mode.startswith("I;16"):
        im = im.convert("I")
    # gap 1.0: box-reduce by the integer factor first, as JPEG's DCT scaling does, then resample
    return im.resize(target, _RESAMPLE, reducing_gap=1.0)


def _cut_short(data: bytes) -> bool:
    """Whether a WEBP (RIFF) or HEIF (ISO-BMFF) container is shorter than its own headers say.

    libheif silently paints missing grid tiles green and libwebp only says "could not create decoder".
    """
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return int.from_bytes(data[4:8], "little") + 8 > len(data)
    if data[4:8] != b"ftyp":
        return False
    pos = 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        if size == 1 and pos + 16 <= len(data):  # 64-bit box size follows the type
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
        if size < 8:  # 0 means "to the end of the file"; others are malformed and left to libheif
            return False
        pos += size
    return pos > len(data)


def _fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """Scale (w, h) down so the longest side is at most `longest`; never up."""
    w, h = size
    scale = min(1.0, longest / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def _zero_filled(im: Image.Image) -> bool:
    """Whether libjpeg filled undecodable MCUs with zeros: it only warns, which Pillow hides.

    The fill runs from the damage to the end, so the bottom row is flat 128 grey while the image is not.
    """
    if im.mode not in ("RGB", "L"):
        return False

    def flat_grey(part: Image.Image) -> bool:
        extrema = part.getextrema()
        return all(band == (128, 128) for band in (extrema if im.mode == "RGB" else (extrema,)))

    return flat_grey(im.crop((0, im.height - 1, im.width, im.height))) and not flat_grey(im)


def _encode_jpeg(im: Image.Image) -> bytes:
    im.info = {}  # resize/convert copy info; without this a comment, ICC or XMP could ride along
    buf = BytesIO()
    im.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buf.getvalue()
