"""Votes in the admin, as an editor uses them: ballots listing, paper entry, frozen rules."""

import threading
import time
import uuid
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.votes.conftest import ballot_data, english, table_rows, text
from wagtail_participation.models import Ballot, BallotChoice, Vote
from wagtail_participation.votes.results import count_vote

LISTING = "participation_ballots_modeladmin_index"


def results_url(vote):
    return reverse("wagtail_participation_vote_results", args=[vote.pk])


def paper_url(vote):
    return reverse("wagtail_participation_vote_paper", args=[vote.pk])


def edit_url(vote):
    return reverse("wagtailsnippets_wagtail_participation_vote:edit", args=[vote.pk])


def cast(vote, page, *choices, client=None):
    """A resident votes through the public pipeline (a new browser unless ``client``)."""
    response = (client or Client()).post(
        reverse("wagtail_participation:cast_vote", args=[vote.pk]), ballot_data(page, *choices)
    )
    assert response.status_code == 303, text(response)
    return Ballot.objects.filter(target=vote, channel="online").latest("pk")


def enter_paper(client, vote, note="", token=None, **counts):
    """Post the paper entry form as the editor's browser does."""
    data = {f"option-{key}": str(number) for key, number in counts.items()}
    data["note"] = note
    data["entry_token"] = token or uuid.uuid4().hex
    return client.post(paper_url(vote), data)


