"""The anonymous participant's cookie travels over HTTPS only on a site served over HTTPS."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.votes.conftest import ballot_data
from wagtail_participation.conf import settings


def participant_cookie_after_voting(client, make_vote, article_with, **request):
    vote = make_vote()
    article = article_with(vote)
    response = client.post(
        reverse("wagtail_participation:cast_vote", args=[vote.pk]),
        ballot_data(article, "for"),
        **request,
    )
    assert response.status_code == 303
    return response.cookies[settings.ANONYMOUS_COOKIE_NAME]


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_SECURE=True)
def test_the_cookie_is_secure_when_the_session_cookie_is(client, make_vote, article_with):
    cookie = participant_cookie_after_voting(client, make_vote, article_with)
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SESSION_COOKIE_SECURE=False)
def test_the_cookie_is_secure_on_a_site_that_redirects_to_https(client, make_vote, article_with):
    cookie = participant_cookie_after_voting(client, make_vote, article_with, secure=True)
    assert cookie["secure"] is True


@pytest.mark.django_db
def test_a_site_over_plain_http_still_gets_a_cookie_it_can_send_back(
    client, make_vote, article_with
):
    cookie = participant_cookie_after_voting(client, make_vote, article_with)
    assert not cookie["secure"]


@pytest.mark.django_db
def test_the_cookie_is_secure_on_a_request_served_over_https(client, make_vote, article_with):
    cookie = participant_cookie_after_voting(client, make_vote, article_with, secure=True)
    assert cookie["secure"] is True
