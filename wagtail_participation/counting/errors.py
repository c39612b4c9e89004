"""The one exception the counting engine raises on bad input.

It carries a stable ``code`` and the numbers or names involved rather than an English sentence,
so the pages, the PDF report and the management command can each say it in the reader's language.
"""

from __future__ import annotations


class CountingError(ValueError):
    """Bad input for a count: ``code`` names the problem, ``params`` the values involved.

    ``line`` is the 1-based line of a pabulib file the problem was found on, when there is one.
    """

    def __init__(self, code: str, *, line: int | None = None, **params):
        self.code = code
        self.line = line
        self.params = params
        where = f"line {line}: " if line is not None else ""
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(params.items()))
        super().__init__(f"{where}{code}" + (f" ({details})" if details else ""))
