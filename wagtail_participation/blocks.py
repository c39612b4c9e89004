"""StreamField blocks a host site adds to its own page models."""

from .votes.blocks import VoteBlock

__all__ = ["VoteBlock"]
