"""Buttons laid out by the width of their labels (handlers.core.messages.in_rows): as many to a row as fit
their share of a phone's row, up to the most a step allows, in order."""

from __future__ import annotations

from handlers.core.messages import Button, column_share, in_rows, label_columns


def buttons(*labels: str) -> list[Button]:
    return [Button(label, str(index)) for index, label in enumerate(labels)]


def shape(rows: list[list[Button]]) -> list[list[str]]:
    return [[button.label for button in row] for row in rows]


def test_short_labels_fill_the_rows() -> None:
    rows = in_rows(buttons(*(f"{n}栋" for n in range(1, 8))), most=3)
    assert shape(rows) == [["1栋", "2栋", "3栋"], ["4栋", "5栋", "6栋"], ["7栋"]]


def test_long_names_take_fewer_to_a_row() -> None:
    names = [f"龙湾苑{n}栋" for n in range(1, 6)]
    assert label_columns("龙湾苑1栋") > column_share(3)  # three to a row broke it: "龙湾苑1 / 栋"
    assert shape(in_rows(buttons(*names), most=3)) == [names[0:2], names[2:4], names[4:5]]


def test_a_label_too_long_for_any_share_has_its_own_row() -> None:
    rows = in_rows(buttons("10:00", "10:30", "10:45", "11:00", "今天下午两点以后都可以", "11:30"), most=4)
    assert shape(rows) == [["10:00", "10:30", "10:45", "11:00"], ["今天下午两点以后都可以"], ["11:30"]]


def test_columns_count_chinese_and_emoji_as_two() -> None:
    assert label_columns("3栋") == 3
    assert label_columns("🏠 主菜单") == 2 + 1 + 6
    assert label_columns("Building 3") == 10


def test_a_label_may_take_two_lines_between_its_words() -> None:
    rows = in_rows(buttons("📜 居民公约", "🛎 12343 便民服务", "龙湾苑10栋", "龙湾苑11栋"), most=2)
    assert shape(rows) == [["📜 居民公约", "🛎 12343 便民服务"], ["龙湾苑10栋", "龙湾苑11栋"]]
    assert shape(in_rows(buttons("12343便民服务热线电话", "我的"), most=2)) == [["12343便民服务热线电话"], ["我的"]]
