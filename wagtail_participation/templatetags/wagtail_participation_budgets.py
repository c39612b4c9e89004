"""Template filters of participatory budgets: ``{% load wagtail_participation_budgets %}``."""

from django import template

from ..budgets import money

register = template.Library()


@register.filter
def euros(value):
    """``45 000 €``: an amount in whole euros (a fraction to the cent), as residents read it."""
    return money.euros(value)
