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

Plain Python on purpose (no Django import): tested alone, usable by any writer.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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
