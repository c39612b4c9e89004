"""French typography for printed documents. Plain Python: no Django, tested alone.

French puts a non-breaking space before the two-part punctuation marks and inside
guillemets, so that a line never starts with ``:`` or ``»``. The Imprimerie nationale's rules,
as most French publishers apply them: a narrow no-break space (U+202F) before ``; ! ?`` and
inside « », a no-break space (U+00A0) before ``:``. Texts typed by editors and residents
rarely carry them; the reports add them where a space is already typed, and never add a space
where there is none (``10:30``, ``https://…``).
"""

import re

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

# A run of ordinary spaces (or a no-break space typed by hand) before the mark.
_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:")
_BEFORE_MARK = re.compile(r"[ \u00a0\u202f]+([;!?])")
_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING_GUILLEMET = re.compile(r"[ \u00a0\u202f]*»")
# Tags, comments and the contents of elements whose text is not prose.
_HTML_TOKEN = re.compile(
    r"(<!--.*?-->|<(style|script)\b[^>]*>.*?</\2\s*>|<[^>]*>)", re.DOTALL | re.IGNORECASE
)


def french_text(text):
    """``text`` with the no-break spaces of French typography."""
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_MARK.sub(NARROW_NBSP + r"\1", text)
    text = _AFTER_OPENING_GUILLEMET.sub("«" + NARROW_NBSP, text)
    return _BEFORE_CLOSING_GUILLEMET.sub(NARROW_NBSP + "»", text)


def french_html(html):
    """``html`` with :func:`french_text` applied to its text only: tags, attributes,
    comments, styles and scripts are left as they are."""
    parts = _HTML_TOKEN.split(html)
    # split() with two groups yields: text, token, inner group, text, token, inner group…
    out = []
    for index in range(0, len(parts), 3):
        out.append(french_text(parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


def group_hex(digest, size=8):
    """A hexadecimal fingerprint in groups that a person can read aloud and compare."""
    return " ".join(digest[i : i + size] for i in range(0, len(digest), size))
