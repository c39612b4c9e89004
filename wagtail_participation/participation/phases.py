"""Participations that go through dated phases: a consultation (ideas → support → analysis →
answers), a participatory budget (submission → review → vote → results → follow-up).

A phased model stores the start of each phase in a datetime field; each phase ends when the
next one starts, and the last one never ends. Nobody moves a participation from one phase to
the next: the date does.

What residents may do in a phase is not decided here. Each action is a
:class:`~.target.ParticipationTarget` whose ``opens_at`` and ``closes_at`` are the
:meth:`Timeline.window` of the phases it is allowed in (the proposals of a consultation are
open during its ideas phase, a proposal's supports during the support phase), so the one
answer to "may this person take part now" stays :func:`~.status.participation_status`.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The end of a last phase, which never ends: far enough, and still a datetime every
# database stores.
NEVER = datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)


class PhaseState:
    PAST = "past"
    CURRENT = "current"
    FUTURE = "future"


@dataclass(frozen=True)
class PhaseDefinition:
    """A phase as a model declares it: ``key``, ``label`` and the field of its start."""

    key: str
    label: str
    start_field: str


@dataclass(frozen=True)
class Phase:
    key: str
    label: str
    starts_at: datetime.datetime
    # None for the last phase.
    ends_at: datetime.datetime | None

    def state(self, now):
        if now < self.starts_at:
            return PhaseState.FUTURE
        if self.ends_at is not None and now >= self.ends_at:
            return PhaseState.PAST
        return PhaseState.CURRENT


@dataclass(frozen=True)
class TimelineStep:
    """A phase as a timeline shows it, with where it stands now."""

    phase: Phase
    state: str

    @property
    def is_current(self):
        return self.state == PhaseState.CURRENT

    @property
    def is_past(self):
        return self.state == PhaseState.PAST


class Timeline:
    """The phases of one participation, in order."""

    def __init__(self, phases):
        self.phases = list(phases)
        self._by_key = {phase.key: phase for phase in self.phases}

    @classmethod
    def of(cls, instance, definitions):
        """The timeline of ``instance`` (a model with a start field per definition)."""
        starts = [getattr(instance, definition.start_field) for definition in definitions]
        return cls(
            Phase(
                key=definition.key,
                label=str(definition.label),
                starts_at=start,
                ends_at=starts[index + 1] if index + 1 < len(starts) else None,
            )
            for index, (definition, start) in enumerate(zip(definitions, starts, strict=True))
        )

    def __getitem__(self, key):
        return self._by_key[key]

    def current(self, now=None):
        """The phase under way, or None before the first one starts."""
        now = now or timezone.now()
        current = None
        for phase in self.phases:
            if phase.starts_at is not None and now >= phase.starts_at:
                current = phase
        return current

    def window(self, *keys):
        """(opens_at, closes_at) of an action allowed in the phases ``keys``, which follow
        each other: from the start of the first to the end of the last."""
        phases = [self._by_key[key] for key in keys]
        return phases[0].starts_at, phases[-1].ends_at or NEVER

    def steps(self, now=None):
        now = now or timezone.now()
        return [TimelineStep(phase, phase.state(now)) for phase in self.phases]

    def validate(self, definitions):
        """A ValidationError naming the field of each phase that does not start after the
        one before it (phases follow each other in order)."""
        errors = {}
        previous = None
        for definition, phase in zip(definitions, self.phases, strict=True):
            if phase.starts_at is None:
                continue
            if previous is not None and phase.starts_at <= previous.starts_at:
                errors[definition.start_field] = _(
                    "This phase must start after the phase “%(previous)s”."
                ) % {"previous": previous.label}
            previous = phase
        if errors:
            raise ValidationError(errors)
