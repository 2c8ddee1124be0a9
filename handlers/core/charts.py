"""Charts for the chat and the console, drawn with matplotlib (a kept plotting library) in the reader's
language: bars (grouped or stacked, upright or along the page), lines, and a share as a ring.

Every function returns a ``Drawn``: the PNG (what a chat sends, what the console shows as an image) and
the figures it shows, so that a page can put them in a table under the picture (screen readers, and
anyone who wants the exact number). Text is set in a font that has Chinese (``config.fonts``): without
one, Chinese would come out as boxes, so a missing font is logged once and the charts still draw.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: files only (must come before anything draws)

from matplotlib import font_manager
from matplotlib.figure import Figure

from config.fonts import NoChineseFont, cjk_font

log = logging.getLogger(__name__)
# matplotlib says, for every text, that a font with one weight has no "normal" weight: true and harmless.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

# Colour-blind friendly (Okabe–Ito), repeated when there are more series.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
INK, MUTED, GRID_LINE, TRACK = "#1d2430", "#5b6573", "#d8dee6", "#eceff3"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 6.4, 4.2, 150  # about 960 × 630 pixels: sharp on a phone's screen
FONT_SIZE = 12


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class Shown:
    """One figure a chart shows: ``kind`` is "bar", "point" or "share"."""

    kind: str
    category: str
    series: str
    value: float


@dataclass(frozen=True)
class Drawn:
    title: str
    png: bytes
    figures: list[Shown] = field(default_factory=list)
    unit: str = ""


@cache
def font_family() -> list[str]:
    """The Chinese font first (registered with matplotlib once), DejaVu for what it lacks."""
    try:
        path = cjk_font()
    except NoChineseFont as error:
        log.warning("charts: %s; Chinese labels will not show", error)
        return ["DejaVu Sans"]
    font_manager.fontManager.addfont(str(path))
    return [font_manager.FontProperties(fname=str(path)).get_name(), "DejaVu Sans"]


def font_file() -> str | None:
    try:
        return str(cjk_font())
    except NoChineseFont:
        return None


@cache
def _glyphs() -> frozenset[int]:
    """Every character the chart fonts can draw."""
    covered: set[int] = set()
    for path in (font_file(), font_manager.findfont("DejaVu Sans")):
        if path:
            covered |= set(font_manager.get_font(path).get_charmap())
    return frozenset(covered)


def drawable(text: str) -> str:
    """What the fonts can draw of a label. People write emoji into what charts name (a notice's first
    words: "📣 说事会…"); no chart font has them, and matplotlib would draw an empty box and warn."""
    glyphs = _glyphs()
    kept = "".join(c for c in text if ord(c) in glyphs or c.isspace())
    return text if kept == text else " ".join(kept.split())


# Drawing takes a tenth of a second a chart: done on one thread of its own, so the event loop (every chat)
# is not held meanwhile, and one at a time (matplotlib's settings are global).
_DRAWING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")


async def draw(chart: Callable[..., Drawn], *args: Any, **kwargs: Any) -> Drawn:
    """``await draw(bar_chart, categories, series, title=…)``: the chart, drawn off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_DRAWING, partial(chart, *args, **kwargs))


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(f"series {one.name!r} has {len(one.values)} values for {len(categories)} categories")
        for value in one.values:
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"a chart shows counts and shares, not {value!r}")


def _figure(title: str, height: float = HEIGHT_INCHES) -> tuple[Figure, Any]:
    """``title`` empty: the page around the picture has it already (the console's card)."""
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    axes = figure.subplots()
    if title:
        axes.set_title(drawable(title), color=INK, fontsize=FONT_SIZE + 2, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(GRID_LINE)
    axes.spines["bottom"].set_color(GRID_LINE)
    axes.tick_params(colors=MUTED, labelsize=FONT_SIZE - 1)
    return figure, axes


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor="white")
    return out.getvalue()


def _style() -> Any:  # matplotlib types its keys as literals; these are among them
    return {"font.family": font_family(), "font.size": FONT_SIZE, "axes.unicode_minus": False}


def _from_zero(axes: Any, series: Sequence[Series], *, along: bool = False, stacked: bool = False) -> None:
    """The value axis starts at 0 and, when everything is 0, still reads 0…1 (not −0.04…0.04)."""
    if stacked and series:
        top = max((sum(values) for values in zip(*(one.values for one in series), strict=True)), default=0.0)
    else:
        top = max((value for one in series for value in one.values), default=0.0)
    limits = (0, 1) if top <= 0 else (0, None)
    if along:
        axes.set_xlim(*limits)
        axes.xaxis.get_major_locator().set_params(integer=top <= 5)
    else:
        axes.set_ylim(*limits)
        axes.yaxis.get_major_locator().set_params(integer=top <= 5)


def _shown(kind: str, categories: Sequence[str], series: Sequence[Series]) -> list[Shown]:
    return [Shown(kind, name, one.name, float(one.values[i])) for one in series for i, name in enumerate(categories)]


