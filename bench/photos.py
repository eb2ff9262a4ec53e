"""The photo pipeline against Pillow's bare decode of the same file: time, extra memory (RSS), bytes stored and
metadata left in the stored copies. Each side runs in a child process of its own (`python -m bench.photos`)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from io import BytesIO
from pathlib import Path

from bench.common import PHOTOS, ROOT, Section, kib, median, mib, ms, peak_extra_bytes, profile_top
from bench.imagegen import has_metadata, synthetic_jpeg

TIME_X, MEMORY_X, DISPLAY_SHARE = 1.5, 0.6, 0.15
WATERMARK = ["2026-11-28 10:15", "林业北小区", "巡查员 张伟"]
PHONE = "phone_HMD_Nokia_8.3_5G.jpg"


def images(workdir: Path, section: Section) -> list[tuple[str, Path]]:
    found = []
    phone = PHOTOS / PHONE
    if phone.is_file():
        found.append(("phone photo 4608×1976 (Nokia 8.3)", phone))
    else:
        section.note(f"{phone} not found: the real phone photo is skipped")
    for label, (w, h) in (("synthetic 12 MP 4000×3000", (4000, 3000)), ("synthetic 48 MP 8000×6000", (8000, 6000))):
        path = workdir / f"synthetic-{w}x{h}.jpg"
        if not path.exists():
            path.write_bytes(synthetic_jpeg(w, h, seed=w))
        found.append((label, path))
    return found


def run(section: Section, workdir: Path, *, runs: int) -> None:
    section.note("pipeline = inspect_app.photos.pipeline.process_photo (validate, draft-decode, orient, resize, "
                 "watermark, display JPEG + thumbnail); bare decode = Image.open(f).load(); each in a fresh child "
                 "process, warmed up, then measured; memory = peak RSS above the RSS before the call")
    for label, path in images(workdir, section):
        decode, pipeline = _child("decode", path, runs), _child("pipeline", path, runs)
        _report(section, label, path, decode, pipeline)
        if (median(pipeline["cpu"]) > TIME_X * median(decode["cpu"])
                or median(pipeline["extra"]) > MEMORY_X * _decoded_bytes(pipeline)):
            _explain(section, label, path)
    _gps_fixture(section)


def _report(section: Section, label: str, path: Path, decode: dict, pipeline: dict) -> None:
    t_pipe, t_decode = median(pipeline["cpu"]), median(decode["cpu"])
    section.add(f"{label} ({path.stat().st_size / 1e6:.1f} MB): pipeline time",
                f"{ms(t_pipe)} CPU (wall {ms(median(pipeline['wall']))}) vs bare decode {ms(t_decode)} CPU "
                f"(wall {ms(median(decode['wall']))}) = {t_pipe / t_decode:.2f}×",
                f"≤ {TIME_X}× bare decode", t_pipe <= TIME_X * t_decode)
    decoded = _decoded_bytes(pipeline)
    m_pipe, m_decode = median(pipeline["extra"]), median(decode["extra"])
    section.add(f"{label}: pipeline extra memory",
                f"{mib(m_pipe)} = {m_pipe / decoded:.2f}× the decoded image ({mib(decoded)} as 24-bit RGB; "
                f"bare decode {mib(m_decode)})", f"≤ {MEMORY_X}× decoded", m_pipe <= MEMORY_X * decoded)
    original, display, thumb = path.stat().st_size, pipeline["display_bytes"], pipeline["thumb_bytes"]
    section.add(f"{label}: bytes stored",
                f"original {kib(original)} + display {kib(display)} ({display / original:.1%} of the original, "
                f"{pipeline['display_size'][0]}×{pipeline['display_size'][1]}) + thumb {kib(thumb)} "
                f"= {kib(original + display + thumb)}", f"display ≤ {DISPLAY_SHARE:.0%} of original",
                display <= DISPLAY_SHARE * original)
    left = pipeline["display_meta"] + pipeline["thumb_meta"]
    section.add(f"{label}: EXIF/GPS in the stored display and thumb",
                ", ".join(left) if left else f"none (the upload had: {', '.join(pipeline['source_meta']) or 'none'})",
                "none", not left)


def _decoded_bytes(result: dict) -> int:
    width, height = result["size"]
    return width * height * 3


def _explain(section: Section, label: str, path: Path) -> None:
    """Where the pipeline's time goes: its stages timed one by one, and a cProfile of one call."""
    from PIL import Image

    from inspect_app.photos import pipeline

    data = path.read_bytes()
    pipeline.process_photo(data, watermark_lines=WATERMARK)  # warm: font loaded
    limits, stages = pipeline.PhotoLimits(), []
    with Image.open(BytesIO(data)) as im:
        target = pipeline._fit(im.size, limits.display_max)
        stages.append(("draft decode", *peak_extra_bytes(lambda: (im.draft("RGB", target), im.load()))))
        stages[-1] = (f"draft decode to {im.size[0]}×{im.size[1]}", *stages[-1][1:])
        box: dict = {}
        stages.append((f"resize to {target[0]}×{target[1]}", *peak_extra_bytes(
            lambda: box.update(display=im.resize(target, pipeline._RESAMPLE, reducing_gap=1.0)))))
    display = box["display"]
    stages.append(("thumbnail", *peak_extra_bytes(lambda: box.update(
        thumb=display.resize(pipeline._fit(display.size, limits.thumb_max), pipeline._RESAMPLE, reducing_gap=2.0)))))
    stages.append(("watermark", *peak_extra_bytes(lambda: pipeline._draw_watermark(display, WATERMARK))))
    stages.append(("encode display (optimize=True)", *peak_extra_bytes(lambda: pipeline._encode_jpeg(display))))
    stages.append(("encode thumb", *peak_extra_bytes(lambda: pipeline._encode_jpeg(box["thumb"]))))
    stages.append(("sha256 of the upload", *peak_extra_bytes(lambda: hashlib.sha256(data).hexdigest())))
    plain = peak_extra_bytes(lambda: display.save(BytesIO(), "JPEG", quality=pipeline.JPEG_QUALITY))
    section.note(f"{label}, pipeline stages (CPU time, extra memory): "
                 + ", ".join(f"{name} {ms(cpu)} / {mib(extra)}" for name, _wall, cpu, extra in stages)
                 + f"; display encoded without optimize=True: {ms(plain[1])}")
    section.note(f"{label}, cProfile of one pipeline call (own time): "
                 + "; ".join(profile_top(lambda: pipeline.process_photo(data, watermark_lines=WATERMARK), 6)))


