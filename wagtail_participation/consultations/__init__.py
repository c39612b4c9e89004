"""Consultation pages: residents propose ideas, support them, and the commune answers."""
