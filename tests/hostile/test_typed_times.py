"""Times people type (handlers.core.times): what a Chinese keyboard produces is understood, and whatever
else arrives is None — never an exception, never a time without its zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.core.times import parse_local_time

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 4, 10, 30, tzinfo=TZ)  # a Friday morning


def at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026-12-05 09:00", at(2026, 12, 5, 9, 0)),
        ("12月5日 9:00", at(2026, 12, 5, 9, 0)),
        ("１２月５日　９：００", at(2026, 12, 5, 9, 0)),  # full-width, as a Chinese keyboard types it
        ("20:30", at(2026, 12, 4, 20, 30)),
        ("9:00", at(2026, 12, 5, 9, 0)),  # already past today: tomorrow
        ("明天下午3点", at(2026, 12, 5, 15, 0)),
        ("后天上午9点半", at(2026, 12, 6, 9, 30)),
        ("今晚8点", at(2026, 12, 4, 20, 0)),
        ("下午3点15分", at(2026, 12, 4, 15, 15)),
        ("中午1点", at(2026, 12, 4, 13, 0)),
        ("上午9点", at(2026, 12, 5, 9, 0)),  # said at 10:30: tomorrow's
        ("3点半", at(2026, 12, 5, 3, 30)),
    ],
)
def test_what_people_type(typed: str, meant: datetime) -> None:
    assert parse_local_time(typed, NOW) == meant


@pytest.mark.parametrize(
    "typed", ["", "明天", "下午", "13月40日 9:00", "2月30日 9:00", "25:00", "明天下午25点", "随便"]
)
def test_what_names_no_time(typed: str) -> None:
    assert parse_local_time(typed, NOW) is None


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("0123456789０１２３４５６７８９:：点时分半月日号年-/. 　今明后天早上中下午晚傍x"),
        max_size=30,
    )
)
def test_any_typing_is_a_time_or_none(typed: str) -> None:
    moment = parse_local_time(typed, NOW)
    assert moment is None or (moment.tzinfo is TZ and moment.second == 0)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_at_all_is_safe(typed: str) -> None:
    parse_local_time(typed, NOW)
