"""What decoding one photo costs in memory, and the limits that keep every upload inside a worker's budget.

The pixel cap alone does not bound memory: a PNG or WebP is decoded whole (4 bytes a pixel, 8 with alpha,
which Pillow premultiplies into a second copy before resizing), libheif keeps its own planes beside Pillow's
copy, and a progressive JPEG keeps every DCT coefficient of the full image even when decoded at 1/8 scale.
So each file is priced before it is decoded, from its format, mode and size, and refused when the price is
over DECODE_BUDGET; and a worker decodes at most PHOTOS_AT_ONCE photos at a time, whatever its threads do.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image

# Bytes of pixel buffers one photo may need while it is decoded and shrunk. With the raw upload
# (UPLOAD_MAX_BYTES), the display copy and the encoders this keeps a worker within 300 MB above idle.
DECODE_BUDGET = 250_000_000  # a 48 MP iPhone HEIC fits; a 64 MP RGBA PNG does not
PHOTOS_AT_ONCE = 1

_slots = threading.BoundedSemaphore(PHOTOS_AT_ONCE)
# Bytes a pixel of each Pillow mode takes in memory (everything else: 4).
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
# What a full-size conversion before the resize adds: palettes and bit images are expanded, 16-bit grey widened,
# and Pillow premultiplies alpha into a second full-size copy.
_CONVERT_BYTES = {"1": 1, "P": 4, "I;16": 4, "I;16L": 4, "I;16B": 4, "I;16N": 4, "LA": 4, "RGBA": 4, "PA": 8}
# What the decoder holds beside Pillow's image, per pixel (measured): libwebp decodes to an RGBA canvas and
# hands over a copy of it; libheif's planes.
_DECODER_BYTES = {"WEBP": 11.0, "HEIF": 1.0}


@contextmanager
def photo_slot() -> Iterator[None]:
    """Hold one of the worker's PHOTOS_AT_ONCE decoding slots (threads of one worker queue here)."""
    with _slots:
        yield


def decode_bytes(im: Image.Image, source_format: str, full_size: tuple[int, int]) -> float:
    """The peak bytes of pixel buffers decoding `im` will take (call after JPEG draft(), which shrinks im.size)."""
    pixels = full_size[0] * full_size[1]
    decoded = _MODE_BYTES.get(im.mode, 4)
    if source_format == "JPEG":
        drafted = im.size[0] * im.size[1]
        return pixels * _jpeg_coefficient_bytes(im) + drafted * (decoded + 4)
    converted = im.mode
    if "transparency" in im.info:
        converted = "PA" if converted == "P" else "RGBA"  # a colour key becomes an alpha channel
    return pixels * (decoded + _CONVERT_BYTES.get(converted, 0) + _DECODER_BYTES.get(source_format, 0.0))


def _jpeg_coefficient_bytes(im: Image.Image) -> float:
    """A progressive JPEG keeps 2 bytes per coefficient of every component for the whole image."""
    if not (im.info.get("progressive") or im.info.get("progression")):
        return 0.0
    layers = getattr(im, "layer", None) or [("", 1, 1, 0)] * len(im.getbands())
    h_max = max(layer[1] for layer in layers)
    v_max = max(layer[2] for layer in layers)
    return 2.0 * sum(layer[1] * layer[2] for layer in layers) / (h_max * v_max)
