"""Participatory-budget counting engine: pure Python, no Django, usable on its own.

Typical use::

    from wagtail_participation.counting import Election, Project, count

    election = Election([Project("a", 300), Project("b", 500)], budget=600, ballots=[{"a"}, {"b"}])
    outcome = count(election, "equalshares-add1", tie_breaking="commune", seed=2024)
    outcome.selected        # funded project ids, in the order they were funded
    outcome.to_dict()       # the explanation, as codes and numbers

Equal Shares has two engines giving the same outcome: ``equal_shares.py`` states the rule as
defined, ``equal_shares_fast.py`` is much faster on big budgets; ``count`` chooses
(``choose_engine``) unless told with ``engine="reference"`` or ``engine="fast"``.

See docs/counting.md for the rules, the tie-breaking and what the explanation contains.
"""

from .constraints import BallotRules, Violation, violations
from .election import Election, Project
from .errors import CountingError
from .explain import Outcome
from .pabulib import PabulibFile, build_pabulib, parse_pabulib, read_pabulib, write_pabulib
from .rules import ENGINES, RULES, choose_engine, count
from .tie_breaking import DEFAULT_SEED, TIE_BREAKINGS, draw_key

__all__ = [
    "DEFAULT_SEED",
    "ENGINES",
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
    "choose_engine",
    "count",
    "draw_key",
    "parse_pabulib",
    "read_pabulib",
    "violations",
    "write_pabulib",
]
