"""What residents type, as it is stored: the same cleaning for every participation type.

Plain Python: no Django import.
"""

import re
import unicodedata

# Characters a database, a page title or a spreadsheet may not take: control characters
# other than line breaks and tabs (PostgreSQL refuses NUL in text; the others are invisible
# on a page and break XML).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """Text as stored: Unicode normalised, line breaks unified, control characters removed,
    spaces trimmed."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()
