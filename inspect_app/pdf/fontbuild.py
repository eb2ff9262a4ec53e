"""Build the two print faces once at set-up: Noto CJK SC cut to the characters of GB 2312, most common first.

WeasyPrint embeds every font with retained glyph ids (its PDFs address glyphs by their id in the font), so a
subset still carries an empty slot for every glyph below the highest one used: about 63,000 in a Noto CJK face,
~110 KiB an order for each face. Here each face keeps ASCII, Latin-1, the punctuation and symbols, then GB 2312's
level 1 (the 3,755 common characters), then level 2, renumbered in that order, so an order's characters sit in
the first few thousand ids. Characters outside the set fall back to the system's full Noto CJK (see pdf.css).
The files are made from the installed fonts (fonts-noto-cjk) into static/fonts/ and never committed.

    python -m inspect_app.pdf.fontbuild static/fonts
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# (file written, fontconfig pattern of the source face): body text, and everything bold (titles, table heads).
FACES = (
    ("noto-sans-cjk-sc-common.otf", "Noto Sans CJK SC:style=Regular"),
    ("noto-serif-cjk-sc-bold-common.otf", "Noto Serif CJK SC:style=Bold"),
)
_DROPPED_TABLES = ["GSUB", "GPOS", "BASE", "VORG", "vmtx", "vhea", "DSIG"]  # horizontal print needs none


def _gb2312(rows: range) -> list[int]:
    found = []
    for high in rows:
        for low in range(0xA1, 0xFF):
            try:
                found.append(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return found


def ranked_codepoints() -> list[int]:
    """The characters kept, most common first: Latin, punctuation, GB 2312 symbols, level 1, level 2."""
    latin = [*range(0x20, 0x7F), *range(0xA0, 0x100)]
    punctuation = [*range(0x2000, 0x2070), *range(0x2460, 0x2500), *range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)]
    ordered = latin + punctuation + _gb2312(range(0xA1, 0xB0)) + _gb2312(range(0xB0, 0xD8)) + _gb2312(range(0xD8, 0xF8))
    return list(dict.fromkeys(ordered))


def source_face(pattern: str) -> tuple[Path, int]:
    """The installed file and face index fontconfig resolves the pattern to."""
    out = subprocess.run(["fc-match", pattern, "--format=%{file}|%{index}"], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    file, _, index = out.partition("|")
    return Path(file), int(index or 0)


def build_face(source: Path, index: int, target: Path) -> int:
    """Write the cut face to target; returns its number of glyphs."""
    ranked = ranked_codepoints()
    options = subset.Options()
    options.font_number = index
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += _DROPPED_TABLES
    font = subset.load_font(str(source), options, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=ranked)
    subsetter.subset(font)
    _renumber_most_common_first(font, {cp: i for i, cp in enumerate(ranked)})
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    font.save(str(partial))
    partial.replace(target)
    return len(font.getGlyphOrder())


def _renumber_most_common_first(font: TTFont, rank: dict[int, int]) -> None:
    """Reorder the glyphs of a CID-keyed CFF face by their characters' rank; CIDs follow the new ids."""
    order = font.getGlyphOrder()
    glyph_rank: dict[str, int] = {}
    for codepoint, name in font.getBestCmap().items():
        glyph_rank[name] = min(glyph_rank.get(name, len(rank)), rank.get(codepoint, len(rank)))
    position = {name: i for i, name in enumerate(order)}
    new = [order[0], *sorted(order[1:], key=lambda name: (glyph_rank.get(name, len(rank)), position[name]))]
    renamed = {name: (".notdef" if i == 0 else f"cid{i:05d}") for i, name in enumerate(new)}

    top = font["CFF "].cff.topDictIndex[0]
    charstrings = top.CharStrings
    charstrings.charStringsIndex.items = [charstrings.charStringsIndex[position[name]] for name in new]
    charstrings.charStrings = {renamed[name]: i for i, name in enumerate(new)}
    if hasattr(top, "FDSelect"):
        selected = list(top.FDSelect.gidArray)
        top.FDSelect.gidArray = [selected[position[name]] for name in new]
    top.charset = [renamed[name] for name in new]
    for table in font["cmap"].tables:
        table.cmap = {codepoint: renamed[name] for codepoint, name in table.cmap.items()}
    font["hmtx"].metrics = {renamed[name]: metric for name, metric in font["hmtx"].metrics.items()}
    font.setGlyphOrder([renamed[name] for name in new])


def main(folder: str) -> None:
    for filename, pattern in FACES:
        source, index = source_face(pattern)
        glyphs = build_face(source, index, Path(folder) / filename)
        print(f"{filename}: {glyphs} glyphs from {source.name} #{index}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "static/fonts")
