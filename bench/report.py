"""bench/results.md: the machine, every figure with its target and whether it was met, and the notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bench.common import Section


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write(path: Path, sections: list[Section], *, machine: dict[str, str], started: datetime, seconds: float,
          load: tuple[str, str], failures: list[str], settings: str) -> None:
    missed = [(s.title, r) for s in sections for r in s.rows if r.met is False]
    met = sum(1 for s in sections for r in s.rows if r.met)
    lines = [
        "# Benchmarks: what inspectors feel",
        "",
        f"Written by `make bench` (bench/run.py) on {started:%Y-%m-%d %H:%M} (local time), in {seconds / 60:.1f} min. "
        "Each run makes its own data in a temp SQLite database and upload folder.",
        "",
        f"- machine: {machine['cores']} cores ({machine['cpu']}), memory {machine['memory']}",
        f"- Python {machine['python']}, {machine['os']}",
        f"- load average (1, 5, 15 min) at the start: {load[0]}; at the end: {load[1]} — a shared machine; this is why "
        "in-process times are CPU time (wall time is shown beside it), while server and load figures are wall time",
        f"- settings: {settings}",
        "",
        f"**Targets: {met} met, {len(missed)} missed.**" + (" Missed:" if missed else ""),
        "",
    ]
    lines += [f"- {title}: {row.measure} — {row.value} (target {row.target})" for title, row in missed]
    if failures:
        lines += ["", "**Sections that failed to run:**", ""] + [f"- {f}" for f in failures]
    for section in sections:
        lines += ["", f"## {section.title}", "", "| measure | value | target | |", "| --- | --- | --- | --- |"]
        lines += [f"| {_cell(r.measure)} | {_cell(r.value)} | {_cell(r.target)} | {r.status} |" for r in section.rows]
        if section.notes:
            lines += [""] + [f"- {_cell(note)}" for note in section.notes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
