"""Keep exported cells from being run as formulas by a spreadsheet ("CSV injection").

Residents write some of what the app exports (option wording proposed by residents, notes,
answers to surveys). A cell beginning with ``=``, ``+``, ``-`` or ``@`` is read as a formula
by Excel and LibreOffice when the file is opened; ``=HYPERLINK(...)`` or DDE payloads can leak
data or run commands on the editor's computer. A leading tab or carriage return lets the same
payload slip past a naive check, as the spreadsheet strips it before parsing.

Wagtail does not treat this as its own bug (wagtail/wagtail#3466, closed; PR #7554 left the
escaping to each export), so every export of this app passes each text cell through
:func:`neutralise`, following OWASP's advice: prefix such a cell with an apostrophe, which
spreadsheets show as text. Numbers are left alone and stay numbers, so that a count of -1
(never produced, but possible in a corrected total) or a share of 12.5 can still be summed.

A CSV file adds a second way in: the spreadsheet, not the file, decides where a cell
starts. A French Excel splits on ``;``, an English one on ``,``, LibreOffice on what its
import dialog says, and a file is opened wherever it is sent. Quoting protects a cell only
from a reader that splits on the separator it was written with, so in a CSV every place where
any reader may start a cell is neutralised: after ``,``, ``;``, a tab or a line break (and the
double quotes that may open a quoted cell there), not only at the start (:func:`neutralise_csv`).

Plain Python on purpose (no Django import): tested alone, usable by any writer.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet reading a CSV file may start a new cell, whatever separator it splits on.
CSV_CELL_BREAKS = (",", ";", "\t", "\r", "\n")


def neutralise(value):
    """The cell as a spreadsheet may safely read it.

    Strings that a spreadsheet would read as a formula get a leading apostrophe; anything
    that is not a string (numbers, dates, ``None``) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_row(row):
    return [neutralise(value) for value in row]


def neutralise_csv(value):
    """The cell as a spreadsheet may safely read it from a CSV file, whatever its separator.

    Like :func:`neutralise`, and each part of the text that a spreadsheet splitting on
    another separator would read as a cell of its own gets an apostrophe too:
    ``"a;=1+1"`` becomes ``"a;'=1+1"``. Anything that is not a string is returned unchanged.
    """
    if not isinstance(value, str):
        return value
    safe = []
    at_cell_start = True
    for char in value:
        if at_cell_start and char in FORMULA_TRIGGERS:
            safe.append("'")
        safe.append(char)
        # A double quote right after a break opens a quoted cell whose text starts after it.
        at_cell_start = char in CSV_CELL_BREAKS or (at_cell_start and char == '"')
    return "".join(safe)
