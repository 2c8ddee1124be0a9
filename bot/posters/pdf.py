"""The poster itself: an A4 page per building, laid out with fpdf2 (the Chinese font embedded, so it prints
the same anywhere), the QR code drawn by segno as vector paths (sharp at any print size).

Read from a step away at a lift landing by people who may not see well: the building's name in very large
type, "扫码加入邻里" large, the code about 11 cm wide, three short steps in Chinese with English below.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from fpdf import FPDF

# fontTools (under fpdf2) warns that a font's bitmap tables are left out of the embedded subset: expected
# (the outlines are what prints), and not worth a line on the operator's terminal for every poster.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

PAGE_WIDTH = 210.0  # A4, mm
MARGIN = 16.0
QR_SIZE = 120.0
INK = (25, 25, 25)
MUTED = (95, 95, 95)
ACCENT = (183, 28, 28)  # the red of community notice boards


@dataclass(frozen=True)
class Poster:
    community_zh: str
    community_en: str
    building_zh: str
    building_en: str
    link: str
    steps_zh: Sequence[str]  # how to scan, for the chosen channel
    steps_en: Sequence[str]
    title_zh: str = "扫码加入邻里"
    title_en: str = "Scan to join Linli"
    footer: str = ""


def qr_png(link: str) -> bytes:
    """The code as a crisp PNG: medium error correction (a scuffed corner still reads), a quiet zone of 4."""
    code = segno.make(link, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=24, border=4)
    return out.getvalue()


class _Document(FPDF):
    def __init__(self, font: Path) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_auto_page_break(auto=False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font("cjk", "", str(font))
        self.set_title("邻里 Linli")
        self.set_creator("Linli")

    def centred(self, text: str, size: float, color: tuple[int, int, int], height: float) -> None:
        self.set_font("cjk", size=size)
        self.set_text_color(*color)
        self.set_x(MARGIN)
        self.multi_cell(PAGE_WIDTH - 2 * MARGIN, height, text, align="C", new_x="LMARGIN", new_y="NEXT")


def posters_pdf(posters: Sequence[Poster], font: Path) -> bytes:
    document = _Document(font)
    for poster in posters:
        document.add_page()
        # A red band on top: the poster is recognisably the community's.
        document.set_fill_color(*ACCENT)
        document.rect(0, 0, PAGE_WIDTH, 9, style="F")
        document.set_y(16)
        document.centred(poster.community_zh, 26, INK, 12)
        document.centred(poster.community_en, 12, MUTED, 6)
        document.ln(3)
        document.centred(poster.building_zh, 52, INK, 22)
        if poster.building_en and poster.building_en != poster.building_zh:
            document.centred(poster.building_en, 16, MUTED, 8)
        document.ln(2)
        document.centred(poster.title_zh, 32, ACCENT, 15)
        document.centred(poster.title_en, 15, MUTED, 7)
        top = document.get_y() + 3
        document.image(qr_png(poster.link), x=(PAGE_WIDTH - QR_SIZE) / 2, y=top, w=QR_SIZE, h=QR_SIZE)
        document.set_y(top + QR_SIZE + 4)
        for number, step in enumerate(poster.steps_zh, start=1):
            document.centred(f"{number}. {step}", 15, INK, 8)
        document.ln(1)
        for number, step in enumerate(poster.steps_en, start=1):
            document.centred(f"{number}. {step}", 10.5, MUTED, 5.5)
        document.set_y(284)
        document.centred(poster.footer or poster.link, 8, MUTED, 4)
    return bytes(document.output())
