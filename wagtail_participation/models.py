"""Public models: page types and participations a host site may refer to."""

from .budgets.models import (
    BudgetBallot,
    BudgetBallotChoice,
    BudgetCount,
    BudgetEnvelope,
    BudgetPage,
    BudgetProject,
    BudgetProjectReport,
    BudgetProjectUpdate,
)
from .consultations.models import (
    ConsultationDocument,
    ConsultationPage,
    ConsultationProposal,
    ConsultationProposalReport,
    ConsultationSupport,
    ConsultationTheme,
)
from .participation.models import Neighbourhood, UsedFormToken
from .reports.models import GeneratedReport, ReportSettings
from .surveys.models import SurveyAnswer, SurveyResponse
from .surveys.pages import SurveyPage
from .votes.models import Ballot, BallotChoice, Vote, VoteOption
from .votes.pages import VotePage

__all__ = [
    "BudgetBallot",
    "BudgetBallotChoice",
    "BudgetCount",
    "BudgetEnvelope",
    "BudgetPage",
    "BudgetProject",
    "BudgetProjectReport",
    "BudgetProjectUpdate",
    "Ballot",
    "BallotChoice",
    "ConsultationDocument",
    "ConsultationPage",
    "ConsultationProposal",
    "ConsultationProposalReport",
    "ConsultationSupport",
    "ConsultationTheme",
    "GeneratedReport",
    "Neighbourhood",
    "ReportSettings",
    "SurveyAnswer",
    "SurveyPage",
    "SurveyResponse",
    "UsedFormToken",
    "Vote",
    "VoteOption",
    "VotePage",
]
