"""Surveys in the admin, as the town hall uses them: the surveys, their results and written
answers, paper forms, the responses listing with its filters and exports."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from wagtail.models import GroupPagePermission, ModelLogEntry

from tests.surveys.conftest import add_responses, answer_every_kind, question, single, text
from wagtail_participation.models import SurveyAnswer, SurveyResponse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]

LISTING = "/admin/participation/surveyresponses/"


def results_url(survey):
    return f"/admin/participation/surveys/{survey.pk}/results/"


def paper_url(survey):
    return f"/admin/participation/surveys/{survey.pk}/paper/"


def csv_rows(response):
    assert response.status_code == 200, text(response)
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


@pytest.fixture
def small(make_survey):
    return make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo", required=True),
        question("scale", "parking", "Se garer ?", condition=("Comment venez-vous ?", "Voiture")),
        question("long_text", "ideas", "Vos idées"),
        title="Mobilité",
    )


def editor_of(page, username="agent"):
    """An admin user who may edit ``page`` (and its subpages) and nothing else."""
    user = get_user_model().objects.create_user(username, password="x", first_name="Agnès")
    group = Group.objects.create(name=f"editors of {page.pk}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


# --- surveys and their results ---------------------------------------------------------------


def test_the_surveys_list_gives_each_survey_its_responses_and_links(small, admin_client):
    add_responses(small, [{"q-transport": "transport-2"}] * 2)

    page = text(admin_client.get("/admin/participation/surveys/"))

    assert "Mobilité" in page
    assert results_url(small) in page and paper_url(small) in page
    assert f"{LISTING}?target={small.pk}" in page


def test_editors_of_one_survey_see_only_its_results_and_responses(make_survey, small):
    other = make_survey(single("q", "Question ?", "A", "B"), title="Autre", slug="autre")
    add_responses(small, [{"q-transport": "transport-1"}])
    add_responses(other, [{"q-q": "q-1"}])
    client = editor_of(small)

    assert client.get(results_url(small)).status_code == 200
    assert client.get(results_url(other)).status_code in (302, 403)
    listing = client.get(LISTING)
    assert [r.target_id for r in listing.context["object_list"]] == [small.pk]
    assert "Autre" not in text(client.get("/admin/participation/surveys/"))


def test_editors_always_see_the_results_in_the_admin(make_survey, admin_client):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        results_visibility="editors_only",
    )
    add_responses(survey, [{"q-transport": "transport-1"}])

    assert Client().get(survey.url + "results/").status_code == 403
    page = text(admin_client.get(results_url(survey)))
    assert "1 répondant" in page and "Voiture" in page


def test_the_page_editor_links_to_the_results(small, admin_client):
    page = text(admin_client.get(f"/admin/pages/{small.pk}/edit/"))

    assert "Résultats et questionnaires papier" in page and results_url(small) in page


def test_an_editor_hides_a_written_answer_from_the_public_without_deleting_it(small, admin_client):
    add_responses(
        small, [{"q-transport": "transport-2", "q-ideas": "Appelez-moi au 06 12 34 56 78"}]
    )
    answer = SurveyAnswer.objects.get(question_key="ideas")
    url = f"{results_url(small)}answers/ideas/"

    response = admin_client.post(url, {"answer": answer.pk, "hidden": "1"})

    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.hidden
    assert "06 12 34 56 78" not in text(Client().get(small.url + "results/"))
    assert "06 12 34 56 78" in text(admin_client.get(url))  # still there for editors
    assert "Non, masquée" in text(admin_client.get(url))
    assert ModelLogEntry.objects.filter(action="wagtail_participation.hide_answer").count() == 1
    admin_client.post(url, {"answer": answer.pk, "hidden": "0"})
    assert "06 12 34 56 78" in text(Client().get(small.url + "results/"))


def test_hiding_an_answer_of_another_survey_is_refused(small, make_survey, admin_client):
    other = make_survey(question("long_text", "ideas", "Idées"), slug="autre")
    add_responses(other, [{"q-ideas": "Une idée"}])
    foreign = SurveyAnswer.objects.get(survey_id=other.pk)

    response = admin_client.post(
        f"{results_url(small)}answers/ideas/", {"answer": foreign.pk, "hidden": "1"}
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.hidden


# --- paper forms ------------------------------------------------------------------------------


def paper(client, survey, token=None, **fields):
    data = {"entry_token": token or uuid.uuid4().hex, "note": "Formulaire n° 12"}
    data.update(fields)
    return client.post(paper_url(survey), data)


def test_a_paper_form_is_recorded_as_paper_with_who_entered_it(small, admin_user, admin_client):
    form = text(admin_client.get(paper_url(small)))
    assert 'name="q-transport"' in form and 'name="q-parking"' in form

    response = paper(admin_client, small, **{"q-transport": "transport-1", "q-parking": "2"})

    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.channel, stored.entered_by, stored.note) == (
        "paper",
        admin_user,
        "Formulaire n° 12",
    )
    assert stored.participant_key == "" and stored.receipt == ""
    assert SurveyAnswer.objects.get(question_key="parking").channel == "paper"
    assert "1 répondant (dont 1 questionnaire papier)" in text(admin_client.get(results_url(small)))


def test_a_paper_form_goes_through_the_same_rules(small, admin_client):
    missing = paper(admin_client, small, **{"q-ideas": "Des bancs"})
    hidden = paper(admin_client, small, **{"q-transport": "transport-2", "q-parking": "3"})

    assert missing.status_code == 400
    assert "Répondez à cette question" in text(missing)
    assert ">Des bancs</textarea>" in text(missing)
    assert hidden.status_code == 400 and "Cette question ne vous concerne pas" in text(hidden)
    assert SurveyResponse.objects.count() == 0


def test_a_paper_form_sent_twice_is_recorded_once(small, admin_client):
    token = uuid.uuid4().hex
    first = paper(admin_client, small, token=token, **{"q-transport": "transport-1"})
    again = paper(admin_client, small, token=token, **{"q-transport": "transport-1"})

    assert (first.status_code, again.status_code) == (302, 409)
    assert "Cette saisie était déjà enregistrée" in text(again)
    assert SurveyResponse.objects.count() == 1


def test_a_sheet_is_entered_once_by_its_reference_number(small, make_survey, admin_client):
    first = paper(admin_client, small, paper_reference="  P 12 ", **{"q-transport": "transport-1"})
    again = paper(admin_client, small, paper_reference="P  12", **{"q-transport": "transport-2"})

    assert (first.status_code, again.status_code) == (302, 409)
    assert "Une feuille portant ce numéro d’enregistrement a déjà été saisie" in text(again)
    # What was copied stays on screen, to correct the number.
    assert 'value="transport-2" checked' in text(again)
    stored = SurveyResponse.objects.get()
    assert (stored.paper_reference, SurveyAnswer.objects.get().option_key) == (
        "P 12",
        "transport-1",
    )
    # Another survey has its own sheet number 12.
    survey = make_survey(single("transport", "Comment venez-vous ?", "Voiture"), slug="autre")
    other = paper(admin_client, survey, paper_reference="P 12", **{"q-transport": "transport-1"})
    assert other.status_code == 302 and SurveyResponse.objects.count() == 2


def test_the_listing_finds_a_sheet_by_its_reference_number_and_exports_it(small, admin_client):
    paper(admin_client, small, paper_reference="P 12", **{"q-transport": "transport-1"})
    paper(admin_client, small, paper_reference="P 13", **{"q-transport": "transport-2"})

    found = text(admin_client.get(LISTING, {"paper_reference": "P 13"}))
    assert "P 13" in found and "P 12" not in found
    rows = csv_rows(admin_client.get(LISTING, {"target": small.pk, "export": "csv"}))
    assert rows[0][3] == "Numéro d’enregistrement"
    assert sorted(row[3] for row in rows[1:]) == ["P 12", "P 13"]


def test_a_forged_entry_token_is_refused(small, admin_client):
    response = paper(admin_client, small, token="not-a-token", **{"q-transport": "transport-1"})

    assert response.status_code == 400
    assert SurveyResponse.objects.count() == 0


def test_only_paper_responses_can_be_deleted(small, admin_client):
    add_responses(small, [{"q-transport": "transport-1"}])
    paper(admin_client, small, **{"q-transport": "transport-2"})
    online = SurveyResponse.objects.get(channel="online")
    on_paper = SurveyResponse.objects.get(channel="paper")

    assert admin_client.post(f"{LISTING}delete/{online.pk}/").status_code in (302, 403)
    assert SurveyResponse.objects.filter(pk=online.pk).exists()
    assert admin_client.post(f"{LISTING}delete/{on_paper.pk}/").status_code == 302
    assert not SurveyResponse.objects.filter(pk=on_paper.pk).exists()
    assert not SurveyAnswer.objects.filter(response_id=on_paper.pk).exists()


# --- the responses listing -------------------------------------------------------------------


def test_the_listing_filters_by_an_answer_to_a_choice_question(small, admin_client):
    add_responses(small, [{"q-transport": "transport-1"}, {"q-transport": "transport-2"}] * 2)

    response = admin_client.get(LISTING, {"answer": f"{small.pk}:transport:transport-1"})

    assert response.status_code == 200
    listed = response.context["object_list"]
    assert len(listed) == 2
    assert {r.answers.get().option_key for r in listed} == {"transport-1"}


def test_the_listing_filters_by_dates(small, admin_client):
    old, recent = add_responses(small, [{"q-transport": "transport-1"}] * 2)
    SurveyResponse.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    since = (timezone.localdate() - timedelta(days=7)).isoformat()

    listed = admin_client.get(LISTING, {"date_from": since}).context["object_list"]

    assert [r.pk for r in listed] == [recent.pk]


def test_an_unknown_answer_filter_is_refused(small, admin_client):
    response = admin_client.get(LISTING, {"answer": "999:nothing:x"})

    assert response.status_code == 400


def test_one_response_shows_every_question_and_its_answer(small, admin_client):
    (response,) = add_responses(
        small, [{"q-transport": "transport-1", "q-parking": "4", "q-ideas": "Une halle"}]
    )

    page = text(admin_client.get(f"{LISTING}inspect/{response.pk}/"))

    assert "1. Comment venez-vous ?" in page and "Voiture" in page
    assert "2. Se garer ?" in page and "Une halle" in page
    assert response.receipt not in page  # a receipt handed over would tell what was answered


def test_the_export_neutralises_formulas(small, admin_client):
    add_responses(small, [{"q-transport": "transport-2", "q-ideas": '=HYPERLINK("x")'}])

    rows = csv_rows(admin_client.get(LISTING, {"target": small.pk, "export": "csv"}))

    assert rows[1][-1] == '\'=HYPERLINK("x")'


def test_the_xlsx_export_has_the_same_columns(small, admin_client):
    from openpyxl import load_workbook

    add_responses(small, [{"q-transport": "transport-1", "q-parking": "5", "q-ideas": "+33 6"}])

    response = admin_client.get(LISTING, {"target": small.pk, "export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][6:] == ("Q1. Comment venez-vous ?", "Q2. Se garer ?", "Q3. Vos idées")
    assert rows[1][6:] == ("Voiture", 5, "'+33 6")


def test_responses_to_several_surveys_export_their_answers_in_one_column(
    every_kind, small, neighbourhoods, admin_client
):
    answer_every_kind(Client(), every_kind, neighbourhoods[0])
    add_responses(small, [{"q-transport": "transport-2", "q-ideas": "Des arceaux"}])

    rows = csv_rows(admin_client.get(LISTING, {"export": "csv"}))

    assert rows[0][-1] == "Réponses" and len(rows) == 3
    by_survey = {row[1]: row[-1] for row in rows[1:]}
    assert by_survey["Mobilité"] == "Q1. Comment venez-vous ? : Vélo | Q3. Vos idées : Des arceaux"
    assert "Q2. Classez ces projets : Halle couverte (rang) : 2" in by_survey[every_kind.title]
