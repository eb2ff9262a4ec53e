"""Small server-rendered SVG charts (no chart library, no inline style, no script): they scale with the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 320  # drawn at about 330 CSS px on a phone, so 13 units of text stay above 12 px
RED, RED_LIGHT, INK, MUTED, GRID = "#b71c1c", "#e3a5a5", "#111", "#555", "#ddd"
FONT = 'font-family="Noto Sans CJK SC, PingFang SC, sans-serif"'


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | None  # None: not rated that period
    note: str = ""


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, *, size: int = 13, anchor: str = "middle", fill: str = INK,
          css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"'
            f'{klass}>{escape(text)}</text>')


def _svg(css: str, height: int, title: str, body: list[str]) -> Markup:
    return Markup(f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height}" role="img" {FONT} '
                  f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>')


def score_line(points: Sequence[Point], title: str, *, unrated: str = "未评级") -> Markup:
    """A company's total over the periods: one labelled dot per period, joined where consecutive ones are rated."""
    height, left, right, top, bottom = 210, 34, WIDTH - 8, 28, 166
    inset = 34  # keeps the first and last labels inside the picture and clear of the axis numbers
    values = [float(p.value) for p in points if p.value is not None]
    low = max(0, min([*values, 80]) // 10 * 10 - 10) if values else 60
    step_x = (right - left - 2 * inset) / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + inset + step_x * i if len(points) > 1 else (left + right) / 2

    def y(v: float) -> float:
        return bottom - (v - low) / (100 - low) * (bottom - top)

    body = [*_y_grid(low, left, right, y), *_lines(points, x, y)]
    for i, point in enumerate(points):
        body.append(_text(x(i), height - 22, point.label, fill=MUTED))
        if point.note:
            body.append(_text(x(i), height - 6, point.note, size=12, fill=MUTED))
        if point.value is None:
            body.append(_text(x(i), bottom - 6, unrated, fill=MUTED))
            continue
        cy = y(float(point.value))
        body.append(f'<circle cx="{_num(x(i))}" cy="{_num(cy)}" r="5" fill="{RED}"/>')
        body.append(_text(x(i), cy - 10, f"{point.value:.2f}", size=14, css="chart-value"))
    return _svg("chart-line", height, title, body)


def _lines(points: Sequence[Point], x, y) -> list[str]:
    """One polyline per run of consecutive rated periods: an unrated period breaks the line."""
    lines, segment = [], []
    for i, point in enumerate([*points, Point("", None)]):
        if point.value is not None:
            segment.append(f"{_num(x(i))},{_num(y(float(point.value)))}")
            continue
        if len(segment) > 1:
            lines.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{RED}" stroke-width="2.5"/>')
        segment = []
    return lines


def _y_grid(low: float, left: float, right: float, y) -> list[str]:
    step = 10 if 100 - low <= 50 else 20
    lines = []
    for v in range(int(low), 101, step):
        lines.append(f'<line x1="{left}" x2="{right}" y1="{_num(y(v))}" y2="{_num(y(v))}" stroke="{GRID}"/>')
        lines.append(_text(left - 6, y(v) + 4, str(v), size=12, anchor="end", fill=MUTED))
    return lines


def histogram(totals: Sequence[Decimal], title: str, *, highlight: Decimal | None = None,
              bin_size: int = 5, highlight_label: str = "") -> Markup:
    """How many rated companies scored in each band of `bin_size` points (the top band includes 100)."""
    height, left, right, top, bottom = 190, 8, WIDTH - 8, 24, 150
    if not totals:
        return _svg("chart-histogram", height, title, [_text(WIDTH / 2, height / 2, "—", fill=MUTED)])
    first = min(int(min(totals)) // bin_size * bin_size, 100 - bin_size)
    starts = list(range(first, 100, bin_size))
    counts = [sum(1 for t in totals if _band(t, bin_size) == start) for start in starts]
    bar_w, tallest = (right - left) / len(starts), max(counts)
    body = [f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>']
    mine = _band(highlight, bin_size) if highlight is not None else None
    label_every = 1 if len(starts) <= 8 else 2
    for i, (start, count) in enumerate(zip(starts, counts, strict=True)):
        x0, h = left + i * bar_w, (bottom - top) * count / tallest
        fill = RED if mine is None or start == mine else RED_LIGHT
        if count:
            body.append(f'<rect x="{_num(x0 + 2)}" y="{_num(bottom - h)}" width="{_num(bar_w - 4)}" '
                        f'height="{_num(h)}" fill="{fill}" class="bar"/>')
            body.append(_text(x0 + bar_w / 2, bottom - h - 5, str(count), size=13))
        if i % label_every == 0:
            body.append(_text(x0, bottom + 17, str(start), size=12, anchor="start", fill=MUTED))
        if start == mine and highlight_label:
            body.append(_text(x0 + bar_w / 2, bottom + 34, highlight_label, size=13, fill=RED))
    last_label = left + (len(starts) - 1) // label_every * label_every * bar_w
    if right - last_label >= 40:
        body.append(_text(right, bottom + 17, "100", size=12, anchor="end", fill=MUTED))
    return _svg("chart-histogram", height, title, body)


def _band(total: Decimal, bin_size: int) -> int:
    return min(int(total) // bin_size * bin_size, 100 - bin_size)
