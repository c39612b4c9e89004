"""Participatory-budget counting engine (pure Python, no Django)."""
