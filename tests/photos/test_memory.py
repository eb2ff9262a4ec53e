"""The memory one upload may take, held for the worst file of every accepted format (README: upload memory budget).

Each worst file is the largest square of its kind that the pixel cap and the decode budget still accept (alpha,
16 bits, palettes with transparency, progressive and CMYK JPEGs), processed in a fresh interpreter whose peak
resident set is read from the kernel. Made once and kept in pytest's cache: the HEIC encoder needs ~15 s.
"""

from __future__ import annotations

import math
import threading
import time
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from inspect_app.config import DefaultConfig
from inspect_app.photos import pipeline
from inspect_app.photos.budget import DECODE_BUDGET, decode_bytes
from tests.photos.worst_files import measure, worst_files

BUDGET_MB = 300  # above idle, per worker: what the README promises
MAX_PIXELS = DefaultConfig.UPLOAD_MAX_PIXELS
KINDS = worst_files(MAX_PIXELS)


def first_guess(name: str) -> int:
    """The side of the largest square of this kind under the pixel cap and, by its cost per pixel, the budget."""
    probe = KINDS[name](64)
    with Image.open(BytesIO(probe)) as im:
        fmt = "JPEG" if im.format == "MPO" else str(im.format)
        # what each pixel of the full image adds (for a JPEG, beside its small draft-scaled output)
        per_pixel = decode_bytes(im, fmt, (1, 1)) - decode_bytes(im, fmt, (0, 0))
    if per_pixel == 0:
        return math.isqrt(MAX_PIXELS)
    return min(math.isqrt(MAX_PIXELS), math.isqrt(int(DECODE_BUDGET / per_pixel)), 16383)


def accepted(path: Path) -> bool:
    """Whether the pipeline's price of this file is within the budget (as it prices it: after the JPEG draft)."""
    with Image.open(path) as im:
        full = im.size
        fmt = "JPEG" if im.format == "MPO" else str(im.format)
        if fmt == "JPEG":
            im.draft("RGB", (1600, 1600))
        return full[0] * full[1] <= MAX_PIXELS and decode_bytes(im, fmt, full) <= DECODE_BUDGET


def largest_accepted(cache_dir: Path, name: str) -> tuple[Path, int]:
    side = first_guess(name)
    while not accepted(path := worst_file(cache_dir, name, side)):
        side = int(side * 0.97)
    return path, side


@pytest.fixture(scope="module")
def cache_dir(pytestconfig: pytest.Config) -> Path:
    assert pytestconfig.cache is not None
    return Path(pytestconfig.cache.mkdir("worst-photos"))


def worst_file(cache_dir: Path, name: str, side: int) -> Path:
    path = cache_dir / f"{name}-{side}"
    if not path.exists():
        path.write_bytes(KINDS[name](side))
    return path


@pytest.mark.parametrize("name", sorted(KINDS))
def test_worst_accepted_file_of_each_format_stays_within_the_budget(cache_dir: Path, name: str) -> None:
    path, side = largest_accepted(cache_dir, name)
    result = measure(path, MAX_PIXELS)
    assert result["outcome"] == "stored", result
    used = float(result["peak_mb"]) - float(result["idle_mb"])  # type: ignore[arg-type]
    print(f"{name} {side}x{side}: {used:.0f} MB above idle, {result['seconds']:.1f} s")
    assert used <= BUDGET_MB, result


@pytest.mark.parametrize("name", ["png-rgba8", "webp-rgba", "png-palette-trns"])
def test_a_file_over_the_budget_is_refused_before_it_is_decoded(cache_dir: Path, name: str) -> None:
    """The issue's case: a small file of tens of megapixels with alpha, under the pixel cap."""
    side = math.isqrt(MAX_PIXELS)
    result = measure(worst_file(cache_dir, name, side), MAX_PIXELS)
    assert result["outcome"] == "too_many_pixels", result
    assert float(result["peak_mb"]) - float(result["idle_mb"]) < 50, result  # type: ignore[arg-type]
    assert float(result["seconds"]) < 0.5, result  # type: ignore[arg-type]


def test_a_48_megapixel_iphone_heic_is_within_the_budget() -> None:
    """What an iPhone Pro takes at 48 MP (8064 x 6048, RGB) must still be accepted."""
    im = Image.new("RGB", (8, 6))
    buffer = BytesIO()
    im.save(buffer, "HEIF")
    with Image.open(buffer) as opened:
        assert decode_bytes(opened, "HEIF", (8064, 6048)) <= DECODE_BUDGET


def test_a_worker_processes_one_photo_at_a_time_whatever_its_threads_do(monkeypatch: pytest.MonkeyPatch) -> None:
    inside, most = 0, 0
    lock = threading.Lock()
    real = pipeline._decode

    def decode(*args, **kwargs):
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.05)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                inside -= 1

    monkeypatch.setattr(pipeline, "_decode", decode)
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(buffer, "JPEG")
    threads = [threading.Thread(target=pipeline.process_photo, args=(buffer.getvalue(),),
                                kwargs={"watermark_lines": []}) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert most == 1
