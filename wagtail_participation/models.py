"""Public models: page types and participations a host site may refer to."""

from .participation.models import Neighbourhood, UsedFormToken
from .surveys.models import SurveyAnswer, SurveyResponse
from .surveys.pages import SurveyPage
from .votes.models import Ballot, BallotChoice, Vote, VoteOption
from .votes.pages import VotePage

__all__ = [
    "Ballot",
    "BallotChoice",
    "Neighbourhood",
    "SurveyAnswer",
    "SurveyPage",
    "SurveyResponse",
    "UsedFormToken",
    "Vote",
    "VoteOption",
    "VotePage",
]
