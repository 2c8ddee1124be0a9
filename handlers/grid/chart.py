"""The /stats chart: two bar charts (cases by category, by grid) drawn as a PNG with zlib, no imaging
library. Bars are labelled with a built-in 3×5 pixel font (digits, latin letters, a few signs): the
captions in the message name each bar in the reader's language, the chart carries the codes and counts.
"""

from __future__ import annotations

import struct
import zlib

from models.grid.stats import CountRow, GridStats

WIDTH = 640
BAR_HEIGHT = 18
GAP = 8
MARGIN = 16
LABEL_WIDTH = 150
SCALE = 2  # font pixels per glyph pixel
WHITE = (255, 255, 255)
INK = (40, 40, 40)
GREY = (225, 225, 225)
PALETTE = ((66, 133, 244), (52, 168, 83), (251, 188, 5), (234, 67, 53), (154, 85, 255), (0, 172, 193))

# 3×5 glyphs, rows top to bottom, 3 bits each (4 = left pixel).
FONT: dict[str, tuple[int, ...]] = {
    "0": (7, 5, 5, 5, 7),
    "1": (2, 6, 2, 2, 7),
    "2": (7, 1, 7, 4, 7),
    "3": (7, 1, 7, 1, 7),
    "4": (5, 5, 7, 1, 1),
    "5": (7, 4, 7, 1, 7),
    "6": (7, 4, 7, 5, 7),
    "7": (7, 1, 1, 2, 2),
    "8": (7, 5, 7, 5, 7),
    "9": (7, 5, 7, 1, 7),
    "A": (2, 5, 7, 5, 5),
    "B": (6, 5, 6, 5, 6),
    "C": (3, 4, 4, 4, 3),
    "D": (6, 5, 5, 5, 6),
    "E": (7, 4, 6, 4, 7),
    "F": (7, 4, 6, 4, 4),
    "G": (3, 4, 5, 5, 3),
    "H": (5, 5, 7, 5, 5),
    "I": (7, 2, 2, 2, 7),
    "J": (1, 1, 1, 5, 2),
    "K": (5, 5, 6, 5, 5),
    "L": (4, 4, 4, 4, 7),
    "M": (5, 7, 7, 5, 5),
    "N": (6, 5, 5, 5, 5),
    "O": (2, 5, 5, 5, 2),
    "P": (6, 5, 6, 4, 4),
    "Q": (2, 5, 5, 6, 3),
    "R": (6, 5, 6, 5, 5),
    "S": (3, 4, 2, 1, 6),
    "T": (7, 2, 2, 2, 2),
    "U": (5, 5, 5, 5, 7),
    "V": (5, 5, 5, 5, 2),
    "W": (5, 5, 7, 7, 5),
    "X": (5, 5, 2, 5, 5),
    "Y": (5, 5, 2, 2, 2),
    "Z": (7, 1, 2, 4, 7),
    "-": (0, 0, 7, 0, 0),
    ".": (0, 0, 0, 0, 2),
    "%": (5, 1, 2, 4, 5),
    " ": (0, 0, 0, 0, 0),
    ":": (0, 2, 0, 2, 0),
    "/": (1, 1, 2, 4, 4),
}


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(WHITE) * width * height)

    def rect(self, x: int, y: int, w: int, h: int, colour: tuple[int, int, int]) -> None:
        row = bytes(colour) * max(0, min(w, self.width - x))
        for line in range(max(0, y), min(self.height, y + h)):
            start = (line * self.width + x) * 3
            self.pixels[start : start + len(row)] = row

    def text(self, x: int, y: int, text: str, colour: tuple[int, int, int] = INK) -> None:
        for char in text.upper():
            glyph = FONT.get(char, FONT["-"])
            for row, bits in enumerate(glyph):
                for col in range(3):
                    if bits & (4 >> col):
                        self.rect(x + col * SCALE, y + row * SCALE, SCALE, SCALE, colour)
            x += 4 * SCALE

    def png(self) -> bytes:
        raw = b"".join(
            b"\x00" + bytes(self.pixels[y * self.width * 3 : (y + 1) * self.width * 3]) for y in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
        )


def _section(canvas: Canvas, y: int, title: str, rows: list[CountRow]) -> int:
    canvas.text(MARGIN, y, title)
    y += 5 * SCALE + GAP
    top = max((row.count for row in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 2 * MARGIN - 40
    for index, row in enumerate(rows):
        canvas.text(MARGIN, y + 4, row.code[:17])
        canvas.rect(LABEL_WIDTH, y, span, BAR_HEIGHT, GREY)
        length = max(2, round(span * row.count / top))
        canvas.rect(LABEL_WIDTH, y, length, BAR_HEIGHT, PALETTE[index % len(PALETTE)])
        canvas.text(LABEL_WIDTH + span + 8, y + 4, str(row.count))
        y += BAR_HEIGHT + GAP
    return y + GAP


def stats_chart(stats: GridStats) -> bytes:
    rows = len(stats.by_category) + len(stats.by_grid)
    height = 2 * MARGIN + 3 * (5 * SCALE + 2 * GAP) + max(rows, 1) * (BAR_HEIGHT + GAP) + 40
    canvas = Canvas(WIDTH, height)
    y = MARGIN
    canvas.text(MARGIN, y, f"{stats.place_code} cases: {stats.total}")
    y += 5 * SCALE + 2 * GAP
    y = _section(canvas, y, "by category", stats.by_category)
    _section(canvas, y, "by grid", stats.by_grid)
    return canvas.png()
