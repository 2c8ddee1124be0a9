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
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colour-blind friendly (Okabe–Ito), repeated when there are more series.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
INK, MUTED, GRID_LINE, TRACK = "#1d2430", "#5b6573", "#d8dee6", "#eceff3"
FONT = 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif'

WIDTH, HEIGHT = 640, 320
FONT_SIZE = 14  # in the SVG's units: a chart is shown at 400-600 px, so text stays readable
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 44, 64  # plot margins: y ticks left, legend top, x labels below
LABEL_CHARS = 10  # longer axis labels are shortened on the axis (the full text is in the bar's <title>)


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
        width = 22 + 13 * len(label)
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, y = LEFT, y + 16
        parts.append(
            f'<g class="legend-item"><rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour(index)}"/>'
            f'<text x="{x + 14}" y="{y}" fill="{INK}">{_text(label)}</text></g>'
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


def _x_labels(categories: Sequence[str], slot: float) -> list[str]:
    parts = ['<g class="x-labels">']
    # Labels narrower than their slot (a wide Chinese character is about one font size): no overlaps.
    limit = min(LABEL_CHARS, max(2, int(slot // FONT_SIZE)))
    for index, category in enumerate(categories):
        x = LEFT + slot * (index + 0.5)
        parts.append(
            f'<text class="category" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="{INK}">'
            f"<title>{_text(category)}</title>{_text(_short(category, limit))}</text>"
        )
    parts.append("</g>")
    return parts


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
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{max(width - 1, 1):.1f}" height="{height:.1f}" '
                f'fill="{colour(number)}" data-series="{_text(one.name)}" data-category="{_text(category)}" '
                f'data-value="{_text(_number(value))}"><title>{_text(category)} · {_text(one.name)}: '
                f"{_text(_number(value) + unit)}</title></rect>"
            )
            if stacked:
                base = y
    parts.append("</g>")
    parts += _x_labels(categories, slot)
    parts.append("</svg>")
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
