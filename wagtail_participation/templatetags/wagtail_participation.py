"""Template filters of the app: ``{% load wagtail_participation %}``."""

from django import template

from ..reports import formats

register = template.Library()


@register.filter
def wp_number(value):
    """A count with its thousands grouped as the active language writes them (``1 234``)."""
    return formats.number(value)


@register.filter
def wp_percent(value):
    """A share in percent with one decimal place, as the active language writes it."""
    return formats.percent(value)
