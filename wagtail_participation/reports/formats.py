"""Numbers and dates as the report's language writes them in print.

Django's formats give the separators (French: ``1 234`` with a narrow no-break space, ``56,7``);
French print adds its own habits: ``1er décembre``, ``14 h 05``, ``56,7 %``.
"""

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .typography import NARROW_NBSP, NBSP


def is_french():
    return (translation.get_language() or "").split("-")[0] == "fr"


def number(value, decimals=None):
    """``value`` with the thousands grouped, always (a report is read, not parsed)."""
    if value is None:
        return "—"
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def percent(value):
    """A share in percent, one decimal place: ``56,7 %``."""
    separator = NARROW_NBSP if is_french() else ""
    return f"{number(round(value, 1), 1)}{separator}%"


def long_date(value):
    """``1er décembre 2025``, ``3 novembre 2025`` (``December 1, 2025`` in English)."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    if is_french():
        day = "1er" if value.day == 1 else str(value.day)
        return f"{day}{NBSP}{formats.date_format(value, 'F Y')}"
    return formats.date_format(value, "DATE_FORMAT")


def short_date(value):
    """``3 nov.``: the dates under the columns of a chart."""
    if is_french():
        return f"{value.day}{NBSP}{formats.date_format(value, 'N')}"
    return formats.date_format(value, "N j")


def time_of_day(value):
    value = timezone.localtime(value)
    if is_french():
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return formats.time_format(value, "TIME_FORMAT")


def long_datetime(value):
    """``1er décembre 2025 à 14 h 05``."""
    return _("%(date)s at %(time)s") % {"date": long_date(value), "time": time_of_day(value)}
