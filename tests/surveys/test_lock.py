"""Once residents have answered, the page editor refuses what would corrupt the results, and
says why; rewording and adding stay free."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from tests.surveys.conftest import items, question, single, text
from tests.surveys.editor import edit_url, publish
from wagtail_participation.models import SurveyAnswer, SurveyPage
from wagtail_participation.surveys.pages import SCHEDULED_CHANGE_REFUSED
from wagtail_participation.surveys.results import survey_results

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]

TRANSPORT = single("transport", "Comment venez-vous ?", "Voiture", "Vélo", "Bus")
PARKING = question("scale", "parking", "Se garer est-il facile ?", minimum=1, maximum=5)
IDEAS = question("long_text", "ideas", "Vos idées")


@pytest.fixture
def answered(make_survey):
    survey = make_survey(TRANSPORT, PARKING, IDEAS)
    response = Client().post(
        survey.url, {"q-transport": "transport-1", "q-parking": "3", "action": "next"}
    )
    assert response.status_code == 303
    return survey


def live_body(survey):
    return SurveyPage.objects.get(pk=survey.pk).body.raw_data


def refused(response, *messages):
    """The editor again, with the errors at the top of the questions (the page editor's
    StreamField shows them)."""
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["body"])
    for message in messages:
        assert message in errors
    assert "fermez ce questionnaire (fixez sa date de clôture) et copiez la page" in errors
    assert "La page ne peut être enregistrée du fait d'erreurs de validation." in text(response)


def test_before_any_response_everything_may_change(make_survey, admin_client):
    survey = make_survey(TRANSPORT, PARKING, IDEAS)

    response = publish(admin_client, survey, [IDEAS])

    assert response.status_code == 302
    assert [block["id"] for block in live_body(survey)] == ["ideas"]


def test_deleting_an_answered_question_is_refused(answered, admin_client):
    response = publish(admin_client, answered, [TRANSPORT, IDEAS])

    refused(
        response, "Q2. Se garer est-il facile ? a des réponses : elle ne peut plus être supprimée."
    )
    assert [block["id"] for block in live_body(answered)] == ["transport", "parking", "ideas"]


def test_deleting_an_unanswered_question_is_allowed(answered, admin_client):
    response = publish(admin_client, answered, [TRANSPORT, PARKING])

    assert response.status_code == 302
    assert [block["id"] for block in live_body(answered)] == ["transport", "parking"]


def test_removing_a_chosen_option_is_refused_an_unchosen_one_allowed(answered, admin_client):
    without_car = single("transport", "Comment venez-vous ?", "Vélo", "Bus")
    without_car["value"]["options"] = items("transport", "Voiture", "Vélo", "Bus")[1:]

    refused(
        publish(admin_client, answered, [without_car, PARKING, IDEAS]),
        "la réponse « Voiture » a été choisie, elle ne peut plus être retirée.",
    )

    without_bus = single("transport", "Comment venez-vous ?", "Voiture", "Vélo")
    assert publish(admin_client, answered, [without_bus, PARKING, IDEAS]).status_code == 302


def test_changing_an_answered_scale_is_refused(answered, admin_client):
    zero_to_ten = question("scale", "parking", "Se garer est-il facile ?", minimum=0, maximum=10)

    refused(
        publish(admin_client, answered, [TRANSPORT, zero_to_ten, IDEAS]),
        "son échelle ne peut plus changer",
    )


def test_rewording_keeps_the_answers(answered, admin_client):
    reworded = single("transport", "Votre moyen de transport ?", "Automobile", "Vélo", "Bus")

    assert publish(admin_client, answered, [reworded, PARKING, IDEAS]).status_code == 302

    survey = SurveyPage.objects.get(pk=answered.pk)
    transport = survey_results(survey).question("transport")
    assert transport.question.label == "Votre moyen de transport ?"
    assert {row.label: row.total for row in transport.tally.rows}["Automobile"] == 1
    # The answer keeps the wording it was given with.
    assert SurveyAnswer.objects.get(question_key="transport").option_label == "Voiture"


def test_a_question_cannot_change_kind_whatever_saves_it(answered):
    survey = SurveyPage.objects.get(pk=answered.pk)
    body = survey.body.raw_data
    body[1] = question("number", "parking", "Se garer est-il facile ?")
    survey.body = list(body)

    with pytest.raises(ValidationError, match="son type ne peut plus changer"):
        survey.save_revision().publish()
    assert live_body(answered)[1]["type"] == "scale"


def test_publishing_an_older_revision_is_checked_too(make_survey):
    survey = make_survey(TRANSPORT, IDEAS)
    without_ideas = SurveyPage.objects.get(pk=survey.pk)
    without_ideas.body = [TRANSPORT]
    old_revision = without_ideas.save_revision()  # a draft, never published
    Client().post(survey.url, {"q-ideas": "Des bancs", "action": "next"})

    with pytest.raises(ValidationError, match="ne peut plus être supprimée"):
        old_revision.publish()
    assert [block["id"] for block in live_body(survey)] == ["transport", "ideas"]


def test_a_scheduled_change_that_answers_have_since_locked_is_refused_and_logged(
    make_survey, admin_client
):
    """Scheduled while nobody had answered, then answered before its time: Wagtail's
    publish_scheduled leaves the change unpublished, says why in the page's history, and goes
    on with the other scheduled pages."""
    survey = make_survey(TRANSPORT, IDEAS)
    scheduled = SurveyPage.objects.get(pk=survey.pk)
    scheduled.body = [TRANSPORT]
    scheduled.go_live_at = timezone.now() + timedelta(hours=1)
    scheduled.save_revision().publish()  # scheduled: checked now, with no answers yet
    other = make_survey(TRANSPORT, slug="autre")
    renamed = SurveyPage.objects.get(pk=other.pk)
    renamed.title = "Un autre questionnaire"
    renamed.go_live_at = timezone.now() + timedelta(hours=2)
    renamed.save_revision().publish()
    assert Client().post(survey.url, {"q-ideas": "Des bancs", "action": "next"}).status_code == 303

    # Both times have come; the survey's change is published first.
    for revision, minutes in ((scheduled.latest_revision, 2), (renamed.latest_revision, 1)):
        revision.approved_go_live_at = timezone.now() - timedelta(minutes=minutes)
        revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")

    assert [block["id"] for block in live_body(survey)] == ["transport", "ideas"]
    assert SurveyPage.objects.get(pk=other.pk).title == "Un autre questionnaire"
    entry = PageLogEntry.objects.get(page=survey, action=SCHEDULED_CHANGE_REFUSED)
    assert entry.revision_id == scheduled.latest_revision.pk
    assert "Q2. Vos idées a des réponses : elle ne peut plus être supprimée." in entry.message
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()
    history = text(admin_client.get(reverse("wagtailadmin_pages:history", args=[survey.pk])))
    assert "Changement programmé non publié : des habitants ont répondu" in history


def test_the_editor_says_the_structure_is_locked(answered, admin_client):
    page = text(admin_client.get(edit_url(answered)))

    assert "Ce questionnaire a 1 réponse. Sa structure est verrouillée" in page
