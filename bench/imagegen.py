"""Synthetic phone photos: smooth structure, shapes and sensor-like noise, so they compress like real JPEGs."""

from __future__ import annotations

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter

# Zhangjiakou, as a phone would write it: the stored copies must not carry it.
GPS = {1: "N", 2: (40.0, 46.0, 12.5), 3: "E", 4: (114.0, 53.0, 1.25)}


def synthetic_jpeg(width: int, height: int, *, seed: int = 1, quality: int = 92, exif: bool = True) -> bytes:
    """About 0.3 bytes per pixel at quality 92, like a phone's 12 MP (≈4 MB) or 48 MP (≈15 MB) shot."""
    rnd = random.Random(seed)
    channels = [Image.effect_noise((max(2, width // 64), max(2, height // 64)), 50) for _ in range(3)]
    base = Image.merge("RGB", channels).filter(ImageFilter.GaussianBlur(2))
    base = base.resize((width, height), Image.Resampling.BICUBIC)
    gradient = Image.linear_gradient("L").resize((width, height))
    base = Image.composite(base, Image.new("RGB", (width, height), (90, 120, 160)), gradient)
    draw = ImageDraw.Draw(base)
    for _ in range(60):
        x0, y0 = rnd.randrange(width), rnd.randrange(height)
        x1, y1 = x0 + rnd.randrange(width // 20, width // 4), y0 + rnd.randrange(height // 20, height // 4)
        fill = tuple(rnd.randrange(256) for _ in range(3))
        (draw.rectangle if rnd.random() < 0.5 else draw.ellipse)([x0, y0, x1, y1], fill=fill)
    noise = Image.effect_noise((width, height), 30)
    image = Image.merge("RGB", [Image.blend(band, noise, 0.22) for band in base.split()])
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=quality, exif=phone_exif() if exif else b"")
    return buffer.getvalue()


def phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "BenchMaker", "BenchPhone 48MP", 1
    exif.get_ifd(0x8769)[36867] = "2026:11:28 10:15:00"
    exif.get_ifd(0x8825).update(GPS)
    return exif


def has_metadata(jpeg: bytes) -> list[str]:
    """What of EXIF, GPS, XMP, ICC or comments a JPEG still carries (empty when clean)."""
    found = []
    with Image.open(BytesIO(jpeg)) as im:
        exif = im.getexif()
        if len(exif):
            found.append("EXIF")
        if exif.get_ifd(0x8825):
            found.append("GPS")
        for key in ("xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
            if im.info.get(key):
                found.append(key)
    if b"Exif\x00\x00" in jpeg[:70000] and "EXIF" not in found:
        found.append("EXIF (raw APP1)")
    return found
