"""CSV and XLSX responses that stream, whatever the number of rows.

Both writers take a list of column headings and an iterable of rows (lists of cells) and
neutralise every text cell a spreadsheet would run as a formula (:mod:`.spreadsheet_safety`).
Numbers are written as numbers. Rows are consumed lazily: give them a ``QuerySet.iterator()``
to keep memory flat (Decidim #15443: exports of 250k answers ran out of memory).

A CSV file is written the way a spreadsheet of the active language opens it in columns: where
the language writes decimals with a comma (French), cells are separated by semicolons and
numbers written ``12,5``, as Excel and LibreOffice expect in those locales; elsewhere commas
and ``12.5``. Dates and times are written ``2026-03-01 14:05:00``, which spreadsheets read as
a date in every locale (``01/03/2026`` would be the 3rd of January in an English one).
"""

import csv
import datetime
import decimal
import tempfile
from typing import NamedTuple

from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from .spreadsheet_safety import neutralise, neutralise_csv

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel opens a UTF-8 CSV as Windows-1252 unless the file starts with a byte order mark:
# accented names and wording would come out garbled.
UTF8_BOM = "\ufeff"


def plain_value(value):
    """A cell value both formats can hold: text, number or naive local datetime."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        # Spreadsheets know no time zones: the site's local time is what editors expect.
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, int | float | decimal.Decimal | datetime.date):
        return value
    return str(value)


def safe_row(row):
    return [neutralise(plain_value(value)) for value in row]


class _Echo:
    """A file-like object whose ``write`` returns what it was given (Django's recipe)."""

    def write(self, value):
        return value


class CsvConventions(NamedTuple):
    """How a spreadsheet of one language splits cells and reads numbers."""

    delimiter: str
    decimal_separator: str

    @classmethod
    def for_language(cls, language):
        decimal_separator = formats.get_format("DECIMAL_SEPARATOR", lang=language)
        # Excel's list separator is ";" wherever the decimal separator is ",".
        return cls(";" if decimal_separator == "," else ",", decimal_separator)

    def cell(self, value):
        """The text of one CSV cell."""
        if isinstance(value, datetime.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, float):
            # The shortest digits that give the float back, as Python prints it.
            value = decimal.Decimal(repr(value))
        if isinstance(value, decimal.Decimal):
            # Positional notation: "1E-5" is not a number to every spreadsheet.
            return format(value, "f").replace(".", self.decimal_separator)
        return neutralise_csv(value)


def csv_lines(headings, rows, language):
    """The lines of a CSV file (the first with Excel's byte order mark), written in the
    conventions and the language of ``language``."""
    conventions = CsvConventions.for_language(language)
    writer = csv.writer(_Echo(), delimiter=conventions.delimiter)

    def line(row):
        return writer.writerow([conventions.cell(plain_value(value)) for value in row])

    # The rows are produced while the response streams, after the view has returned and the
    # admin user's language is no longer active: translate them in the language of the view.
    with translation.override(language):
        first = UTF8_BOM + line(headings)
    yield first
    rows = iter(rows)
    while True:
        with translation.override(language):
            row = next(rows, None)
            if row is None:
                return
            text = line(row)
        yield text


def csv_response(filename, headings, rows):
    """A streamed CSV download (UTF-8 with a BOM for Excel), in the active language's
    conventions: semicolons and decimal commas in French."""
    lines = csv_lines(headings, rows, translation.get_language())
    response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response


def _xlsx_text(value):
    # openpyxl refuses control characters that XML 1.0 cannot carry (and would raise in the
    # middle of the download): drop them.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_response(filename, headings, rows, sheet_title=""):
    """An XLSX download written row by row (openpyxl's write-only mode) to a temporary file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))

    def cells(row):
        for value in safe_row(row):
            cell = WriteOnlyCell(sheet, value=_xlsx_text(value))
            if isinstance(value, str):
                # Stored as text whatever it looks like: openpyxl would otherwise store a
                # string beginning with "=" as a formula.
                cell.data_type = "s"
            elif isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            yield cell

    sheet.append(list(cells(headings)))
    for row in rows:
        sheet.append(list(cells(row)))
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


def _sheet_title(title):
    # Excel's limits: 31 characters, none of []:*?/\
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(title or ""))
    return cleaned.strip()[:31] or "Export"


def spreadsheet_response(export_format, filename, headings, rows, sheet_title=""):
    if export_format == XLSX:
        return xlsx_response(filename, headings, rows, sheet_title=sheet_title)
    if export_format == CSV:
        return csv_response(filename, headings, rows)
    raise ValueError(f"Unknown export format: {export_format!r}")
