"""Participatory-budget counting engine: pure Python, no Django, usable on its own.

Typical use::

    from wagtail_participation.counting import Election, Project, count

    election = Election([Project("a", 300), Project("b", 500)], budget=600, ballots=[{"a"}, {"b"}])
    outcome = count(election, "equalshares-add1", tie_breaking="commune", seed=2024)
    outcome.selected        # funded project ids, in the order they were funded
    outcome.to_dict()       # the explanation, as codes and numbers

See docs/counting.md for the rules, the tie-breaking and what the explanation contains.
"""

from .constraints import BallotRules, Violation, violations
from .election import Election, Project
from .errors import CountingError
from .explain import Outcome
from .pabulib import PabulibFile, build_pabulib, parse_pabulib, read_pabulib, write_pabulib
from .rules import RULES, count
from .tie_breaking import DEFAULT_SEED, TIE_BREAKINGS, draw_key

__all__ = [
    "DEFAULT_SEED",
    "RULES",
    "TIE_BREAKINGS",
    "BallotRules",
    "CountingError",
    "Election",
    "Outcome",
    "PabulibFile",
    "Project",
    "Violation",
    "build_pabulib",
    "count",
    "draw_key",
    "parse_pabulib",
    "read_pabulib",
    "violations",
    "write_pabulib",
]
