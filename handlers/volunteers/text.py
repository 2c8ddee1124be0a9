"""Reading what volunteers and staff type: hours ('1.5', '2小时', '3 h')."""

from __future__ import annotations

import re

# Numbers with an optional unit are enough; "一个半小时" is left to the buttons.
HOURS_TEXT = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})?)\s*(?:h|小时|个小时|hours?)?\s*$", re.IGNORECASE)


def parse_hours(text: str) -> int | None:
    """Minutes from '1.5', '2小时', '3 h'; None when it is not a sensible number of hours (0 < h ≤ 24)."""
    match = HOURS_TEXT.match(text)
    if not match:
        return None
    minutes = round(float(match.group(1)) * 60)
    return minutes if 0 < minutes <= 24 * 60 else None
