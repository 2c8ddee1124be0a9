"""The SVG charts, read back with an XML parser: what is drawn, where, and that no text escapes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from bot.console.charts import BOTTOM, HEIGHT, Series, bar_chart, gauge, line_chart, nice_ticks, wrap

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    return root


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if name in element.get("class", "").split()]


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def no_inline_style(root: ET.Element) -> None:
    assert all("style" not in element.attrib for element in root.iter()), "the CSP forbids inline styles"
    assert not list(root.iter(f"{SVG}style"))
    assert not list(root.iter(f"{SVG}script"))


def test_grouped_bars_are_side_by_side_and_proportional() -> None:
    root = parse(
        bar_chart(
            ["W1", "W2", "W3"],
            [Series("环境卫生", [2, 4, 0]), Series("设施", [1, 3, 5])],
            title="Issues",
            x_label="Week",
            y_label="Cases",
        )
    )
    no_inline_style(root)
    bars = by_class(root, "bar")
    assert len(bars) == 6
    values = [(bar.get("data-category"), bar.get("data-series"), bar.get("data-value")) for bar in bars]
    assert ("W2", "设施", "3") in values
    assert ("W3", "环境卫生", "0") in values
    w2 = [bar for bar in bars if bar.get("data-category") == "W2"]
    heights = {bar.get("data-series"): float(bar.get("height", "0")) for bar in w2}
    assert heights["环境卫生"] == pytest.approx(heights["设施"] * 4 / 3, rel=0.01)
    # Grouped: the two bars of a week stand side by side on the baseline.
    xs = sorted(float(bar.get("x", "0")) for bar in w2)
    assert xs[0] < xs[1]
    for bar in w2:
        assert float(bar.get("y", "0")) + float(bar.get("height", "0")) == pytest.approx(HEIGHT - BOTTOM, abs=0.2)
    # The legend names each series once, the axes are titled, every category is on the axis.
    legend = by_class(root, "legend-item")
    assert ["".join(item.itertext()) for item in legend] == ["环境卫生", "设施"]
    assert "Week" in texts(root)
    assert "Cases" in texts(root)
    assert [label.get("class") for label in by_class(root, "category")] == ["category"] * 3
    assert root.get("aria-label") == "Issues"


def test_stacked_bars_sit_on_each_other() -> None:
    root = parse(
        bar_chart(["A"], [Series("x", [2]), Series("y", [3])], title="t", x_label="", y_label="", stacked=True)
    )
    lower, upper = by_class(root, "bar")
    assert float(upper.get("y", "0")) + float(upper.get("height", "0")) == pytest.approx(float(lower.get("y", "0")))
    assert float(lower.get("x", "0")) == float(upper.get("x", "0"))
    # The axis reaches the stack's total (5), not only the tallest single figure (3).
    ticks = [text for text in (("".join(e.itertext())) for e in by_class(root, "tick"))]
    assert ticks[-1] == "5"


def test_every_text_is_escaped() -> None:
    evil = "<script>alert(\"x\")</script> & 'q'"
    for markup in (
        bar_chart([evil], [Series(evil, [1])], title=evil, x_label=evil, y_label=evil),
        line_chart([evil], [Series(evil, [1])], title=evil, x_label=evil, y_label=evil, unit=evil),
        gauge(0.5, title=evil, caption=evil),
        gauge(None, title=evil, empty=evil),
    ):
        assert "<script" not in markup
        root = parse(markup)
        no_inline_style(root)
        assert not list(root.iter("script"))
        assert not list(root.iter(f"{SVG}script"))
        # The text survives as text: escaped on the way in, unescaped by the parser.
        assert root.get("aria-label") == evil
        assert any(evil in text or evil[:9] in text for text in texts(root))


def test_line_chart_points_rise_with_the_figures() -> None:
    root = parse(
        line_chart(
            ["5/1", "5/8", "5/15"], [Series("小时", [1.5, 0, 4])], title="h", x_label="周", y_label="小时", unit="h"
        )
    )
    points = by_class(root, "point")
    assert [point.get("data-value") for point in points] == ["1.5", "0", "4"]
    ys = [float(point.get("cy", "0")) for point in points]
    assert ys[2] < ys[0] < ys[1]  # higher figure, higher on the page (smaller y)
    xs = [float(point.get("cx", "0")) for point in points]
    assert xs == sorted(xs)
    (line,) = by_class(root, "line")
    assert len(line.get("points", "").split()) == 3
    assert any(text.endswith("h") for text in texts(root))  # the unit on the ticks


def test_gauge_fills_its_share_and_says_nothing_to_measure() -> None:
    half = parse(gauge(0.5, title="On time", caption="3 of 6"))
    (arc,) = by_class(half, "gauge-value")
    filled, whole = (float(part) for part in arc.get("stroke-dasharray", "").split())
    assert filled == pytest.approx(whole / 2, rel=0.01)
    assert "50%" in texts(half)
    assert "3 of 6" in texts(half)
    empty = parse(gauge(None, title="On time", empty="no data"))
    assert not by_class(empty, "gauge-value")
    assert "no data" in texts(empty)
    assert "100%" in texts(parse(gauge(1.0, title="t")))


def test_bad_figures_are_refused() -> None:
    with pytest.raises(ValueError, match="values"):
        bar_chart(["a", "b"], [Series("s", [1])], title="t", x_label="", y_label="")
    with pytest.raises(ValueError, match="zero or more"):
        line_chart(["a"], [Series("s", [-1])], title="t", x_label="", y_label="")
    with pytest.raises(ValueError, match="between 0 and 1"):
        gauge(1.5, title="t")


def test_empty_charts_still_draw_an_axis() -> None:
    root = parse(bar_chart([], [], title="t", x_label="x", y_label="y"))
    assert not by_class(root, "bar")
    assert len(by_class(root, "tick")) == 2
    zeros = parse(bar_chart(["a"], [Series("s", [0])], title="t", x_label="", y_label=""))
    assert by_class(zeros, "bar")[0].get("height") == "0.0"


@pytest.mark.parametrize(
    ("top", "expected"),
    [(0, [0, 1]), (4, [0, 1, 2, 3, 4]), (7, [0, 2, 4, 6, 8]), (0.6, [0, 0.2, 0.4, 0.6]), (130, [0, 50, 100, 150])],
)
def test_ticks_are_round_numbers(top: float, expected: list[float]) -> None:
    assert nice_ticks(top) == pytest.approx(expected)


def test_a_long_name_wraps_under_its_bar_instead_of_being_cut() -> None:
    rooms = [
        "多功能活动厅",
        "会议室",
        "阅览室",
        "儿童之家",
        "舞蹈教室",
        "书画教室",
        "健身室",
        "老年人活动室",
        "多功能厅",
    ]
    root = parse(
        bar_chart(rooms, [Series("11月", [0.1] * 9), Series("12月", [0.2] * 9)], title="场地", x_label="", y_label="")
    )
    shown = [
        "".join(label.itertext()).replace(label.findtext(f"{SVG}title") or "", "", 1)
        for label in by_class(root, "category")
    ]
    assert shown == rooms  # every name whole, over two or three lines where the bar is narrow
    first = by_class(root, "category")[0]
    assert [tspan.text for tspan in first.iter(f"{SVG}tspan")] == ["多功能", "活动厅"]
    assert wrap("一二三四五六七八九十", 3) == ["一二三", "四五六", "七八…"]  # beyond three lines it is shortened
    assert wrap("Multi-purpose hall", 5) == ["Multi-purpose", "hall"]  # English breaks between words
    assert wrap("老年人日间照料室(一楼)", 9) == ["老年人日间照料室", "(一楼)"]  # no line ends with "("
    assert wrap("9点,社区广场", 2) == ["9点,", "社区", "广场"]  # nor opens with ","
