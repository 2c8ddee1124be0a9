"""SVG charts drawn on the server: bars (grouped or stacked), lines, and a percentage gauge.

Pure Python, no scripts, no external services (the console must work offline and inside WeChat). The page's
CSP forbids inline styles, so every colour and size is an SVG presentation attribute (``fill="…"``), never
``style="…"``. Every text that reaches the markup (titles, labels, series names) is escaped here, which is
why templates may embed the result with ``|safe``.

Each bar, point and gauge carries ``class`` and ``data-value`` (the exact figure), and a ``<title>`` child,
which browsers show on hover and screen readers read: the chart stays legible without any script.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colour-blind friendly (Okabe–Ito), repeated when there are more series.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
INK, MUTED, GRID_LINE, TRACK = "#1d2430", "#5b6573", "#d8dee6", "#eceff3"
FONT = 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif'

# A chart is shown 350-600 px wide; drawn at 520 units with 16-unit type, its smallest text stays at 11 px or
# more (at 640 and 14, a dashboard card showed 7 px: unreadable).
WIDTH, HEIGHT = 520, 360
FONT_SIZE = 16
LINE = FONT_SIZE + 2  # one line of a category's name
LABEL_LINES = 3  # a category's name wraps onto up to three lines under its bar before it is shortened
LEFT, RIGHT, TOP, BOTTOM = 60, 12, 52, 36 + LINE * LABEL_LINES  # margins: y ticks, legend, names and axis title
LABEL_CHARS = 10  # longer legend entries are shortened (the full text is in the bar's <title>)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def _text(value: object) -> str:
    """Escaped for XML text and attribute values alike (quotes too)."""
    return escape(str(value), quote=True)


def _number(value: float) -> str:
    """A figure as people read it: no trailing ``.0``, one decimal otherwise."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: max(limit - 1, 1)] + "…"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Axis ticks from 0 past ``top`` in steps of 1, 2 or 5 × 10ⁿ (never an empty axis)."""
    if top <= 0:
        return [0.0, 1.0]
    rough = top / count
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    if top >= 1 and step < 1:
        step = 1.0
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _open(title: str, width: int, height: int, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_text(title)}" class="chart-{kind}" font-family="{_text(FONT)}" '
        f'font-size="{FONT_SIZE}">',
        f"<title>{_text(title)}</title>",
    ]


def _legend(names: Sequence[str]) -> list[str]:
    """One row of swatches above the plot, wrapping to a second row when long."""
    parts = ['<g class="legend">']
    x, y = LEFT, 14
    for index, name in enumerate(names):
        label = _short(name) if len(names) > 4 else name
        width = 22 + FONT_SIZE * len(label)
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, y = LEFT, y + LINE
        parts.append(
            f'<g class="legend-item"><rect x="{x}" y="{y - 11}" width="12" height="12" fill="{colour(index)}"/>'
            f'<text x="{x + 16}" y="{y}" fill="{INK}">{_text(label)}</text></g>'
        )
        x += width
    parts.append("</g>")
    return parts


def _axes(ticks: list[float], x_label: str, y_label: str, unit: str) -> tuple[list[str], float]:
    """Y gridlines with their figures, the axis titles; returns the markup and pixels per unit."""
    plot_height = HEIGHT - TOP - BOTTOM
    scale = plot_height / ticks[-1]
    parts = ['<g class="axes">']
    for tick in ticks:
        y = HEIGHT - BOTTOM - tick * scale
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID_LINE}" stroke-width="1"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{_text(_number(tick) + unit)}</text>"
        )
    parts.append(
        f'<text class="axis-label x-label" x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{HEIGHT - 6}" '
        f'text-anchor="middle" fill="{MUTED}">{_text(x_label)}</text>'
        f'<text class="axis-label y-label" x="14" y="{(TOP + HEIGHT - BOTTOM) / 2:.0f}" text-anchor="middle" '
        f'fill="{MUTED}" transform="rotate(-90 14 {(TOP + HEIGHT - BOTTOM) / 2:.0f})">{_text(y_label)}</text>'
        "</g>"
    )
    return parts, scale


NO_LINE_START = frozenset(",.，。、;；:：!！?？)）」』》")
NO_LINE_END = frozenset("(（「『《")


def _width(text: str) -> float:
    return sum(1.0 if ord(char) > 0x2E7F else 0.55 for char in text)  # a narrow letter is about half a wide one


