"""Console tables as Excel workbooks (openpyxl), for staff who hand them on to the street office.

One sheet: a bold header row in the reader's language, frozen; dates and times in local time as real
Excel dates (Excel has no time zones: the sheet says which zone in its header); numbers as numbers; text
as text even when it starts with "=" (a resident's words must never run as a formula in someone's Excel).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000  # far above a community's year of cases; a bound against a runaway export
DATE_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60


def _cell(sheet: WriteOnlyWorksheet, value: Any, tz: ZoneInfo) -> Cell:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value.astimezone(tz).replace(tzinfo=None))
        cell.number_format = DATE_FORMAT
        return cell
    if value is None:
        return WriteOnlyCell(sheet, None)
    if isinstance(value, bool):
        return WriteOnlyCell(sheet, str(value))
    if isinstance(value, int | float):
        return WriteOnlyCell(sheet, value)
    cell = WriteOnlyCell(sheet, str(value))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _width(value: Any) -> int:
    text = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value or "")
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)  # a Chinese character is two columns wide


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]  # title, headers, rows


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], tz: ZoneInfo) -> bytes:
    return workbook_of([(title, headers, rows)], tz)


def workbook_of(sheets: Sequence[Sheet], tz: ZoneInfo) -> bytes:
    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        _add_sheet(book, title, headers, list(rows)[:MAX_ROWS], tz)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _add_sheet(book: Workbook, title: str, headers: Sequence[str], rows: list[Sequence[Any]], tz: ZoneInfo) -> None:
    sheet = book.create_sheet(title[:31])  # Excel's limit for a sheet name
    widths = [_width(header) for header in headers]
    for row in rows[:200]:
        widths = [max(width, _width(value)) for width, value in zip(widths, row, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value, tz) for value in row])


def download(content: bytes, filename: str, headers: dict[str, str]) -> web.Response:
    return web.Response(
        body=content,
        content_type=XLSX,
        headers={**headers, "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
