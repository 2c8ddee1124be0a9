"""A font that has Chinese, for what Linli draws itself (the QR posters, the charts)."""

from __future__ import annotations

import os
from pathlib import Path

# Debian's packages first (`make run`/`make test` install fonts-wqy-zenhei where they may), then other common
# places; the setting LINLI_CJK_FONT names one explicitly.
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)


class NoChineseFont(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "no font with Chinese characters found: install Debian's fonts-wqy-zenhei "
            "(apt-get install fonts-wqy-zenhei) or set LINLI_CJK_FONT to a .ttf/.ttc/.otf file"
        )


def cjk_font(named: str = "") -> Path:
    """``named`` (the setting) first, else LINLI_CJK_FONT from the environment (for code without settings,
    the charts), else the usual places."""
    for candidate in (named, os.environ.get("LINLI_CJK_FONT", ""), *CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise NoChineseFont()
