"""The shared charts (matplotlib): pictures that open, figures that match what was drawn, and Chinese
labels whose every character the font used has (no chart ever shows boxes)."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from handlers.core.charts import Series, bar_chart, drawable, font_file, gauge, horizontal_bar_chart, line_chart

LABELS = ["违章搭建", "宠物扰民", "公共设施损坏", "楼道堆物"]
TITLE = "各类问题(近8周)"


def opened(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_every_label_is_in_the_font_used() -> None:
    path = font_file()
    assert path is not None, "no Chinese font: install fonts-wqy-zenhei (make test does, where it may)"
    drawn = bar_chart(
        ["3/2", "3/9"],
        [Series(label, [1, 2]) for label in LABELS],
        title=TITLE,
        x_label="周",
        y_label="件数",
        stacked=True,
    )
    assert opened(drawn.png).size[0] >= 900
    with TTFont(path, fontNumber=0) as font:
        characters = set(font.getBestCmap())
    texts = [TITLE, "周", "件数", *LABELS]
    missing = {char for text in texts for char in text if not char.isspace() and ord(char) not in characters}
    assert missing == set()


def test_what_no_font_has_is_left_out_not_drawn_as_a_box() -> None:
    """A notice's first words name its bar: staff write emoji there, which no chart font has."""
    assert drawable("📣 居民说事会邀请您参加") == "居民说事会邀请您参加"
    assert drawable("停水 ⚠ 通知") in ("停水 ⚠ 通知", "停水 通知")  # kept only where a font draws it
    assert drawable("Lift 3 (电梯)") == "Lift 3 (电梯)"
    drawn = horizontal_bar_chart(["📣 说事会", "🔥 停水"], [Series("已读", [3, 4])], title="📊 通知", x_label="人")
    assert opened(drawn.png).size[0] >= 900  # and no warning about a missing glyph (warnings are errors here)


def test_the_figures_are_what_was_drawn() -> None:
    drawn = bar_chart(
        ["一月", "二月"], [Series("预约", [3, 4]), Series("签到", [1, 2])], title="t", x_label="x", y_label="y"
    )
    assert [(f.kind, f.category, f.series, f.value) for f in drawn.figures] == [
        ("bar", "一月", "预约", 3.0),
        ("bar", "二月", "预约", 4.0),
        ("bar", "一月", "签到", 1.0),
        ("bar", "二月", "签到", 2.0),
    ]
    line = line_chart(["w1", "w2", "w3"], [Series("小时", [0, 1.5, 3])], title="t", x_label="x", y_label="y")
    assert [f.value for f in line.figures if f.kind == "point"] == [0, 1.5, 3]
    rooms = horizontal_bar_chart(
        ["阅览室", "多功能活动厅"], [Series("本月", [40, 75])], title="t", x_label="%", unit="%"
    )
    assert rooms.unit == "%"
    twelve = [f"房间{n}" for n in range(12)]
    tall = horizontal_bar_chart(twelve, [Series("本月", [1.0] * 12)], title="t", x_label="%")
    assert opened(tall.png).size[1] > opened(rooms.png).size[1]  # it grows with its rooms


def test_a_share_with_nothing_to_measure_is_not_zero() -> None:
    assert gauge(None, title="按期办结", empty="暂无数据").figures == []
    [share] = gauge(0.75, title="按期办结").figures
    assert (share.kind, share.value) == ("share", 0.75)
    with pytest.raises(ValueError, match="between 0 and 1"):
        gauge(1.5, title="x")


def test_bad_figures_are_refused() -> None:
    with pytest.raises(ValueError, match="values for"):
        bar_chart(["a", "b"], [Series("s", [1])], title="t", x_label="x", y_label="y")
    with pytest.raises(ValueError, match="counts and shares"):
        line_chart(["a"], [Series("s", [float("nan")])], title="t", x_label="x", y_label="y")
    with pytest.raises(ValueError, match="counts and shares"):
        bar_chart(["a"], [Series("s", [-1])], title="t", x_label="x", y_label="y")


def test_empty_charts_still_draw() -> None:
    assert opened(bar_chart([], [], title="没有数据", x_label="x", y_label="y").png).size[0] > 0
