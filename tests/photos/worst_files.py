"""The most expensive uploads each accepted format allows, and a child process that measures what one costs.

Peak memory is the kernel's high-water mark of the child's resident set (VmHWM, what getrusage's ru_maxrss reports,
but without the parent's size that ru_maxrss carries over a fork): it counts the C allocations of libpng, libjpeg,
libwebp and libheif, which tracemalloc does not see.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

ROOT = Path(__file__).resolve().parents[2]


def png(w: int, h: int, *, color_type: int, bit_depth: int, trns: bytes = b"", palette: bytes = b"") -> bytes:
    """A valid PNG of w x h, built row by row so the test never holds the pixels: tens of megapixels in KBs.

    The rows vary a little (a gradient in the first byte of each), so the encoder cannot fold them away.
    """
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    row_bytes = (w * channels * bit_depth + 7) // 8

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    packer = zlib.compressobj(6)
    blank = bytes(row_bytes - 1)
    idat = b"".join(packer.compress(b"\x00" + bytes([y % 251]) + blank) for y in range(h)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0)
    extra = (chunk(b"PLTE", palette) if palette else b"") + (chunk(b"tRNS", trns) if trns else b"")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _pillow(mode: str, size: tuple[int, int], fmt: str, **params: object) -> bytes:
    im = Image.new(mode, size, (200, 30, 40, 128)[: len(mode)] if len(mode) > 1 else 128)
    buffer = BytesIO()
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


def worst_files(max_pixels: int) -> dict[str, Callable[[int], bytes]]:
    """name → a maker of the heaviest file of that kind with a square side given, and the largest side allowed."""
    palette = bytes(range(256)) * 3
    return {
        "png-rgba8": lambda side: png(side, side, color_type=6, bit_depth=8),
        "png-rgba16": lambda side: png(side, side, color_type=6, bit_depth=16),
        "png-grey16": lambda side: png(side, side, color_type=0, bit_depth=16),
        "png-la16": lambda side: png(side, side, color_type=4, bit_depth=16),
        "png-palette-trns": lambda side: png(side, side, color_type=3, bit_depth=8, palette=palette,
                                             trns=b"\x80" * 256),
        "jpeg-baseline-420": lambda side: _pillow("RGB", (side, side), "JPEG", quality=50),
        "jpeg-progressive-444": lambda side: _pillow("RGB", (side, side), "JPEG", progressive=True, subsampling=0,
                                                     quality=50),
        "jpeg-cmyk-progressive": lambda side: _pillow("CMYK", (side, side), "JPEG", progressive=True, quality=50),
        "webp-rgba": lambda side: _pillow("RGBA", (side, side), "WEBP", lossless=True, method=0),
        "webp-rgb": lambda side: _pillow("RGB", (side, side), "WEBP", quality=10, method=0),
        "heic-rgba": lambda side: _pillow("RGBA", (side, side), "HEIF", quality=10),
    }


_PROBE = r"""
import json, sys, time
from io import BytesIO
import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()
from inspect_app.photos.pipeline import PhotoError, PhotoLimits, process_photo

def rss_mb():
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024

small = BytesIO()
Image.new("RGB", (64, 48), (10, 200, 30)).save(small, "JPEG")
process_photo(small.getvalue(), watermark_lines=["2026-01-01 00:00", "小区", "巡查员"])  # fonts, codecs loaded
data = open(sys.argv[1], "rb").read()
idle = rss_mb()
start = time.perf_counter()
try:
    process_photo(data, watermark_lines=["2026-01-01 00:00", "小区", "巡查员"],
                  limits=PhotoLimits(max_bytes=len(data) + 1, max_pixels=int(sys.argv[2]),
                                     **({"decode_budget": int(sys.argv[3])} if len(sys.argv) > 3 else {})))
    outcome = "stored"
except PhotoError as err:
    outcome = err.code
print(json.dumps({"idle_mb": idle, "peak_mb": rss_mb(), "seconds": time.perf_counter() - start,
                  "outcome": outcome}))
"""


def measure(path: Path, max_pixels: int, decode_budget: int | None = None) -> dict[str, object]:
    """Process one file in a fresh interpreter: {idle_mb, peak_mb, seconds, outcome}."""
    budget = [str(decode_budget)] if decode_budget else []
    done = subprocess.run([sys.executable, "-c", _PROBE, str(path), str(max_pixels), *budget], cwd=ROOT,
                          capture_output=True,
                          text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