def wrap(label: str, per_line: int, lines: int = LABEL_LINES) -> list[str]:
    """A name cut into lines of ``per_line`` wide characters, English between words, shortened with "…"
    only when it needs more than ``lines`` of them: "多功能活动厅" under a narrow bar is "多功能" / "活动厅"."""
    pieces = re.findall(r"[^\s\u2e80-\uffff]+\s*|\s+|.", label)  # Latin words whole, Chinese by character
    out, line = [], ""
    for piece in pieces:
        # Chinese sets no line opening with a closing mark: a comma or bracket stays on the line before.
        if line and _width(line + piece.rstrip()) > per_line and piece not in NO_LINE_START:
            carried = line[-1] if line[-1] in NO_LINE_END and len(line) > 1 else ""  # and none ends opening one
            out.append(line[: len(line) - len(carried)].rstrip())
            line = carried
        line += piece
    out.append(line.rstrip())
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(len(out[-1]) - 1, 1)] + "…"
    return out


def _x_labels(categories: Sequence[str], slot: float) -> list[str]:
    parts = ['<g class="x-labels">']
    # Lines narrower than their slot (a wide Chinese character is about one font size): no overlaps.
    per_line = max(2, int(slot // FONT_SIZE))
    for index, category in enumerate(categories):
        x = LEFT + slot * (index + 0.5)
        lines = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if number == 0 else LINE}">{_text(line)}</tspan>'
            for number, line in enumerate(wrap(category, per_line))
        )
        parts.append(
            f'<text class="category" x="{x:.1f}" y="{HEIGHT - BOTTOM + LINE}" text-anchor="middle" fill="{INK}">'
            f"<title>{_text(category)}</title>{lines}</text>"
        )
    parts.append("</g>")
    return parts


def _bar(
    x: float, y: float, width: float, height: float, number: int, name: str, category: str, value: float, unit: str
) -> str:
    """One bar of series ``number``, its figure in data attributes and in the <title> browsers show."""
    return (
        f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{colour(number)}" data-series="{_text(name)}" data-category="{_text(category)}" '
        f'data-value="{_text(_number(value))}"><title>{_text(category)} · {_text(name)}: '
        f"{_text(_number(value) + unit)}</title></rect>"
    )


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(f"series {one.name!r} has {len(one.values)} values for {len(categories)} categories")
        if any(value < 0 or math.isnan(value) for value in one.values):
            raise ValueError(f"series {one.name!r}: figures must be zero or more")


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    x_label: str,
    y_label: str,
    stacked: bool = False,
    unit: str = "",
) -> str:
    """Bars per category: side by side (grouped) or on top of each other (stacked), one colour per series."""
    _check(categories, series)
    if stacked:
        top = max((sum(one.values[i] for one in series) for i in range(len(categories))), default=0.0)
    else:
        top = max((value for one in series for value in one.values), default=0.0)
    ticks = nice_ticks(top)
    parts = _open(title, WIDTH, HEIGHT, "bar")
    parts += _legend([one.name for one in series])
    axes, scale = _axes(ticks, x_label, y_label, unit)
    parts += axes
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    group = slot * 0.7
    parts.append('<g class="bars">')
    for index, category in enumerate(categories):
        base: float = HEIGHT - BOTTOM
        left = LEFT + slot * index + (slot - group) / 2
        width = group if stacked else group / max(len(series), 1)
        for number, one in enumerate(series):
            value = one.values[index]
            height = value * scale
            x = left if stacked else left + width * number
            y = base - height
            parts.append(_bar(x, y, max(width - 1, 1), height, number, one.name, category, value, unit))
            if stacked:
                base = y
    parts.append("</g>")
    parts += _x_labels(categories, slot)
    parts.append("</svg>")
    return "".join(parts)


NAME_COLUMN = 170  # a horizontal chart's names, left of the bars: nine wide characters on each of two lines
BAR = 14  # one series' bar in a horizontal chart


