"""Citizen participation for a commune's Wagtail site."""

__version__ = "0.1.0.dev0"