def _legend(axes: Any, series: Sequence[Series]) -> None:
    """Under the plot, never over a bar."""
    if len(series) > 1:
        axes.figure.legend(frameon=False, fontsize=FONT_SIZE - 1, loc="outside lower center", ncols=min(len(series), 3))


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    x_label: str,
    y_label: str,
    stacked: bool = False,
    unit: str = "",
    show_title: bool = True,
) -> Drawn:
    """Bars per category: side by side (grouped) or on top of each other (stacked), one colour per series."""
    _check(categories, series)
    with matplotlib.rc_context(_style()):
        figure, axes = _figure(title if show_title else "")
        positions = list(range(len(categories)))
        width = 0.8 if stacked or not series else 0.8 / len(series)
        bottoms = [0.0] * len(categories)
        for index, one in enumerate(series):
            if stacked:
                axes.bar(positions, one.values, width, bottom=bottoms, color=colour(index), label=drawable(one.name))
                bottoms = [low + value for low, value in zip(bottoms, one.values, strict=True)]
            else:
                shifted = [x - 0.4 + width * (index + 0.5) for x in positions]
                axes.bar(shifted, one.values, width, color=colour(index), label=drawable(one.name))
        axes.set_xticks(positions, [drawable(name) for name in categories])
        axes.set_xlabel(x_label, color=MUTED)
        axes.set_ylabel(y_label + (f" ({unit})" if unit else ""), color=MUTED)
        _from_zero(axes, series, stacked=stacked)
        axes.margins(y=0.08)  # the tallest bar does not touch the title
        axes.grid(axis="y", color=GRID_LINE, linewidth=0.8)
        axes.set_axisbelow(True)
        _legend(axes, series)
        png = _png(figure)
    return Drawn(title, png, _shown("bar", categories, series), unit)


def horizontal_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    x_label: str,
    unit: str = "",
    show_title: bool = True,
) -> Drawn:
    """Bars along the page, one band per category with its whole name beside it: for named things (rooms,
    notices) whose names would not fit under upright bars. The chart grows downwards with its categories."""
    _check(categories, series)
    height = max(HEIGHT_INCHES * 0.7, 1.2 + 0.32 * len(categories) * max(len(series), 1))
    with matplotlib.rc_context(_style()):
        figure, axes = _figure(title if show_title else "", height)
        positions = list(range(len(categories)))
        band = 0.8 / max(len(series), 1)
        for index, one in enumerate(series):
            shifted = [y - 0.4 + band * (index + 0.5) for y in positions]
            axes.barh(shifted, one.values, band, color=colour(index), label=drawable(one.name))
        axes.set_yticks(positions, [drawable(name) for name in categories])
        axes.invert_yaxis()  # the first category on top, as it is read
        axes.set_xlabel(x_label + (f" ({unit})" if unit else ""), color=MUTED)
        _from_zero(axes, series, along=True)
        axes.grid(axis="x", color=GRID_LINE, linewidth=0.8)
        axes.set_axisbelow(True)
        _legend(axes, series)
        png = _png(figure)
    return Drawn(title, png, _shown("bar", categories, series), unit)


def line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    x_label: str,
    y_label: str,
    unit: str = "",
    show_title: bool = True,
) -> Drawn:
    """One line per series across the categories (weeks, months), with a dot at every figure."""
    _check(categories, series)
    with matplotlib.rc_context(_style()):
        figure, axes = _figure(title if show_title else "")
        positions = list(range(len(categories)))
        for index, one in enumerate(series):
            axes.plot(positions, one.values, marker="o", color=colour(index), label=drawable(one.name), linewidth=2)
        axes.set_xticks(positions, [drawable(name) for name in categories])
        axes.set_xlabel(x_label, color=MUTED)
        axes.set_ylabel(y_label + (f" ({unit})" if unit else ""), color=MUTED)
        _from_zero(axes, series)
        axes.grid(axis="y", color=GRID_LINE, linewidth=0.8)
        _legend(axes, series)
        png = _png(figure)
    return Drawn(title, png, _shown("point", categories, series), unit)


def gauge(share: float | None, *, title: str, caption: str = "", empty: str = "") -> Drawn:
    """A ring filled to ``share`` (0…1) with the percentage in the middle; ``empty`` when there is no figure
    (nothing to measure yet is not 0%)."""
    if share is not None and not 0 <= share <= 1:
        raise ValueError(f"a share is between 0 and 1, not {share}")
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=(3.2, 3.4), dpi=DPI, layout="constrained")
        axes = figure.subplots()
        filled = share or 0.0
        axes.pie(
            [filled, 1 - filled] if share is not None else [1],
            colors=[PALETTE[2], TRACK] if share is not None else [TRACK],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.28},
        )
        label = empty if share is None else f"{round(share * 100)}%"
        axes.text(0, 0, label, ha="center", va="center", fontsize=FONT_SIZE + 10, color=INK)
        if caption:
            axes.set_title(caption, fontsize=FONT_SIZE - 1, color=MUTED, y=-0.12)
        axes.set_aspect("equal")
        png = _png(figure)
    figures = [] if share is None else [Shown("share", title, "", float(share))]
    return Drawn(title, png, figures, "%")
