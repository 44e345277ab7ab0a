"""Cells for CSV and XLSX files that people open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel and LibreOffice: a participant named ``=HYPERLINK(…)`` would run
on an organiser's computer. CSV cells are prefixed with ``'`` (OWASP's advice);
XLSX cells are written as strings, never formulas. Times stored in UTC are written
in the event's time zone, and the header says which.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` as a CSV cell that no spreadsheet runs."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable) -> list:
    return [csv_cell(v) for v in values]


def xlsx_append(sheet, values: Iterable) -> None:
    """Append a row to an openpyxl sheet; text that looks like a formula stays text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def local_time(moment: datetime | None, tz: str) -> datetime | None:
    """A naive UTC moment (as stored) as the naive wall-clock time of ``tz``."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def local_text(moment: datetime | None, tz: str) -> str:
    """``2026-10-08 09:30`` in the event's time zone, or empty."""
    value = local_time(moment, tz)
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def time_header(label: str, tz: str) -> str:
    """A column header that says in which time zone its times are: ``arrivé à (heure de Europe/Paris)``."""
    return f"{label} (heure de {tz})"


def csv_text(header: list, rows: Iterable[list], *, delimiter: str = ",") -> str:
    """A whole CSV file as Excel opens it (UTF-8 with BOM), no cell a formula."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    return out.getvalue()


def xlsx_bytes(title: str, header: list, rows: Iterable[list]) -> bytes:
    """A one-sheet XLSX file, no cell a formula."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
