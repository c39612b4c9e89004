"""The printable paper ballot of a vote: the same question and options as online, in the order
of the paper-entry screen, with the rule and a box for the town hall's reference number."""

import pytest
from django.urls import reverse

from tests.pdf import normalise, pdf_text
from tests.reports.test_access import body
from wagtail_participation.reports.links import admin_paper_form_url
from wagtail_participation.votes.admin import PaperBallotsForm

pytestmark = pytest.mark.django_db


def paper_text(client, vote):
    response = client.get(admin_paper_form_url(vote))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return normalise(pdf_text(body(response), layout=True))


def test_the_paper_ballot_has_the_options_of_the_paper_entry_screen(
    make_vote, commune, admin_user, client
):
    client.force_login(admin_user)
    vote = make_vote(
        kind="multiple",
        question="Quels aménagements pour la place de l'Église ?",
        options=["Des bancs", "Des arbres", "Une fontaine", "Des jeux"],
        max_choices=2,
    )
    vote.options.filter(label="Une fontaine").update(sort_order=-1)

    text = paper_text(client, vote)

    entry_labels = [
        option.label for option, _field in PaperBallotsForm(vote.active_options()).option_fields()
    ]
    assert entry_labels[0] == "Une fontaine"
    positions = [text.index(label) for label in entry_labels]
    assert positions == sorted(positions)
    assert "Commune de Saint-Essai" in text
    assert "BULLETIN DE VOTE" in text
    assert "Quels aménagements pour la place de l'Église ?" in text
    assert "Cochez au plus 2 cases." in text
    assert "Cadre réservé à la mairie" in text and "Numéro d’enregistrement" in text
    assert "Un bulletin qui ne respecte pas cette règle est nul." in text
    assert "À déposer dans l'urne de la mairie." in text


@pytest.mark.parametrize(
    "fields, rule",
    [
        ({"kind": "for_against"}, "Cochez une seule case."),
        ({"kind": "single", "options": ["A", "B"]}, "Cochez une seule case."),
        ({"kind": "multiple", "options": ["A", "B", "C"]}, "Cochez une ou plusieurs cases."),
        (
            {"kind": "multiple", "options": ["A", "B", "C"], "min_choices": 2, "max_choices": 2},
            "Cochez exactement 2 cases.",
        ),
        (
            {
                "kind": "multiple",
                "options": ["A", "B", "C", "D"],
                "min_choices": 2,
                "max_choices": 3,
            },
            "Cochez au moins 2 et au plus 3 cases.",
        ),
    ],
)
def test_the_rule_printed_is_the_rule_of_the_vote(
    make_vote, commune, admin_user, client, fields, rule
):
    client.force_login(admin_user)
    assert rule in paper_text(client, make_vote(**fields))


def test_html_in_the_question_and_options_is_printed_as_text(
    make_vote, commune, admin_user, client
):
    client.force_login(admin_user)
    vote = make_vote(
        kind="single",
        question="<script>alert(1)</script>Où ?",
        description="<b>gras</b>",
        options=["<img src=x onerror=alert(1)>", "Non"],
    )
    text = paper_text(client, vote)
    assert "<script>alert(1)</script>Où" in text
    assert "<b>gras</b>" in text
    assert "<img src=x onerror=alert(1)>" in text


def test_the_paper_form_works_without_report_settings(make_vote, admin_user, client):
    client.force_login(admin_user)
    text = paper_text(client, make_vote())
    assert "Test host" in text or "localhost" in text
    assert reverse("wagtail_participation_vote_results", args=[1])  # the entry screen exists
