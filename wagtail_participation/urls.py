from django.urls import path

from .votes import views as vote_views

app_name = "wagtail_participation"

urlpatterns = [
    path("votes/<int:vote_id>/", vote_views.cast_vote, name="cast_vote"),
]
