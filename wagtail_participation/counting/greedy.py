"""Greedy by votes: most-voted projects first, skipping any that no longer fits the envelope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .explain import DOES_NOT_FIT, NO_VOTES, SELECTED, GreedyStep
from .tie_breaking import TieBreaking


def greedy_order(
    votes: Mapping[str, int], tie_breaking: TieBreaking, project_ids: Iterable[str]
) -> list[str]:
    """Projects by descending votes, ties broken by ``tie_breaking``."""
    return sorted(
        project_ids, key=lambda project_id: (-votes[project_id], tie_breaking.key(project_id))
    )


def greedy_fill(
    costs: Mapping[str, int],
    votes: Mapping[str, int],
    budget_left,
    tie_breaking: TieBreaking,
    already_selected: Iterable[str] = (),
    status_when_selected: str = SELECTED,
) -> tuple[list[str], list[GreedyStep]]:
    """Fund projects in greedy order while they fit in ``budget_left``.

    Returns the newly funded ids and one step per project considered. Projects in
    ``already_selected`` are not considered again; projects nobody voted for never are.
    """
    taken = set(already_selected)
    candidates = [project_id for project_id in costs if project_id not in taken]
    selected, steps = [], []
    for rank, project_id in enumerate(greedy_order(votes, tie_breaking, candidates), start=1):
        cost = costs[project_id]
        before = budget_left
        if votes[project_id] == 0:
            status = NO_VOTES
        elif cost <= budget_left:
            status = status_when_selected
            budget_left -= cost
            selected.append(project_id)
        else:
            status = DOES_NOT_FIT
        steps.append(
            GreedyStep(project_id, rank, votes[project_id], cost, before, budget_left, status)
        )
    return selected, steps