def assert_refused(response):
    """Wagtail answers a refused admin view with a 403, or a redirect to the dashboard."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 403


def admin_user_with(*codenames, username="agent"):
    user = get_user_model().objects.create_user(username, password="x", first_name="Agnès")
    group = Group.objects.create(name=f"group of {username}")
    for codename in ("access_admin", *codenames):
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return english(user)


pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def lighting(make_vote, article_with):
    vote = make_vote()
    return vote, article_with(vote)


# --- the ballots listing -------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_lists_ballots_newest_first_with_choices_and_who_entered_paper(
    client, editor, lighting, make_vote, article_with
):
    vote, article = lighting
    first = cast(vote, article, "for")
    second = cast(vote, article, "against")
    assert enter_paper(client, vote, note="Bureau 1", **{"for": 12}).status_code == 302
    paper = Ballot.objects.get(channel="paper")

    response = client.get(reverse(LISTING))

    assert response.status_code == 200
    assert [b.pk for b in response.context["object_list"]] == [paper.pk, second.pk, first.pk]
    page = text(response)
    for heading in ("Participation", "Date", "Channel", "Choices", "Number of ballots"):
        assert heading in page
    assert "Paper (counted in person)" in page and "Online" in page
    assert ">12<" in response.content.decode()
    assert "Agnès" not in page and editor.get_username() in page


@pytest.mark.django_db
def test_listing_filters_by_participation_dates_and_channel(
    client, editor, lighting, make_vote, article_with
):
    vote, article = lighting
    other = make_vote(title="Parking", question="Un parking ?")
    other_article = article_with(other, slug="parking")
    old = cast(vote, article, "for")
    recent = cast(vote, article, "against")
    elsewhere = cast(other, other_article, "for")
    enter_paper(client, vote, **{"for": 5})
    paper = Ballot.objects.get(channel="paper")
    paris = timezone.get_current_timezone()
    # 23:30 in Paris on 1 March is still 1 March there (22:30 UTC); 00:30 on 2 March is not.
    Ballot.objects.filter(pk=old.pk).update(submitted_at=datetime(2026, 3, 1, 23, 30, tzinfo=paris))
    Ballot.objects.filter(pk=recent.pk).update(
        submitted_at=datetime(2026, 3, 2, 0, 30, tzinfo=paris)
    )

    def listed(**params):
        response = client.get(reverse(LISTING), params)
        assert response.status_code == 200, text(response)
        return {b.pk for b in response.context["object_list"]}

    assert listed(target=vote.pk) == {old.pk, recent.pk, paper.pk}
    assert listed(target=other.pk) == {elsewhere.pk}
    assert listed(channel="paper") == {paper.pk}
    assert listed(channel="online", target=vote.pk) == {old.pk, recent.pk}
    assert listed(date_from="2026-03-01", date_to="2026-03-01") == {old.pk}
    assert listed(date_from="2026-03-02", date_to="2026-03-02") == {recent.pk}
    assert listed(date_to="2026-03-02") == {old.pk, recent.pk}
    assert listed(date_from="2026-03-03") == {paper.pk, elsewhere.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, message",
    [
        ({"target": "abc"}, "Select a valid choice"),
        ({"target": "999999"}, "Select a valid choice"),
        ({"date_from": "2026-02-31"}, "Enter a valid date"),
        ({"channel": "carrier-pigeon"}, "Select a valid choice"),
        (
            {"date_from": "2026-03-02", "date_to": "2026-03-01"},
            "The end date must not be before the start date.",
        ),
    ],
)
def test_invalid_filters_are_explained(client, editor, lighting, params, message):
    vote, article = lighting
    cast(vote, article, "for")

    response = client.get(reverse(LISTING), params)

    assert response.status_code == 400
    assert message in text(response)
    assert "Some filters are not valid" in text(response)


@pytest.mark.django_db
def test_unknown_query_parameters_are_not_database_lookups(client, editor, lighting):
    vote, article = lighting
    cast(vote, article, "for")
    # modeladmin would otherwise turn ?participant_key=... into a filter on a hidden field.
    response = client.get(reverse(LISTING), {"participant_key__startswith": "a", "user": "1"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1


@pytest.mark.django_db
def test_ballots_cannot_be_added_or_edited_and_online_ones_not_deleted(client, editor, lighting):
    vote, article = lighting
    online = cast(vote, article, "for")

    assert_refused(client.get("/admin/participation/ballots/create/"))
    assert_refused(client.get(f"/admin/participation/ballots/edit/{online.pk}/"))
    delete = reverse("participation_ballots_modeladmin_delete", args=[online.pk])
    assert_refused(client.get(delete))
    assert_refused(client.post(delete))
    assert Ballot.objects.filter(pk=online.pk).exists()
    listing = client.get(reverse(LISTING)).content.decode()
    assert delete not in listing
    assert "/admin/participation/ballots/create/" not in listing


@pytest.mark.django_db
def test_a_mistaken_paper_entry_is_deleted_from_the_listing(client, editor, lighting):
    vote, article = lighting
    cast(vote, article, "for")
    enter_paper(client, vote, **{"for": 40})
    enter_paper(client, vote, **{"for": 4})
    mistake = Ballot.objects.get(channel="paper", weight=40)
    delete = reverse("participation_ballots_modeladmin_delete", args=[mistake.pk])
    assert delete in client.get(reverse(LISTING), {"channel": "paper"}).content.decode()

    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302

    assert not Ballot.objects.filter(pk=mistake.pk).exists()
    assert not BallotChoice.objects.filter(ballot_id=mistake.pk).exists()
    row = count_vote(vote).rows[0]
    assert (*row.counts, row.total) == (1, 4, 5)


@pytest.mark.django_db
def test_inspecting_an_online_ballot_does_not_reveal_who_cast_it(
    client, editor, make_vote, article_with
):
    vote = make_vote(identity="account")
    article = article_with(vote)
    resident = get_user_model().objects.create_user("resident.dupont", password="x")
    resident_browser = Client()
    resident_browser.force_login(resident)
    ballot = cast(vote, article, "against", client=resident_browser)
    assert ballot.user == resident

    inspect = client.get(reverse("participation_ballots_modeladmin_inspect", args=[ballot.pk]))
    listing = client.get(reverse(LISTING))

    assert inspect.status_code == 200
    assert "Contre" in text(inspect) or "Against" in text(inspect)
    for response in (inspect, listing):
        assert "resident.dupont" not in text(response)
        assert ballot.participant_key not in text(response)
        assert ballot.receipt not in text(response)


# --- who may do what -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_user_without_the_vote_permission_is_refused(lighting):
    vote, article = lighting
    cast(vote, article, "for")
    browser = Client()
    browser.force_login(admin_user_with("view_vote", username="reader"))

    assert_refused(browser.get(reverse(LISTING)))
    assert_refused(browser.get(results_url(vote)))
    assert_refused(enter_paper(browser, vote, **{"for": 3}))
    assert Ballot.objects.filter(channel="paper").count() == 0


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, lighting):
    vote, _article = lighting
    for url in (reverse(LISTING), results_url(vote), paper_url(vote)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert enter_paper(client, vote, **{"for": 3}).status_code == 302
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_an_editor_with_the_vote_permission_enters_paper_ballots(lighting):
    vote, _article = lighting
    agent = admin_user_with("change_vote", "view_vote")
    browser = Client()
    browser.force_login(agent)

    assert browser.get(reverse(LISTING)).status_code == 200
    assert browser.get(results_url(vote)).status_code == 200
    assert enter_paper(browser, vote, **{"against": 7}).status_code == 302
    assert Ballot.objects.get(channel="paper").entered_by == agent


# --- paper entry ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_paper_entry_stores_counts_with_who_and_when_and_results_add_up(client, editor, lighting):
    vote, article = lighting
    cast(vote, article, "for")
    cast(vote, article, "for")
    cast(vote, article, "against")
    before = timezone.now()

    response = enter_paper(client, vote, note="Bureau de la mairie", **{"for": 12, "against": 3})

    assert response.status_code == 302
    assert response["Location"] == results_url(vote)
    entries = Ballot.objects.filter(target=vote, channel="paper").order_by("-weight")
    assert [(b.weight, b.entered_by, b.note) for b in entries] == [
        (12, editor, "Bureau de la mairie"),
        (3, editor, "Bureau de la mairie"),
    ]
    for ballot in entries:
        assert before <= ballot.submitted_at <= timezone.now()
        assert ballot.participant_key == "" and ballot.receipt == "" and ballot.user is None
        (choice,) = ballot.choices.all()
        assert (choice.weight, choice.channel, choice.vote_id) == (ballot.weight, "paper", vote.pk)
    assert [
        c.option.key for c in BallotChoice.objects.filter(channel="paper").order_by("-weight")
    ] == [
        "for",
        "against",
    ]

    page = client.get(response["Location"])
    assert page.status_code == 200
    tally = page.context["tally"]
    assert [(r.key, *r.counts, r.total) for r in tally.rows] == [
        ("for", 2, 12, 14),
        ("against", 1, 3, 4),
    ]
    assert tally.participants == 3
    body = text(page)
    assert table_rows(body) == [
        ["Option", "Online", "Paper", "Votes", "Share"],
        ["Pour", "2", "12", "14", "77.8 %"],
        ["Contre", "1", "3", "4", "22.2 %"],
        ["Total", "3", "15", "18", "100 %"],
    ]
    assert "Bureau de la mairie" in body
    assert "paper ballots recorded" in body


@pytest.mark.django_db
def test_paper_entry_after_closing_is_allowed_and_freezes_the_vote(client, editor, make_vote):
    vote = make_vote(
        kind="single",
        options=["Place de la Mairie", "Stade"],
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )
    assert vote.frozen_at is None

    response = enter_paper(client, vote, **{"place-de-la-mairie": 30, "stade": 0})

    assert response.status_code == 302
    assert Ballot.objects.get(channel="paper").weight == 30
    assert Ballot.objects.filter(channel="paper").count() == 1  # a zero count stores nothing
    vote.refresh_from_db()
    assert vote.frozen_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "counts, message",
    [
        ({"for": "-1"}, "A number of ballots cannot be negative."),
        ({"for": "douze"}, "Enter a whole number of ballots (0 or more)."),
        ({"for": "1.5"}, "Enter a whole number of ballots (0 or more)."),
        ({"for": "12", "against": "-3"}, "A number of ballots cannot be negative."),
        ({}, "Enter the number of paper ballots for at least one option."),
        ({"for": "0", "against": ""}, "Enter the number of paper ballots for at least one option."),
        ({"for": str(10**12)}, "At most 1000000 ballots in one entry."),
    ],
)
def test_bad_paper_counts_are_refused_and_nothing_is_stored(
    client, editor, lighting, counts, message
):
    vote, _article = lighting

    response = enter_paper(client, vote, **counts)

    assert response.status_code == 400
    assert message in text(response)
    assert "Nothing was recorded" in text(response)
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()
    vote.refresh_from_db()
    assert vote.frozen_at is None


@pytest.mark.django_db
def test_a_paper_entry_without_its_form_token_is_refused(client, editor, lighting):
    vote, _article = lighting
    response = client.post(paper_url(vote), {"option-for": "3"})
    assert response.status_code == 400
    assert "This form has expired" in text(response)
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_the_same_paper_entry_sent_twice_is_recorded_once(client, editor, lighting):
    vote, _article = lighting
    token = "0123456789abcdef0123456789abcdef"

    assert enter_paper(client, vote, token=token, **{"for": 9}).status_code == 302
    again = enter_paper(client, vote, token=token, **{"for": 9})

    assert again.status_code == 409
    assert "already been recorded" in text(again)
    assert Ballot.objects.get(channel="paper").weight == 9


@pytest.mark.django_db
def test_the_same_paper_entry_reaching_two_server_processes_is_recorded_once(
    client, editor, lighting
):
    from django.core.cache import cache

    vote, _article = lighting
    token = "0123456789abcdef0123456789abcdef"

    assert enter_paper(client, vote, token=token, **{"for": 9}).status_code == 302
    cache.clear()  # the second process has a cache of its own
    again = enter_paper(client, vote, token=token, **{"for": 9})

    assert again.status_code == 409
    assert Ballot.objects.filter(channel="paper").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_paper_entry_sent_twenty_times_at_once_is_recorded_once(make_vote, article_with):

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (DATABASE_URL)")
    vote = make_vote()
    editor = get_user_model().objects.create_superuser("paper", password="x")
    english(editor)
    token = uuid.uuid4().hex
    start = threading.Barrier(20)
    statuses = []

    def send():
        try:
            browser = Client()
            browser.force_login(editor)
            start.wait()
            statuses.append(enter_paper(browser, vote, token=token, **{"for": 7}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(set(statuses)) == [302, 409] and statuses.count(302) == 1
    assert [b.weight for b in Ballot.objects.filter(channel="paper")] == [7]


@pytest.mark.django_db
def test_counts_for_options_the_vote_does_not_offer_are_ignored(client, editor, lighting):
    vote, _article = lighting  # for/against, no abstention
    response = enter_paper(client, vote, **{"for": 2, "abstain": 50, "piscine": 7})
    assert response.status_code == 302
    assert [c.option.key for c in BallotChoice.objects.all()] == ["for"]


@pytest.mark.django_db
def test_an_unknown_vote_is_a_404(client, editor):
    assert client.get(results_url(Vote(pk=424242))).status_code == 404
    assert client.post(paper_url(Vote(pk=424242)), {}).status_code == 404


@pytest.mark.django_db
def test_votes_listing_and_edit_page_link_to_results_and_paper_entry(client, editor, lighting):
    vote, _article = lighting
    listing = client.get(reverse("wagtailsnippets_wagtail_participation_vote:list"))
    edit = client.get(edit_url(vote))
    assert listing.status_code == 200 and edit.status_code == 200
    assert results_url(vote) in listing.content.decode()
    assert results_url(vote) in edit.content.decode()


# --- frozen rules in the vote's edit form ----------------------------------------------------


def edit_data(vote, options=None, initial=None, **fields):
    """The POST the snippet edit form sends, with ``options`` as InlinePanel forms."""
    local = timezone.localtime
    if options is None:
        options = [{"id": str(o.pk), "label": o.label} for o in vote.options.all()]
    if initial is None:
        initial = vote.options.count()
    data = {
        "title": vote.title,
        "question": vote.question,
        "description": vote.description,
        "kind": vote.kind,
        "min_choices": str(vote.min_choices),
        "max_choices": "" if vote.max_choices is None else str(vote.max_choices),
        "opens_at": local(vote.opens_at).strftime("%Y-%m-%d %H:%M"),
        "closes_at": local(vote.closes_at).strftime("%Y-%m-%d %H:%M"),
        "identity": vote.identity,
        "results_visibility": vote.results_visibility,
        "options": inline_formset(options, initial=initial),
    }
    if vote.allow_abstention:
        data["allow_abstention"] = "on"
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def benches(make_vote, article_with):
    vote = make_vote(kind="multiple", options=["Bancs", "Arbres", "Fontaine"], max_choices=2)
    return vote, article_with(vote)


@pytest.mark.django_db
def test_before_the_first_ballot_options_can_be_added_and_rules_changed(client, editor, benches):
    vote, _article = benches
    options = [{"id": str(o.pk), "label": o.label} for o in vote.options.all()]
    options.append({"id": "", "label": "Jeux"})

    response = client.post(edit_url(vote), edit_data(vote, options, max_choices="3"))

    assert response.status_code == 302, text(response)
    vote.refresh_from_db()
    assert vote.max_choices == 3
    assert [o.label for o in vote.options.order_by("sort_order")] == [
        "Bancs",
        "Arbres",
        "Fontaine",
        "Jeux",
    ]


@pytest.mark.django_db
def test_once_voted_an_option_cannot_be_added(client, editor, benches):
    vote, article = benches
    cast(vote, article, "bancs")
    vote.refresh_from_db()
    options = [{"id": str(o.pk), "label": o.label} for o in vote.options.all()]
    options.append({"id": "", "label": "Jeux"})

    response = client.post(edit_url(vote), edit_data(vote, options))

    assert response.status_code != 302
    assert "options can no longer be added or removed" in text(response)
    assert vote.options.count() == 3


@pytest.mark.django_db
def test_once_voted_an_option_cannot_be_removed(client, editor, benches):
    vote, article = benches
    cast(vote, article, "arbres")
    vote.refresh_from_db()
    options = [{"id": str(o.pk), "label": o.label} for o in vote.options.all()]
    options[2]["DELETE"] = "1"

    response = client.post(edit_url(vote), edit_data(vote, options))

    assert response.status_code != 302
    assert "options can no longer be added or removed" in text(response)
    assert vote.options.count() == 3


@pytest.mark.django_db
def test_once_voted_the_kind_and_limits_stay_as_they_were(client, editor, benches):
    vote, article = benches
    cast(vote, article, "bancs", "arbres")
    vote.refresh_from_db()

    client.post(edit_url(vote), edit_data(vote, kind="single", min_choices="2", max_choices="3"))

    vote.refresh_from_db()
    assert (vote.kind, vote.min_choices, vote.max_choices) == ("multiple", 1, 2)


@pytest.mark.django_db
def test_once_voted_an_option_can_be_reworded_and_keeps_its_ballots(client, editor, benches):
    vote, article = benches
    cast(vote, article, "bancs", "arbres")
    cast(vote, article, "bancs")
    vote.refresh_from_db()
    options = [{"id": str(o.pk), "label": o.label} for o in vote.options.all()]
    options[0]["label"] = "Des bancs à l'ombre"

    response = client.post(edit_url(vote), edit_data(vote, options, question="Que choisir ?"))

    assert response.status_code == 302, text(response)
    vote.refresh_from_db()
    assert vote.question == "Que choisir ?"
    reworded = vote.options.get(key="bancs")
    assert reworded.label == "Des bancs à l'ombre"
    row = count_vote(vote).rows[0]
    assert (row.key, row.label, row.counts[0]) == ("bancs", "Des bancs à l'ombre", 2)


@pytest.mark.django_db
def test_the_edit_page_of_a_frozen_vote_says_why(client, editor, benches):
    vote, article = benches
    cast(vote, article, "fontaine")

    response = client.get(edit_url(vote))

    assert response.status_code == 200
    assert "Votes have been cast since" in text(response)
    assert "Frozen: votes have been cast." in text(response)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_paper_entry_waits_for_an_editors_change_of_options_then_says_so(
    client, editor, make_vote
):
    from django.db import connection, connections, transaction

    from wagtail_participation.models import VoteOption

    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (DATABASE_URL)")
    vote = make_vote(kind="single", options=["Mairie", "Stade", "Gare"])
    locked, failures = threading.Event(), []

    def editor_saves_the_vote():
        # What VoteEditView.post does: lock the vote row, then change the options.
        try:
            with transaction.atomic():
                Vote.objects.select_for_update().get(pk=vote.pk)
                locked.set()
                with connections["default"].cursor() as cursor:
                    for _ in range(200):  # until the paper entry waits for the lock
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity"
                            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                        )
                        if cursor.fetchone()[0]:
                            break
                        time.sleep(0.05)
                    else:
                        failures.append("the paper entry never waited for the vote's lock")
                VoteOption.objects.filter(vote=vote, key="gare").delete()
        finally:
            connections.close_all()

    thread = threading.Thread(target=editor_saves_the_vote)
    thread.start()
    assert locked.wait(10)
    response = enter_paper(client, vote, **{"mairie": 3, "gare": 5})
    thread.join()

    assert not failures
    assert response.status_code == 409
    assert "The options of this vote changed" in text(response)
    assert not Ballot.objects.exists()
    vote.refresh_from_db()
    assert vote.frozen_at is None


@pytest.mark.django_db
def test_ballots_stay_out_of_wagtails_reference_index(make_vote, article_with):
    """Listing ballots in the admin must not make every vote write usage rows (and link
    a resident's account to their ballot in a table every editor can browse)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    vote = make_vote(identity="account")
    resident = get_user_model().objects.create_user("resident", password="x")
    browser = Client()
    browser.force_login(resident)
    cast(vote, article_with(vote), "for", client=browser)

    assert not ReferenceIndex.is_indexed(Ballot)
    assert not ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(Ballot)
    ).exists()


