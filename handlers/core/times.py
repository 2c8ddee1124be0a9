"""Times as people type them, in local time: for every flow that asks "when" (a notice's sending time, a
poll's closing time).

Understood: "2026-03-05 09:00", "3月5日 9:00", "3-5 9:00", "20:30" (today, or tomorrow if already past),
"明天下午3点", "后天上午9点半", "今晚8点", with full-width digits and colons as a Chinese keyboard types
them ("３月５日 ９：００"). Anything else is None, never an exception: the flow asks again.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

_DATED = re.compile(r"^\s*(?:(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})[日号]?\s+)?(\d{1,2})[:点](\d{2})?\s*分?\s*$")
_SPOKEN = re.compile(
    r"^\s*(今天|今日|明天|明日|后天)?\s*(早上|上午|中午|下午|傍晚|晚上|今晚)?\s*(\d{1,2})\s*[点:时]\s*(\d{1,2}|半)?\s*分?\s*$"
)
_DAYS = {None: 0, "今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}
_AFTERNOON = {"下午", "傍晚", "晚上", "今晚"}


def parse_local_time(text: str, now_local: datetime) -> datetime | None:
    """The moment ``text`` names, in ``now_local``'s time zone; None if it names none."""
    typed = unicodedata.normalize("NFKC", text)[:40]  # full-width digits, colons and spaces become ASCII
    return _dated(typed, now_local) or _spoken(typed, now_local)


def _dated(typed: str, now_local: datetime) -> datetime | None:
    match = _DATED.match(typed)
    if match is None:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        moment = now_local.replace(
            year=int(year) if year else now_local.year,
            month=int(month) if month else now_local.month,
            day=int(day) if day else now_local.day,
            hour=int(hour),
            minute=int(minute or 0),
            second=0,
            microsecond=0,
        )
    except ValueError:
        return None
    if month is None and moment <= now_local:
        moment += timedelta(days=1)
    return moment


def _spoken(typed: str, now_local: datetime) -> datetime | None:
    match = _SPOKEN.match(typed)
    if match is None:
        return None
    day_word, part, hour_text, minute_text = match.groups()
    if day_word is None and part is None and minute_text != "半":
        return None  # a bare "9点" or "9点15" is what _dated reads
    hour = int(hour_text)
    minute = 30 if minute_text == "半" else int(minute_text or 0)
    if part in _AFTERNOON and 1 <= hour < 12:
        hour += 12
    if part == "中午" and hour < 6:  # 中午1点 is 13:00
        hour += 12
    if part == "今晚" and day_word is None:
        day_word = "今天"
    if hour > 23 or minute > 59:
        return None
    day = (now_local + timedelta(days=_DAYS[day_word])).date()
    moment = now_local.replace(
        year=day.year, month=day.month, day=day.day, hour=hour, minute=minute, second=0, microsecond=0
    )
    if day_word is None and moment <= now_local:  # "下午3点" said at 16:00 means tomorrow's
        moment += timedelta(days=1)
    return moment
