"""Short receipt codes a resident can keep as proof that their participation was recorded."""

import secrets

# No 0/O, 1/I/L: a receipt is read aloud on the phone to the town hall.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_receipt_code(length=8):
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def format_receipt(code):
    """``ABCD2345`` reads better as ``ABCD-2345``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) >= 6 else code
