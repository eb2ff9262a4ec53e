"""Order PDFs (整改通知书) against WeasyPrint's floor, a one-line document: time, peak memory, bytes.

Everything runs in one child process (`python -m bench.pdf`) so that fonts and WeasyPrint load once, as in a
worker; every document is rendered once to warm up before it is measured."""

from __future__ import annotations

import json
import subprocess
import sys
from io import BytesIO
from pathlib import Path

from bench.common import ROOT, Section, kib, median, mib, ms, peak_extra_bytes, profile_top

CJK_X, ORDER_TIME_X, ORDER_BYTES_X, ORDER_MEMORY_X = 4, 6, 1.15, 2.5
_DOC = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><style>{css}</style></head>'
        "<body><p>{text}</p></body></html>")
CJK_FONT = "html { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 10.5pt; }"
LATIN_FONT = "html { font-family: sans-serif; font-size: 10.5pt; }"
FLOORS = {
    "latin": ("one-line Latin document (DejaVu Sans, fontconfig's sans-serif)", "en", LATIN_FONT,
              "Rectification order 42: clear the fire lane today."),
    "latin_cjk": ("one-line Latin document in Noto Sans CJK SC", "en", CJK_FONT,
                  "Rectification order 42: clear the fire lane today."),
    "chinese": ("one-line Chinese document (Noto Sans CJK SC) = the floor", "zh-CN", CJK_FONT,
                "整改通知书：请于三日内清理消防通道内堆放的杂物。"),
}


def run(section: Section, workdir: Path, db_name: str, orders: dict[str, int], *, runs: int) -> None:
    out = subprocess.run([sys.executable, "-m", "bench.pdf", str(workdir), db_name, json.dumps(orders), str(runs)],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(f"PDF child failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    _report(section, result)


def _report(section: Section, result: dict) -> None:
    docs = result["docs"]
    section.note("render_pdf (WeasyPrint, app fetcher, 200 dpi images) in one warmed-up process; time = median CPU "
                 f"time of {len(docs['chinese']['cpu'])} renders; memory = peak RSS above the RSS before the render; "
                 f"first (cold) render of the Chinese one-liner, fonts loading: {ms(result['cold_cpu'])} CPU")
    floor = docs["chinese"]
    for key in ("latin", "latin_cjk", "chinese"):
        doc = docs[key]
        target, met = "", None
        if key == "chinese":
            latin = median(docs["latin"]["cpu"])
            target, met = f"≤ {CJK_X}× the Latin one-liner", median(doc["cpu"]) <= CJK_X * latin
        section.add(FLOORS[key][0], _facts(doc) + (f" = {median(doc['cpu']) / median(docs['latin']['cpu']):.2f}× "
                                                   "the Latin one-liner" if key != "latin" else ""), target, met)
    for key, label in (("order1", "order with 1 finding (no photo)"), ("order6", "order with 6 findings, 6 photos")):
        if key not in docs:
            continue
        doc = docs[key]
        t_ratio = median(doc["cpu"]) / median(floor["cpu"])
        m_ratio = median(doc["extra"]) / max(1, median(floor["extra"]))
        is_six = key == "order6"
        section.add(f"{label}: time", f"{_facts(doc)} = {t_ratio:.1f}× floor",
                    f"≤ {ORDER_TIME_X}× floor" if is_six else "", t_ratio <= ORDER_TIME_X if is_six else None)
        section.add(f"{label}: peak memory", f"{mib(median(doc['extra']))} = {m_ratio:.1f}× floor "
                    f"({mib(median(floor['extra']))})", f"≤ {ORDER_MEMORY_X}× floor" if is_six else "",
                    m_ratio <= ORDER_MEMORY_X if is_six else None)
        budget = doc["image_bytes"] + floor["bytes"]
        section.add(f"{label}: size", f"{kib(doc['bytes'])}, {doc['pages']} page(s): embedded images "
                    f"{doc['images']} = {kib(doc['image_bytes'])} (their display copies {kib(doc['photo_bytes'])}), "
                    f"embedded font subsets {doc['fonts']} = {kib(doc['font_bytes'])}; "
                    f"= {doc['bytes'] / budget:.2f}× (images + floor {kib(floor['bytes'])}, "
                    f"of which {floor['fonts']} font subset {kib(floor['font_bytes'])})",
                    f"≤ {ORDER_BYTES_X}× (images + floor)" if is_six else "",
                    doc["bytes"] <= ORDER_BYTES_X * budget if is_six else None)
    for key, lines in result.get("profiles", {}).items():
        section.note(f"cProfile of one render of {key} (own time): " + "; ".join(lines))


def _facts(doc: dict) -> str:
    return (f"{ms(median(doc['cpu']))} CPU (wall {ms(median(doc['wall']))}), peak +{mib(median(doc['extra']))}, "
            f"{kib(doc['bytes'])}")


# --- The child ----------------------------------------------------------------------------------------------

def _one_liner(render, static: Path, html: str):
    return lambda: render(html, static_dir=static, stylesheets=())


def _streams_in(pdf: bytes, subtypes: tuple[str, ...]) -> tuple[int, int]:
    """(number, encoded bytes) of the streams of these subtypes (images, embedded fonts) in a PDF."""
    from pypdf import PdfReader
    from pypdf.generic import StreamObject

    reader = PdfReader(BytesIO(pdf))
    count = size = 0
    for generation in reader.xref.values():
        for number in generation:
            obj = reader.get_object(number)
            if isinstance(obj, StreamObject) and obj.get("/Subtype") in subtypes:
                count += 1
                size += len(obj._data)
    return count, size


def _child_main(workdir: Path, db_name: str, orders: dict[str, int], runs: int) -> dict:
    import time

    from flask import current_app
    from pypdf import PdfReader

    from bench.data import app_config
    from bench.wsgi import make_app
    from inspect_app.core.db import db
    from inspect_app.orders.models import RectificationOrder
    from inspect_app.orders.pdf import order_context, render_order_pdf
    from inspect_app.pdf.service import render_pdf

    app = make_app(app_config(workdir, db_name))
    with app.test_request_context():
        static = Path(current_app.static_folder)
        makers = {key: _one_liner(render_pdf, static, _DOC.format(lang=lang, css=css, text=text))
                  for key, (_label, lang, css, text) in FLOORS.items()}
        photo_bytes = {}
        for key, order_id in orders.items():
            order = db.session.get(RectificationOrder, order_id)
            makers[key] = lambda order=order: render_order_pdf(order)
            photo_bytes[key] = sum(len(v) for v in order_context(order)[1].values())
        cpu = time.process_time()
        makers["chinese"]()
        cold = time.process_time() - cpu
        docs, profiles = {}, {}
        for key, make in makers.items():
            data = make()  # warm
            measured = [peak_extra_bytes(make) for _ in range(runs)]
            images, image_bytes = _streams_in(data, ("/Image",))
            fonts, font_bytes = _streams_in(data, ("/OpenType", "/CIDFontType0C", "/Type1C"))
            docs[key] = {"wall": [m[0] for m in measured], "cpu": [m[1] for m in measured],
                         "extra": [m[2] for m in measured], "bytes": len(data), "images": images,
                         "image_bytes": image_bytes, "pages": len(PdfReader(BytesIO(data)).pages),
                         "photo_bytes": photo_bytes.get(key, 0), "fonts": fonts, "font_bytes": font_bytes}
        for key in ("chinese", "order6"):
            if key in makers:
                profiles[key] = profile_top(makers[key], 8)
    return {"cold_cpu": cold, "docs": docs, "profiles": profiles}


if __name__ == "__main__":
    print(json.dumps(_child_main(Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]))))
