"""What is counted: projects with costs, approval ballots and the envelope.

Amounts are whole numbers of the smallest currency unit the commune counts in (euros, or cents
if it prefers): exact integers keep every count reproducible to the unit, with no rounding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import CountingError

#: Larger amounts are refused as certainly mistyped: a quadrillion units is a thousand times
#: the yearly budget of any country, and keeps sums of costs far from any practical limit.
MAX_AMOUNT = 10**15
#: More ballots than any electorate on Earth: a mistyped count, not a vote.
MAX_BALLOTS = 10**10


def check_amount(value, what: str, *, project_id: str | None = None, line: int | None = None):
    """Return ``value`` if it is a positive whole amount, else raise a CountingError naming it."""
    params = {"what": what}
    if project_id is not None:
        params["project_id"] = project_id
    if isinstance(value, bool) or not isinstance(value, int):
        raise CountingError("amount_not_whole", line=line, value=str(value), **params)
    if value <= 0:
        raise CountingError("amount_not_positive", line=line, value=value, **params)
    if value > MAX_AMOUNT:
        raise CountingError("amount_too_large", line=line, value=value, limit=MAX_AMOUNT, **params)
    return value


@dataclass(frozen=True)
class Project:
    """A project on the ballot: its id as the commune publishes it, and what it costs."""

    id: str
    cost: int

    def __post_init__(self):
        if not isinstance(self.id, str) or not self.id.strip():
            raise CountingError("project_id_empty", value=str(self.id))
        check_amount(self.cost, "cost", project_id=self.id)


@dataclass(frozen=True)
class Election:
    """An approval election: each ballot is the set of project ids the voter approved.

    ``ballots`` keeps one entry per voter. Counting only depends on how many voters cast each
    distinct ballot (``ballot_groups``), which is what makes results independent of ballot order.
    """

    projects: tuple[Project, ...]
    budget: int
    ballots: tuple[frozenset[str], ...]
    _index: Mapping[str, Project] = field(init=False, repr=False, compare=False)

    def __init__(self, projects: Iterable[Project], budget: int, ballots: Iterable[Iterable[str]]):
        projects = tuple(projects)
        ballots = tuple(frozenset(ballot) for ballot in ballots)
        check_amount(budget, "budget")
        if not projects:
            raise CountingError("no_projects")
        if not ballots:
            raise CountingError("no_ballots")
        if len(ballots) > MAX_BALLOTS:
            raise CountingError("too_many_ballots", value=len(ballots), limit=MAX_BALLOTS)
        index = {}
        for project in projects:
            if project.id in index:
                raise CountingError("duplicate_project", project_id=project.id)
            index[project.id] = project
        for position, ballot in enumerate(ballots):
            unknown = sorted(ballot.difference(index))
            if unknown:
                raise CountingError("unknown_project", project_id=unknown[0], ballot=position + 1)
        object.__setattr__(self, "projects", projects)
        object.__setattr__(self, "budget", budget)
        object.__setattr__(self, "ballots", ballots)
        object.__setattr__(self, "_index", index)

    def project(self, project_id: str) -> Project:
        return self._index[project_id]

    @property
    def costs(self) -> dict[str, int]:
        return {project.id: project.cost for project in self.projects}

    def votes(self) -> dict[str, int]:
        """Number of ballots approving each project, zero included."""
        counts = dict.fromkeys(self._index, 0)
        for ballot, voters in self.ballot_groups():
            for project_id in ballot:
                counts[project_id] += voters
        return counts

    def ballot_groups(self) -> list[tuple[frozenset[str], int]]:
        """Distinct non-empty ballots with how many voters cast each, in a canonical order."""
        groups = Counter(ballot for ballot in self.ballots if ballot)
        return sorted(groups.items(), key=lambda item: sorted(item[0]))