def horizontal_bar_chart(
    categories: Sequence[str], series: Sequence[Series], *, title: str, x_label: str, unit: str = ""
) -> str:
    """Bars along the page, one band per category with its whole name beside it: for named things (rooms,
    notices) whose names would not fit under upright bars. The chart grows downwards with its categories."""
    _check(categories, series)
    ticks = nice_ticks(max((value for one in series for value in one.values), default=0.0))
    per_line = (NAME_COLUMN - 12) // FONT_SIZE
    names = [wrap(category, per_line, lines=2) for category in categories]
    band = max(LINE * 2, BAR * max(len(series), 1)) + 14
    left, top = NAME_COLUMN, TOP
    height = top + band * max(len(categories), 1) + 44
    scale = (WIDTH - RIGHT - left) / ticks[-1]
    parts = _open(title, WIDTH, height, "hbar")
    parts += _legend([one.name for one in series])
    parts.append('<g class="axes">')
    bottom = height - 44
    for tick in ticks:
        x = left + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID_LINE}" stroke-width="1"/>'
            f'<text class="tick" x="{x:.1f}" y="{bottom + LINE}" text-anchor="middle" fill="{MUTED}">'
            f"{_text(_number(tick) + unit)}</text>"
        )
    parts.append(
        f'<text class="axis-label x-label" x="{(left + WIDTH - RIGHT) / 2:.0f}" y="{height - 6}" '
        f'text-anchor="middle" fill="{MUTED}">{_text(x_label)}</text></g>'
    )
    parts.append('<g class="bars">')
    for index, category in enumerate(categories):
        band_top = top + band * index + 7
        for number, one in enumerate(series):
            value = one.values[index]
            y = band_top + (band - 14 - BAR * len(series)) / 2 + BAR * number
            parts.append(_bar(left, y, value * scale, BAR - 2, number, one.name, category, value, unit))
    parts.append('</g><g class="y-labels">')
    for index, (category, lines) in enumerate(zip(categories, names, strict=True)):
        middle = top + band * index + band / 2
        first = middle - (len(lines) - 1) * LINE / 2 + FONT_SIZE * 0.35
        spans = "".join(
            f'<tspan x="{left - 8}" dy="{0 if number == 0 else LINE}">{_text(line)}</tspan>'
            for number, line in enumerate(lines)
        )
        parts.append(
            f'<text class="category" x="{left - 8}" y="{first:.1f}" text-anchor="end" fill="{INK}">'
            f"<title>{_text(category)}</title>{spans}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


def line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    x_label: str,
    y_label: str,
    unit: str = "",
) -> str:
    """One line per series across the categories (weeks, months), with a dot at every figure."""
    _check(categories, series)
    ticks = nice_ticks(max((value for one in series for value in one.values), default=0.0))
    parts = _open(title, WIDTH, HEIGHT, "line")
    parts += _legend([one.name for one in series])
    axes, scale = _axes(ticks, x_label, y_label, unit)
    parts += axes
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    parts.append('<g class="lines">')
    for number, one in enumerate(series):
        points = [
            (LEFT + slot * (index + 0.5), HEIGHT - BOTTOM - value * scale) for index, value in enumerate(one.values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline class="line" points="{path}" fill="none" stroke="{colour(number)}" stroke-width="2.5" '
            f'data-series="{_text(one.name)}"/>'
        )
        for (x, y), category, value in zip(points, categories, one.values, strict=True):
            parts.append(
                f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour(number)}" '
                f'data-series="{_text(one.name)}" data-category="{_text(category)}" '
                f'data-value="{_text(_number(value))}"><title>{_text(category)} · {_text(one.name)}: '
                f"{_text(_number(value) + unit)}</title></circle>"
            )
    parts.append("</g>")
    parts += _x_labels(categories, slot)
    parts.append("</svg>")
    return "".join(parts)


GAUGE_SIZE = 200
GAUGE_RADIUS = 80


def gauge(share: float | None, *, title: str, caption: str = "", empty: str = "—") -> str:
    """A ring filled to ``share`` (0…1) with the percentage in the middle; ``empty`` when there is no figure
    (nothing to measure yet is not 0%)."""
    if share is not None and not 0 <= share <= 1:
        raise ValueError(f"a share is between 0 and 1, not {share}")
    centre = GAUGE_SIZE / 2
    circumference = 2 * math.pi * GAUGE_RADIUS
    parts = _open(title, GAUGE_SIZE, GAUGE_SIZE + 24, "gauge")
    parts.append(
        f'<circle class="track" cx="{centre}" cy="{centre}" r="{GAUGE_RADIUS}" fill="none" stroke="{TRACK}" '
        f'stroke-width="18"/>'
    )
    if share is None:
        label = empty
    else:
        label = f"{round(share * 100)}%"
        filled = circumference * share
        # Starts at twelve o'clock, clockwise.
        parts.append(
            f'<circle class="gauge-value" cx="{centre}" cy="{centre}" r="{GAUGE_RADIUS}" fill="none" '
            f'stroke="{PALETTE[2] if share >= 0.8 else PALETTE[1] if share >= 0.5 else PALETTE[5]}" '
            f'stroke-width="18" stroke-dasharray="{filled:.1f} {circumference:.1f}" '
            f'transform="rotate(-90 {centre} {centre})" data-value="{share:.3f}"><title>{_text(title)}: '
            f"{label}</title></circle>"
        )
    parts.append(
        f'<text class="gauge-label" x="{centre}" y="{centre + 12}" text-anchor="middle" '
        f'font-size="{26 if share is None else 34}" '
        f'font-weight="700" fill="{INK}">{_text(label)}</text>'
    )
    if caption:
        parts.append(
            f'<text class="caption" x="{centre}" y="{GAUGE_SIZE + 16}" text-anchor="middle" fill="{MUTED}">'
            f"{_text(caption)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
