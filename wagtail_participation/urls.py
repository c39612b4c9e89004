from django.urls import path

from .participation.embeds import EmbeddedParticipationView
from .reports.views import PublicReportView
from .votes.blocks import VoteBlock
from .votes.models import Vote

app_name = "wagtail_participation"

urlpatterns = [
    path(
        "votes/<int:target_id>/",
        EmbeddedParticipationView.as_view(
            queryset=Vote.objects.prefetch_related("options"), block_class=VoteBlock
        ),
        name="cast_vote",
    ),
    path(
        "reports/<str:app_label>/<str:model_name>/<int:target_id>/",
        PublicReportView.as_view(),
        name="report",
    ),
]
