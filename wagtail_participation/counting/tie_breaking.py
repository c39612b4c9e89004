"""Tie-breaking rules: how to order projects that a counting rule cannot tell apart.

A tie-breaking rule is a sort key over project ids; the project with the smallest key wins the tie.
Every rule in this package uses one explicitly, so that the published result says which one decided.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .errors import CountingError

LEXICO = "lexico"
COMMUNE = "commune"
TIE_BREAKINGS = (LEXICO, COMMUNE)

#: Seed used when the commune did not publish another one before the count.
DEFAULT_SEED = 0


def draw_key(project_id: str, seed: int) -> str:
    """The position of a project in the published draw: anyone can recompute it with sha256.

    A hash of the seed and the id, rather than Python's ``random``, so the draw does not depend
    on the Python version, on the order projects were entered, or on this software at all.
    """
    return hashlib.sha256(f"{seed}:{project_id}".encode()).hexdigest()


@dataclass(frozen=True)
class TieBreaking:
    """A named tie-breaking rule; ``key(project_id)`` sorts the winner of a tie first."""

    name: str
    seed: int | None
    key: Callable[[str], tuple]


def make_tie_breaking(
    name: str,
    costs: Mapping[str, int],
    votes: Mapping[str, int],
    seed: int | None = None,
) -> TieBreaking:
    """Build the tie-breaking rule ``name`` for an election with these costs and vote counts.

    ``lexico`` compares project ids as strings (pabutools' default: note that "11" < "2").
    ``commune`` prefers the lower cost, then more votes, then the published draw with ``seed``
    (what equalshares.net recommends: cheaper projects leave more money for others).
    """
    if name == LEXICO:
        return TieBreaking(LEXICO, None, lambda project_id: (project_id,))
    if name == COMMUNE:
        used_seed = DEFAULT_SEED if seed is None else seed
        return TieBreaking(
            COMMUNE,
            used_seed,
            lambda project_id: (
                costs[project_id],
                -votes[project_id],
                draw_key(project_id, used_seed),
            ),
        )
    raise CountingError("unknown_tie_breaking", tie_breaking=name, allowed=list(TIE_BREAKINGS))