def _gps_fixture(section: Section) -> None:
    from inspect_app.photos.pipeline import process_photo

    path = PHOTOS / "gps_DSCN0010.jpg"
    if not path.is_file():
        section.note(f"{path} not found: the GPS-tagged camera photo is skipped")
        return
    data = path.read_bytes()
    result = process_photo(data, watermark_lines=WATERMARK)
    left = has_metadata(result.display_jpeg) + has_metadata(result.thumb_jpeg)
    section.add("GPS-tagged camera photo (gps_DSCN0010.jpg): EXIF/GPS in display and thumb",
                ", ".join(left) if left else f"none (the upload had: {', '.join(has_metadata(data))})", "none",
                not left)
    section.note("the original upload is stored byte for byte as evidence and never served (photos/services.py): "
                 "it keeps the phone's EXIF and GPS; the display copy and thumbnail are the only served copies")


def _child(mode: str, path: Path, runs: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.photos", mode, str(path), str(runs)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"photo child {mode} {path.name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- The child ----------------------------------------------------------------------------------------------

def _child_main(mode: str, path: Path, runs: int) -> dict:
    from PIL import Image

    from inspect_app.photos import pipeline

    data = path.read_bytes()
    with Image.open(path) as im:
        size = im.size
    if mode == "decode":
        Image.open(BytesIO(synthetic_jpeg(640, 480, exif=False))).load()  # warm: libjpeg loaded

        def once() -> None:
            with Image.open(path) as im:
                im.load()
    else:
        # Warm up on a small image that gets the same display size, hence the same watermark font size.
        display_size = pipeline._fit(size, pipeline.PhotoLimits().display_max)
        pipeline.process_photo(synthetic_jpeg(*display_size, exif=False), watermark_lines=WATERMARK)

        def once() -> None:
            pipeline.process_photo(data, watermark_lines=WATERMARK)

    wall, cpu, extra = [], [], []
    for _ in range(runs):
        w, c, m = peak_extra_bytes(once)
        wall.append(w)
        cpu.append(c)
        extra.append(m)
    result = {"wall": wall, "cpu": cpu, "extra": extra, "size": list(size)}
    if mode == "pipeline":
        processed = pipeline.process_photo(data, watermark_lines=WATERMARK)
        result.update(display_bytes=len(processed.display_jpeg), thumb_bytes=len(processed.thumb_jpeg),
                      display_size=[processed.width, processed.height], source_meta=has_metadata(data),
                      display_meta=has_metadata(processed.display_jpeg), thumb_meta=has_metadata(processed.thumb_jpeg))
    return result


if __name__ == "__main__":
    print(json.dumps(_child_main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))))
