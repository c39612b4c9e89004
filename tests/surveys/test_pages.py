"""The survey page in Wagtail's tree: created in code, previewed, copied, aliased."""

import json

import pytest
from django.test import Client

from tests.surveys.conftest import add_responses, question, single, text
from tests.surveys.editor import stream_form_data
from wagtail_participation.models import SurveyPage, SurveyResponse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]


def test_a_survey_created_in_code_as_the_install_guide_shows(site_root):
    site_root.add_child(
        instance=SurveyPage(
            title="Vos priorités pour le centre-ville",
            slug="centre-ville",
            body=json.dumps(
                [{"type": "long_text", "value": {"label": "Vos idées"}, "id": "ideas"}]
            ),
        )
    )
    survey = SurveyPage.objects.get(slug="centre-ville")

    page = text(Client().get(survey.url))

    assert ">1.</span> Vos idées" in page and "Envoyer mes réponses" in page
    assert "Affichage des résultats : une fois la participation close." in page


def test_the_preview_shows_every_step_and_sends_nothing(every_kind, admin_client):
    from wagtail.test.utils.form_data import querydict_from_html

    edit = f"/admin/pages/{every_kind.pk}/edit/"
    data = querydict_from_html(admin_client.get(edit).content.decode(), form_id="page-edit-form")
    for key in [key for key in data if key.startswith("body")]:
        del data[key]
    data.update(stream_form_data(every_kind.body.raw_data))
    assert admin_client.post(edit + "preview/", data).json()["is_valid"]

    page = text(admin_client.get(edit + "preview/"))

    assert "Aperçu : toutes les étapes sont affichées ensemble" in page
    for position in (1, 2, 3):
        assert f"Étape {position} sur 3" in page
    assert "Envoyer mes réponses" not in page
    assert 'name="q-priorities" value="priorities-1" disabled' in page


def test_a_copy_starts_with_no_answers_and_a_free_structure(make_survey, site_root):
    survey = make_survey(single("transport", "Comment venez-vous ?", "Voiture", "Vélo"))
    add_responses(survey, [{"q-transport": "transport-1"}])

    copy = survey.copy(to=site_root, update_attrs={"slug": "nouveau-questionnaire"})
    copy = SurveyPage.objects.get(pk=copy.pk)

    assert SurveyResponse.objects.filter(target=copy).count() == 0
    copy.body = [question("long_text", "ideas", "Vos idées")]
    copy.save()  # the original's answers do not lock the copy
    assert SurveyResponse.objects.filter(target=survey).count() == 1


def test_an_alias_collects_its_answers_on_the_survey_it_shows(make_survey, site_root, resident):
    survey = make_survey(single("transport", "Comment venez-vous ?", "Voiture", "Vélo"))
    alias = survey.create_alias(parent=site_root, update_slug="questionnaire-bis")

    response = resident.post(alias.url, {"q-transport": "transport-2", "action": "next"})

    assert response.status_code == 303
    assert SurveyResponse.objects.get().target_id == survey.pk
