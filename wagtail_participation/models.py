"""Public models: page types and participations a host site may refer to."""

from .consultations.models import (
    ConsultationDocument,
    ConsultationPage,
    ConsultationProposal,
    ConsultationProposalReport,
    ConsultationSupport,
    ConsultationTheme,
)
from .participation.models import Neighbourhood, UsedFormToken
from .votes.models import Ballot, BallotChoice, Vote, VoteOption
from .votes.pages import VotePage

__all__ = [
    "Ballot",
    "BallotChoice",
    "ConsultationDocument",
    "ConsultationPage",
    "ConsultationProposal",
    "ConsultationProposalReport",
    "ConsultationSupport",
    "ConsultationTheme",
    "Neighbourhood",
    "UsedFormToken",
    "Vote",
    "VoteOption",
    "VotePage",
]
