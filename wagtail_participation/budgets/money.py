"""Amounts of a participatory budget: whole euros, written the way residents read them.

Envelopes, costs and ballots are counted in whole euros (the counting engine counts exact
integers: a count is reproducible to the euro, with no rounding). Only Equal Shares' payments
per voter are fractions, shown to the cent.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# No commune spends more on a participatory budget (Paris: about 100 million euros a year);
# a larger figure is a typing mistake. It also keeps sums of costs far from any limit.
MAX_AMOUNT = 10_000_000_000

AMOUNT_VALIDATORS = [
    MinValueValidator(1, message=_("An amount must be at least 1 euro.")),
    MaxValueValidator(
        MAX_AMOUNT, message=_("This amount is not realistic: at most 10 billion euros.")
    ),
]


def euros(amount):
    """``45 000 €`` (whole euros), ``12,35 €`` (a fraction, to the cent); '' for None."""
    if amount is None or amount == "":
        return ""
    if isinstance(amount, Fraction):
        amount = Decimal(amount.numerator) / Decimal(amount.denominator)
    elif isinstance(amount, float):
        amount = Decimal(str(amount))
    if isinstance(amount, Decimal) and amount != amount.to_integral_value():
        cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        text = formats.number_format(cents, decimal_pos=2, force_grouping=True)
    else:
        text = formats.number_format(int(amount), decimal_pos=0, force_grouping=True)
    return f"{text}\u00a0€"


def percent(part, whole, decimals=1):
    """``part`` as a percentage of ``whole``, written ``56,7 %``; '' when ``whole`` is 0."""
    if not whole:
        return ""
    value = Decimal(100 * part) / Decimal(whole)
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{formats.number_format(value, decimal_pos=decimals)}\u00a0%"


def parse_euros(text):
    """A whole number of euros from what a person types (``12 000``, ``12000 €``,
    ``12.000``, ``12 000,00``, ``-5``), or None if it is not one (``12,50``, ``12k``)."""
    cleaned = str(text).strip()
    for character in (" ", "\u00a0", "\u202f", "€"):
        cleaned = cleaned.replace(character, "")
    match = _EUROS.fullmatch(cleaned)
    if match is None:
        return None
    digits = match["digits"].replace(".", "")
    if len(digits) > 15:
        return None
    value = int(digits)
    return -value if match["sign"] == "-" else value


# Digits, grouped by dots or not, with optional zero cents.
_EUROS = re.compile(r"(?P<sign>[-+]?)(?P<digits>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,0{1,2})?")
