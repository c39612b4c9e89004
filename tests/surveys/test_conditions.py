"""Display conditions: written by their wording in the editor, checked at every save, enforced
by the server for every answer."""

import pytest
from django.core.exceptions import ValidationError

from tests.surveys.conftest import multiple, question, single, text
from tests.surveys.editor import publish
from wagtail_participation.models import SurveyAnswer, SurveyPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]


def condition_errors(blocks):
    """The errors the page editor shows on the condition of each block, by block index."""
    from wagtail_participation.surveys.blocks import SurveyBodyBlock

    block = SurveyBodyBlock()
    try:
        block.clean(block.to_python(blocks))
    except ValidationError as error:
        return {
            index: {
                name: " ".join(e.messages)
                for name, e in problem.block_errors["condition"].block_errors.items()
            }
            for index, problem in error.block_errors.items()
        }
    return {}


def test_a_condition_names_an_earlier_choice_question_and_one_of_its_answers():
    assert not condition_errors(
        [
            single("transport", "Comment venez-vous au centre-ville ?", "Voiture", "Vélo"),
            # Case, spacing, apostrophes and final punctuation aside.
            question(
                "scale",
                "p",
                "Garer ?",
                condition=("comment venez-vous au  centre-ville", "voiture"),
            ),
        ]
    )


@pytest.mark.parametrize(
    "condition, field, message",
    [
        (("Comment venez-vous ?", "Avion"), "answer", "« Avion » n’est pas une réponse de"),
        (("Votre âge", "Voiture"), "question", "Aucune question à choix placée au-dessus"),
        (("Vos idées", "x"), "question", "Aucune question à choix placée au-dessus"),
        (("Comment venez-vous ?", ""), "answer", "Écrivez la réponse qui fait apparaître"),
        (("", "Voiture"), "question", "Écrivez la question dont celle-ci dépend."),
    ],
    ids=["unknown answer", "unknown question", "not a choice question", "no answer", "no question"],
)
def test_a_condition_that_designates_nothing_is_refused(condition, field, message):
    errors = condition_errors(
        [
            question("long_text", "ideas", "Vos idées"),
            single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
            question("scale", "parking", "Se garer ?", condition=condition),
        ]
    )

    assert message in errors[2][field]


def test_a_condition_on_a_later_question_is_refused():
    errors = condition_errors(
        [
            question(
                "scale", "parking", "Se garer ?", condition=("Comment venez-vous ?", "Voiture")
            ),
            single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        ]
    )

    assert "Aucune question à choix placée au-dessus" in errors[0]["question"]


def test_rewording_the_answer_a_condition_names_is_caught_at_once(make_survey, admin_client):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        question("scale", "parking", "Se garer ?", condition=("Comment venez-vous ?", "Voiture")),
    )

    response = publish(
        admin_client,
        survey,
        [
            single("transport", "Comment venez-vous ?", "En voiture", "Vélo"),
            question(
                "scale", "parking", "Se garer ?", condition=("Comment venez-vous ?", "Voiture")
            ),
        ],
    )

    assert response.status_code == 200
    assert SurveyPage.objects.get(pk=survey.pk).body.raw_data[0]["value"]["options"][0][
        "value"
    ] == ("Voiture")


def test_conditions_on_yes_no_accept_the_wording_of_any_language():
    for answer in ("Oui", "yes", "Yes"):
        assert not condition_errors(
            [
                question("yes_no", "market", "Venez-vous au marché ?"),
                question(
                    "long_text", "why", "Pourquoi ?", condition=("Venez-vous au marché ?", answer)
                ),
            ]
        )


def test_a_condition_on_a_multiple_choice_holds_when_the_answer_is_among_those_chosen(
    make_survey, resident
):
    survey = make_survey(
        multiple("needs", "Vos besoins", "Commerces", "Parking", "Bancs"),
        question(
            "long_text",
            "parking",
            "Où manque-t-il des places ?",
            condition=("Vos besoins", "Parking"),
        ),
    )

    response = resident.post(
        survey.url,
        {"q-needs": ["needs-1", "needs-2"], "q-parking": "Place de la Poste", "action": "next"},
    )

    assert response.status_code == 303
    assert SurveyAnswer.objects.filter(question_key="parking").count() == 1


def test_conditions_chain_a_hidden_question_hides_those_that_depend_on_it(make_survey, resident):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        question(
            "yes_no",
            "park",
            "Vous garez-vous au centre ?",
            condition=("Comment venez-vous ?", "Voiture"),
        ),
        question(
            "number",
            "minutes",
            "Combien de minutes cherchez-vous ?",
            condition=("Vous garez-vous au centre ?", "Oui"),
        ),
    )

    response = resident.post(
        survey.url,
        {"q-transport": "transport-2", "q-park": "", "q-minutes": "10", "action": "next"},
    )

    assert response.status_code == 400
    assert "Cette question ne vous concerne pas" in text(response)
    assert SurveyAnswer.objects.count() == 0


def test_a_condition_on_a_neighbourhood(make_survey, resident, neighbourhoods):
    survey = make_survey(
        question("neighbourhood", "where", "Votre quartier"),
        question(
            "long_text",
            "station",
            "Que faudrait-il à la gare ?",
            condition=("Votre quartier", "Quartier de la Gare"),
        ),
    )
    data = {"q-where": str(neighbourhoods[0].pk), "q-station": "Un abri vélo", "action": "next"}

    assert resident.post(survey.url, data).status_code == 400
    data["q-where"] = str(neighbourhoods[1].pk)
    assert resident.post(survey.url, data).status_code == 303
