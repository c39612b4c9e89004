"""Every kind of bad submission gets a clear French message, a 4xx, and stores nothing."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.votes.conftest import ballot_data, text
from wagtail_participation.models import Ballot, BallotChoice


def cast(client, vote, data, **extra):
    return client.post(reverse("wagtail_participation:cast_vote", args=[vote.pk]), data, **extra)


def assert_refused(response, status, message):
    assert response.status_code == status
    assert message in text(response)
    assert Ballot.objects.count() == 0
    assert BallotChoice.objects.count() == 0


@pytest.fixture
def single(make_vote):
    return make_vote(kind="single", options=["Place de la Mairie", "Bord de Loire", "Stade"])


@pytest.fixture
def multiple(make_vote):
    return make_vote(
        kind="multiple",
        options=["Bancs", "Arbres", "Fontaine", "Jeux"],
        min_choices=2,
        max_choices=3,
    )


@pytest.mark.django_db
def test_an_unknown_option_key(client, single, article_with):
    article = article_with(single)
    assert_refused(
        cast(client, single, ballot_data(article, "piscine")),
        400,
        "ne fait pas partie de ce vote",
    )


@pytest.mark.django_db
def test_an_option_key_of_another_vote(client, single, make_vote, article_with):
    other = make_vote(kind="single", options=["Piscine", "Médiathèque"], title="Autre")
    article = article_with(single)
    foreign_key = other.options.first().key
    assert foreign_key not in {o.key for o in single.options.all()}
    assert_refused(
        cast(client, single, ballot_data(article, foreign_key)), 400, "ne fait pas partie"
    )


@pytest.mark.django_db
def test_several_options_on_a_single_choice_vote(client, single, article_with):
    article = article_with(single)
    keys = [o.key for o in single.options.all()][:2]
    assert_refused(cast(client, single, ballot_data(article, *keys)), 400, "une seule option")


@pytest.mark.django_db
def test_no_option_at_all(client, single, article_with):
    article = article_with(single)
    assert_refused(cast(client, single, ballot_data(article)), 400, "Choisissez une option")


@pytest.mark.django_db
def test_too_few_options_on_a_multiple_choice_vote(client, multiple, article_with):
    article = article_with(multiple)
    key = multiple.options.first().key
    assert_refused(cast(client, multiple, ballot_data(article, key)), 400, "au moins 2 options")


@pytest.mark.django_db
def test_too_many_options_on_a_multiple_choice_vote(client, multiple, article_with):
    article = article_with(multiple)
    keys = [o.key for o in multiple.options.all()]
    assert_refused(cast(client, multiple, ballot_data(article, *keys)), 400, "au plus 3 options")


@pytest.mark.django_db
def test_a_closed_vote(client, make_vote, article_with):
    vote = make_vote(closes_at=timezone.now() - timedelta(minutes=1))
    article = article_with(vote)
    assert_refused(cast(client, vote, ballot_data(article, "for")), 410, "est close")


@pytest.mark.django_db
def test_a_vote_not_open_yet(client, make_vote, article_with):
    vote = make_vote(opens_at=timezone.now() + timedelta(days=1))
    article = article_with(vote)
    assert_refused(cast(client, vote, ballot_data(article, "for")), 403, "pas encore ouverte")


@pytest.mark.django_db
def test_a_vote_not_open_yet_says_when_it_opens_in_the_residents_language(
    client, make_vote, article_with
):
    opens_at = datetime(2031, 3, 1, 13, 5, tzinfo=ZoneInfo("Europe/Paris"))
    article = article_with(make_vote(opens_at=opens_at, closes_at=opens_at + timedelta(days=7)))
    french = text(client.get(article.url))
    assert "Le vote ouvre le 1er\u00a0mars 2031 à 13\u00a0h\u00a005." in french
    english = text(client.get(article.url, headers={"accept-language": "en"}))
    assert "Voting opens on March 1, 2031 at 1:05 p.m." in english


@pytest.mark.django_db
def test_an_unpublished_page(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    article.unpublish()
    assert_refused(cast(client, vote, ballot_data(article, "for")), 404, "pas publiée")


@pytest.mark.django_db
def test_a_page_that_does_not_offer_this_vote(client, make_vote, article_with):
    vote = make_vote()
    other = make_vote(title="Autre")
    article = article_with(other)
    assert_refused(cast(client, vote, ballot_data(article, "for")), 404, "pas publiée")


@pytest.mark.django_db
def test_a_private_page_the_participant_may_not_see(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert_refused(cast(client, vote, ballot_data(article, "for")), 403, "pas autorisé")


@pytest.mark.django_db
def test_a_page_restricted_by_password(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="conseil"
    )
    assert_refused(cast(client, vote, ballot_data(article, "for")), 403, "pas autorisé")


@pytest.mark.django_db
def test_a_missing_csrf_token(make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    strict = Client(enforce_csrf_checks=True)
    assert_refused(cast(strict, vote, ballot_data(article, "for")), 403, "jeton de sécurité")


@pytest.mark.django_db
def test_a_valid_csrf_token_is_accepted(make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    strict = Client(enforce_csrf_checks=True)
    form_page = strict.get(article.url)
    token = form_page.cookies["csrftoken"].value
    response = cast(strict, vote, ballot_data(article, "for", csrfmiddlewaretoken=token))
    assert response.status_code == 303


@pytest.mark.django_db
def test_a_replayed_submission(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    # The form carries a signed participant token: replaying the very same form, even
    # from a browser without the cookie, is the same participant.
    form_html = text(client.get(article.url))
    token = form_html.split('name="participant_token" value="')[1].split('"')[0]
    data = ballot_data(article, "for", participant_token=token)
    assert (
        Client().post(reverse("wagtail_participation:cast_vote", args=[vote.pk]), data).status_code
        == 303
    )
    replay = Client().post(reverse("wagtail_participation:cast_vote", args=[vote.pk]), data)
    assert replay.status_code == 409
    assert "déjà participé" in text(replay)
    assert Ballot.objects.count() == 1


@pytest.mark.django_db
def test_an_oversized_body(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    data = ballot_data(article, "for", comment="x" * 100_000)
    assert_refused(cast(client, vote, data), 413, "trop volumineux")


@pytest.mark.django_db
def test_the_honeypot(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    data = ballot_data(article, "for", website="http://spam.example")
    assert_refused(cast(client, vote, data), 400, "semble automatisé")


@pytest.mark.django_db
def test_an_unknown_vote(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    response = client.post(
        reverse("wagtail_participation:cast_vote", args=[vote.pk + 1000]),
        ballot_data(article, "for"),
    )
    assert_refused(response, 404, "n’existe pas")


@pytest.mark.django_db
def test_a_page_id_that_is_not_a_number(client, make_vote, article_with):
    vote = make_vote()
    article_with(vote)
    assert_refused(cast(client, vote, {"page": "abc", "choice": "for"}), 404, "n’existe pas")


@pytest.mark.django_db
@pytest.mark.parametrize("too_large", [2**63, 10**30])
def test_ids_too_large_for_any_database_integer(client, make_vote, article_with, too_large):
    vote = make_vote()
    article = article_with(vote)
    huge_vote = client.post(f"/participation/votes/{too_large}/", ballot_data(article, "for"))
    assert_refused(huge_vote, 404, "n’existe pas")
    huge_page = cast(client, vote, {"page": str(too_large), "choice": "for"})
    assert_refused(huge_page, 404, "n’existe pas")
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_a_site_account_vote_asks_anonymous_residents_to_log_in(client, make_vote, article_with):
    vote = make_vote(identity="account")
    article = article_with(vote)
    response = cast(client, vote, ballot_data(article, "for"))
    assert_refused(response, 403, "Connectez-vous")
    assert "/login" in text(response) or "login" in text(response)


@pytest.mark.django_db
def test_rate_limit_per_participant(client, make_vote, article_with, settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_PARTICIPANT": 2}
    from django.core.cache import cache

    cache.clear()
    votes = [make_vote(title=f"V{i}") for i in range(3)]
    articles = [article_with(vote, slug=f"a{i}") for i, vote in enumerate(votes)]
    codes = [
        cast(client, vote, ballot_data(article, "for")).status_code
        for vote, article in zip(votes, articles, strict=True)
    ]
    assert codes == [303, 303, 429]
    assert Ballot.objects.count() == 2
    cache.clear()


@pytest.mark.django_db
def test_rate_limit_per_ip_stores_no_ip_address(make_vote, article_with, settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 2}
    from django.core.cache import cache

    cache.clear()
    vote = make_vote()
    article = article_with(vote)
    # Three different residents behind one address (a school network).
    codes = [
        Client(REMOTE_ADDR="203.0.113.7")
        .post(
            reverse("wagtail_participation:cast_vote", args=[vote.pk]), ballot_data(article, "for")
        )
        .status_code
        for _ in range(3)
    ]
    assert codes == [303, 303, 429]
    stored = " ".join(str(v) for b in Ballot.objects.values() for v in b.values())
    assert "203.0.113.7" not in stored
    cache.clear()


@pytest.mark.django_db
def test_an_alias_of_a_private_page(client, make_vote, article_with, home):
    vote = make_vote()
    source = article_with(vote, slug="source")
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    alias = source.create_alias(update_slug="alias")
    assert alias.alias_of_id == source.pk

    assert_refused(cast(client, vote, ballot_data(alias, "for")), 403, "pas autorisé")


@pytest.mark.django_db
def test_a_page_under_a_private_section(client, make_vote, article_with, home):
    from tests.hostapp.models import HostArticle

    vote = make_vote()
    section = home.add_child(instance=HostArticle(title="Conseil", slug="conseil"))
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    article = section.add_child(
        instance=HostArticle(
            title="Séance", slug="seance", body=f'[{{"type": "vote", "value": {vote.pk}}}]'
        )
    )
    assert_refused(cast(client, vote, ballot_data(article, "for")), 403, "pas autorisé")


@pytest.mark.django_db
def test_a_receipt_parameter_that_cannot_be_a_receipt_is_ignored(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    for junk in ("%00", "ABCD%00EFGH", "x" * 500, "'; DROP TABLE"):
        response = client.get(f"{article.url}?wp_receipt={junk}")
        assert response.status_code == 200
        assert 'name="choice"' in text(response)


@pytest.mark.django_db
def test_a_form_declared_in_another_charset_gets_our_400(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    response = client.post(
        reverse("wagtail_participation:cast_vote", args=[vote.pk]),
        f"page={article.pk}&choice=for",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert_refused(response, 400, "forme illisible")
    assert "Votre participation n’a pas été enregistrée" in text(response)


@pytest.mark.django_db
def test_a_vote_page_form_declared_in_another_charset_is_a_400(client, home):
    from wagtail_participation.models import VotePage

    page = home.add_child(instance=VotePage(title="Piétonniser ?", slug="pietonniser"))
    response = client.post(
        page.url,
        "choice=for",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code == 400
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_get_on_the_vote_url_leads_to_a_page_offering_the_vote(client, make_vote, article_with):
    from wagtail.models import ReferenceIndex

    vote = make_vote()
    article = article_with(vote)
    # Wagtail 7.0 indexes a saved page's references in a task run once the transaction
    # commits, which a test's transaction never does: index them now, as that task would.
    ReferenceIndex.create_or_update_for_object(article)
    response = client.get(reverse("wagtail_participation:cast_vote", args=[vote.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#vote-{vote.pk}"


@pytest.mark.django_db
def test_get_on_the_url_of_a_vote_no_page_offers_is_our_404(client, make_vote):
    vote = make_vote()
    response = client.get(reverse("wagtail_participation:cast_vote", args=[vote.pk]))
    assert response.status_code == 404
    assert "n’existe pas" in text(response)


@pytest.mark.django_db
def test_an_invalid_multiple_choice_ballot_comes_back_with_every_choice_ticked(
    client, multiple, article_with
):
    article = article_with(multiple)
    keys = [o.key for o in multiple.options.all()]  # four: one more than the maximum

    response = cast(client, multiple, ballot_data(article, *keys))

    assert response.status_code == 400
    ticked = re.findall(
        r'<input type="checkbox" name="choice" value="([^"]+)" checked', text(response)
    )
    assert ticked == keys
