"""Short receipt codes a resident can keep as proof that their participation was recorded."""

import re
import secrets

# No 0/O, 1/I/L: a receipt is read aloud on the phone to the town hall.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# The query parameter that brings a resident back to the page after a submission.
RECEIPT_PARAM = "wp_receipt"
_RECEIPT_SHAPE = re.compile(rf"[{ALPHABET}]{{4,16}}")


def new_receipt_code(length=8):
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def format_receipt(code):
    """``ABCD2345`` reads better as ``ABCD-2345``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) >= 6 else code


def parse_receipt(text):
    """The receipt code ``text`` names (as typed or formatted: ``abcd-2345``), or None if it
    cannot be one. Checked before any query: a receipt in a URL is whatever anyone typed."""
    code = (text or "").replace("-", "").replace(" ", "").upper()
    return code if _RECEIPT_SHAPE.fullmatch(code) else None