@pytest.mark.django_db
def test_paper_entries_and_their_deletion_are_in_the_admin_log(client, editor, lighting):
    from wagtail.models import ModelLogEntry

    vote, _article = lighting
    enter_paper(client, vote, **{"for": 8})
    ballot = Ballot.objects.get(channel="paper")
    client.post(reverse("participation_ballots_modeladmin_delete", args=[ballot.pk]))

    actions = ModelLogEntry.objects.filter(object_id=str(ballot.pk)).order_by("timestamp", "pk")
    assert [(e.action, e.user_id) for e in actions] == [
        ("wagtail.create", editor.pk),
        ("wagtail.delete", editor.pk),
    ]


@pytest.mark.django_db
def test_listing_and_results_pages_make_the_same_queries_for_3_or_30_ballots(lighting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vote, article = lighting
    agent = admin_user_with("change_vote", "view_vote")
    browser = Client()
    browser.force_login(agent)

    def queries(url, **params):
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(url, params).status_code == 200
        return len(captured)

    def add(n):
        for i in range(n):
            cast(vote, article, "for" if i % 2 else "against")
            enter_paper(browser, vote, note=f"bureau {i}", **{"for": i + 1})

    add(2)
    few = (queries(reverse(LISTING)), queries(reverse(LISTING), target=vote.pk, channel="paper"))
    few_results = queries(results_url(vote))
    add(13)
    assert Ballot.objects.count() == 30
    many = (queries(reverse(LISTING)), queries(reverse(LISTING), target=vote.pk, channel="paper"))
    assert many == few
    assert queries(results_url(vote)) == few_results


@pytest.mark.django_db
def test_once_voted_a_new_option_disguised_as_an_existing_form_is_refused(client, editor, benches):
    vote, article = benches
    cast(vote, article, "bancs")
    vote.refresh_from_db()
    options = [{"id": str(o.pk), "label": o.label} for o in vote.options.all()]
    options.append({"id": "", "label": "Jeux"})

    # INITIAL_FORMS counts the new form too, as if it were one of the existing options.
    response = client.post(edit_url(vote), edit_data(vote, options, initial=len(options)))

    assert response.status_code != 302
    assert vote.options.count() == 3


# --- the admin in French -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_pages_of_votes_and_ballots_speak_proper_french(client, admin_user, lighting):
    """Not modeladmin's or Wagtail's wording for any model ("un(e) vote", "ce/cette
    bulletin", "liste de bulletin"), and dates in the site's time zone everywhere."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(admin_user)
    vote, article = lighting
    online = cast(vote, article, "for")
    Ballot.objects.filter(pk=online.pk).update(
        submitted_at=datetime(2026, 3, 1, 23, 30, tzinfo=timezone.get_current_timezone())
    )
    enter_paper(client, vote, **{"for": 3})
    paper = Ballot.objects.get(channel="paper")
    pages = [
        reverse("wagtailsnippets_wagtail_participation_vote:list"),
        reverse("wagtailsnippets_wagtail_participation_vote:add"),
        edit_url(vote),
        reverse("wagtailsnippets_wagtail_participation_vote:delete", args=[vote.pk]),
        reverse(LISTING),
        reverse("participation_ballots_modeladmin_inspect", args=[online.pk]),
        reverse("participation_ballots_modeladmin_delete", args=[paper.pk]),
        results_url(vote),
    ]
    for url in pages:
        page = text(client.get(url))
        for awkward in ("un(e) ", "ce/cette", "ce(tte) vote", "liste de bulletin", "supprimé(e)"):
            assert awkward not in page, (url, awkward)
    inspect = text(client.get(pages[5]))
    assert "01/03/2026 23:30" in inspect  # 22:30 in UTC
    assert "Ajouter un vote" in text(client.get(pages[0]))


@pytest.mark.django_db
def test_a_vote_with_ballots_can_be_deleted_with_them(client, editor, lighting):
    vote, article = lighting
    cast(vote, article, "for")
    enter_paper(client, vote, **{"for": 3})
    delete = reverse("wagtailsnippets_wagtail_participation_vote:delete", args=[vote.pk])

    assert "2 ballots are deleted with it" in text(client.get(delete))
    response = client.post(delete)

    assert response.status_code == 302
    assert not Vote.objects.filter(pk=vote.pk).exists()
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()


@pytest.mark.django_db
def test_the_admin_menu_has_one_participation_entry_with_votes_ballots_and_neighbourhoods(
    client, editor
):
    from django.test import RequestFactory
    from django.utils import translation
    from wagtail.admin.menu import admin_menu

    request = RequestFactory().get("/admin/")
    request.user = editor
    items = {item.name: item for item in admin_menu.menu_items_for_request(request)}
    submenu = sorted(
        items["participation"].menu.menu_items_for_request(request), key=lambda item: item.order
    )

    assert "participation_votes" not in items
    with translation.override("en"):
        assert [str(item.label) for item in submenu] == [
            "Votes",
            "Ballots",
            "Proposals",
            "Surveys",
            "Survey responses",
            "Participatory budgets",
            "Budget projects",
            "Budget ballots",
            "Neighbourhoods",
        ]
