"""Stamping photos: the watermark's lines (time, place, who) and drawing them onto the image."""

from __future__ import annotations

import functools
import math
import subprocess
from collections.abc import Sequence
from datetime import datetime

from PIL import Image, ImageDraw, ImageFont

from inspect_app.core.db import utcnow
from inspect_app.core.time import LOCAL_TZ


class StampLines(list[str]):
    """The lines of a stamp made now, which the photo service restamps with the capture time and place once the
    photo's EXIF (or what the phone reports) is read: a photo queued offline says when it was taken, not sent."""

    def __init__(self, place: str, who: str, taken_at: datetime | None = None, lat: float | None = None,
                 lng: float | None = None):
        self.place, self.who = place, who
        super().__init__(_lines(place, who, taken_at, lat, lng))

    def at(self, taken_at: datetime | None, lat: float | None = None, lng: float | None = None) -> StampLines:
        return StampLines(self.place, self.who, taken_at, lat, lng)


def watermark_lines(place: str, who: str, taken_at: datetime | None = None, *, lat: float | None = None,
                    lng: float | None = None) -> StampLines:
    """What every stored photo is stamped with, as field evidence apps do: the local time it was taken (now when
    unknown), where (the place, then its coordinates when known) and who."""
    return StampLines(place, who, taken_at, lat, lng)


def _lines(place: str, who: str, taken_at: datetime | None, lat: float | None, lng: float | None) -> list[str]:
    if taken_at is not None and taken_at.tzinfo is None:
        taken_at = taken_at.replace(tzinfo=LOCAL_TZ)  # EXIF times have no zone: local, as the cameras here are set
    when = (taken_at or utcnow()).astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
    if lat is None or lng is None:
        return [when, place, who]
    point = f"{abs(lat):.5f}°{'N' if lat >= 0 else 'S'} {abs(lng):.5f}°{'E' if lng >= 0 else 'W'}"
    return [when, place, point, who]


def draw_watermark(im: Image.Image, lines: Sequence[str]) -> None:
    """White text on a darkened box in the bottom-left corner, sized to the image."""
    lines = [part for line in lines for part in line.splitlines()]  # one drawn row per entry
    size = max(12, round(min(im.size) / 28))
    font = _font(size)
    pad, spacing = size // 2, size // 4
    widest = max(font.getlength(line) for line in lines)
    if widest > im.width - 2 * pad:  # long place names: shrink so the text stays on the photo
        font = _font(max(8, int(size * (im.width - 2 * pad) / widest)))
        widest = max(font.getlength(line) for line in lines)
    ascent, descent = font.getmetrics()
    line_h = ascent + descent
    box_w = min(im.width, math.ceil(widest) + 2 * pad)
    box_h = min(im.height, len(lines) * line_h + (len(lines) - 1) * spacing + 2 * pad)
    box = (0, im.height - box_h, box_w, im.height)
    region = im.crop(box)
    im.paste(Image.blend(region, Image.new("RGB", region.size, (0, 0, 0)), 0.55), box)
    draw = ImageDraw.Draw(im)
    y = box[1] + pad
    for line in lines:
        draw.text((pad, y), line, font=font, fill=(255, 255, 255))
        y += line_h + spacing


@functools.lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    path, index = cjk_font_file()
    return ImageFont.truetype(path, size, index=index)


@functools.cache
def cjk_font_file() -> tuple[str, int]:
    """Path and face index of a Simplified Chinese font, found once through fontconfig."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{lang}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
        path, index, langs = out.split("\n", 2)
        face = int(index or 0)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        raise RuntimeError(
            "No CJK font for photo watermarks: install fonts-noto-cjk (and fontconfig)"
        ) from exc
    # fontconfig always answers with something; a Latin fallback would draw boxes instead of 汉字
    if "zh-cn" not in langs.split("|") or not path:
        raise RuntimeError(
            f"No CJK font for watermarks (fontconfig offered {path!r}): install fonts-noto-cjk"
        )
    return path, face
