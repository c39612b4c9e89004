"""A consultation's section of the PDF report: the proposals with their supports, statuses and
the commune's answers, as the app counts them; only published proposals printed, as text; the
visibility rule; a printable proposal form that staff enter on their own screen."""

import csv
import io
import shutil
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tests.consultations.conftest import support, text
from tests.pdf import CHART_BLUE, ink, normalise, pdf_text, rendered_page
from tests.reports.conftest import export_bytes, pdf_bytes
from tests.reports.test_fingerprint import appendix_fingerprint
from wagtail_participation.consultations.report import ConsultationReport, consultation_report
from wagtail_participation.models import ConsultationProposal, GeneratedReport
from wagtail_participation.reports import formats
from wagtail_participation.reports.links import (
    admin_paper_form_url,
    admin_report_url,
    public_report_url,
)

pytestmark = pytest.mark.django_db


def number(value):
    with translation.override("fr"):
        return formats.number(value)


@pytest.fixture
def consulted(make_consultation, make_proposal, neighbourhoods):
    """A consultation in its analysis phase (supports closed, results public) with published,
    pending, rejected and merged proposals, supports and two answers."""
    page = make_consultation(
        phase="analysis",
        support_threshold=3,
        threshold_commitment="la mairie s'engage à l'étudier.",
        results_visibility="after_closing",
    )
    mobility, environment = page.themes.get(name="Mobilité"), page.themes.get(name="Environnement")
    centre, gare, _vignes = neighbourhoods
    cycle = make_proposal(
        page,
        title="Piste cyclable vers la gare",
        theme=mobility,
        neighbourhood=gare,
        description="Une piste protégée.\n\nDe la place jusqu'à la gare.",
        answer="accepted",
        answer_text="Travaux inscrits au budget 2027.",
        author_name="Camille",
    )
    benches = make_proposal(
        page,
        title="Des bancs place de l'Église",
        theme=environment,
        neighbourhood=centre,
        description="<script>alert('x')</script>Des <b>bancs</b> à l'ombre des tilleuls.",
        answer="not_retained",
        answer_text="La place sera réaménagée en 2028 : les bancs seront prévus alors.",
    )
    make_proposal(page, title="Zone 30 rue Haute", theme=mobility)
    make_proposal(page, title="Idée en attente", status="pending", theme=mobility)
    make_proposal(
        page,
        title="Idée rejetée",
        status="rejected",
        rejection_reason="Hors des compétences de la commune.",
    )
    make_proposal(page, title="Piste en double", status="duplicate", duplicate_of=cycle)
    for key in ("anon:a", "anon:b", "anon:c", "anon:d"):
        support(cycle, key)
    for key in ("anon:a", "anon:e"):
        support(benches, key)
    return page


def report_text(generate, page):
    # pdftotext may or may not see the space before a "✓".
    return normalise(pdf_text(pdf_bytes(generate(page)), layout=True)).replace(" ✓", "✓")


def test_the_figures_and_the_ranking_in_the_pdf_are_the_apps(consulted, commune, generate):
    printed = report_text(generate, consulted)
    with translation.override("fr"):
        section = consultation_report(consulted)

    assert (section.posted, section.summary.published, section.summary.supports) == (6, 3, 6)
    line = " ".join(
        number(n) for n in (section.posted, section.summary.published, section.summary.supports, 1)
    )
    assert f"Propositions déposées Publiées Soutiens Au moins 3 soutiens {line}" in printed
    for group in section.moderation:
        assert f"{group.label} {number(group.count)}" in printed, group
    for row in section.summary.answers:
        assert normalise(f"{row.label} {number(row.count)}") in printed, row
    # Every published proposal, ranked as the app ranks them, with its supports and answer.
    ranks = []
    for record in section.proposals:
        supports = number(record.supports) + ("✓" if record.threshold_reached else "")
        answer = record.answer_label or "Pas encore de réponse"
        neighbourhood = record.neighbourhood or "Toute la commune"
        row = f"{record.rank} {record.title} {record.theme} {neighbourhood} {supports} {answer}"
        assert normalise(row) in printed, row
        ranks.append(printed.index(normalise(row)))
    assert ranks == sorted(ranks)
    assert [record.title for record in section.proposals][:2] == [
        "Piste cyclable vers la gare",
        "Des bancs place de l'Église",
    ]


def test_the_communes_answers_are_printed_with_their_explanation(consulted, commune, generate):
    printed = report_text(generate, consulted)

    assert "Les réponses de la commune" in printed
    assert "Retenue · 4 soutiens, rang 1" in printed
    assert "Travaux inscrits au budget 2027." in printed
    assert "Non retenue · 2 soutiens, rang 2" in printed
    assert "La place sera réaménagée en 2028 : les bancs seront prévus alors." in printed
    assert "la mairie s'engage à l'étudier." in printed


def test_participants_who_posted_and_supported_are_counted_once(consulted, commune):
    counts = ConsultationReport(consulted).participation_counts()
    # Authors anon:author1…6 (the rejected and pending included) and supporters a–e.
    assert (counts.online, counts.paper, counts.total) == (11, 0, 11)
    ConsultationProposal.objects.filter(title="Zone 30 rue Haute").update(participant_key="anon:a")
    assert ConsultationReport(consulted).participation_counts().online == 10


def test_only_published_proposals_are_printed_as_text(consulted, commune, generate):
    printed = normalise(pdf_text(pdf_bytes(generate(consulted))))

    assert "Propositions publiées" in printed
    assert "6 propositions ont été déposées, 3 publiées." in printed
    assert "<script>alert('x')</script>Des <b>bancs</b> à l'ombre des tilleuls." in printed
    assert "Une piste protégée." in printed
    assert "Mobilité · Quartier de la Gare · 4 soutiens · signée Camille" in printed
    for hidden in ("Idée en attente", "Idée rejetée", "Hors des compétences", "Piste en double"):
        assert hidden not in printed, hidden


def test_the_proposals_printed_are_capped(consulted, commune, generate, settings):
    settings.WAGTAIL_PARTICIPATION = {"REPORT_FREE_TEXT_LIMIT": 1}
    printed = normalise(pdf_text(pdf_bytes(generate(consulted))))

    assert "Les 1 plus soutenues sont imprimées ici" in printed
    assert "Une piste protégée." in printed
    assert "à l'ombre des tilleuls" not in printed


def test_the_fingerprint_command_agrees_with_the_appendix_and_the_export_has_every_proposal(
    consulted,
    commune,
    generate,
    tmp_path,
):
    report = generate(consulted)
    export = tmp_path / "propositions.csv"
    export.write_bytes(export_bytes(report))
    out = io.StringIO()
    call_command("participation_fingerprint", str(export), stdout=out)

    assert out.getvalue().split("  ")[0].replace(" ", "") == appendix_fingerprint(report)
    rows = list(csv.reader(io.StringIO(export.read_text("utf-8-sig")), delimiter=";"))
    proposals = ConsultationProposal.objects.filter(target=consulted).order_by("pk")
    assert [int(row[0]) for row in rows[1:]] == [proposal.pk for proposal in proposals]
    assert "Hors des compétences de la commune." in export.read_text("utf-8-sig")
    assert rows[0][:5] == ["ID", "Participation", "Titre", "Description", "Thème"]


def test_a_new_support_an_answer_or_a_decision_makes_a_new_report(
    consulted,
    commune,
    generate,
):
    from wagtail_participation.reports.generation import data_key

    keys = {data_key(consulted)}
    zone = ConsultationProposal.objects.get(title="Zone 30 rue Haute")
    support(zone, "anon:z")
    keys.add(data_key(consulted))
    zone.answer, zone.answer_text = "under_study", "Étude en cours."
    zone.answered_at = zone.submitted_at
    zone.save()
    keys.add(data_key(consulted))
    ConsultationProposal.objects.filter(title="Idée en attente").update(status="published")
    keys.add(data_key(consulted))
    assert len(keys) == 4


def test_a_results_page_of_the_pdf_is_not_blank(consulted, commune, generate, tmp_path):
    assert shutil.which("pdftoppm"), "poppler-utils is not installed"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(pdf_bytes(generate(consulted)))
    pages = pdf_text(pdf).split("\f")
    page_number = next(i for i, page in enumerate(pages, 1) if i > 2 and "Phases" in page)
    image = rendered_page(pdf, page_number, tmp_path)

    assert ink(image) > 1500
    # The charts of the proposals per status, theme and neighbourhood are drawn.
    assert ink(image, CHART_BLUE) > 300, ink(image, CHART_BLUE)


# --- who gets it ----------------------------------------------------------------------------------


def test_a_pdf_of_hidden_supports_is_refused_to_the_public(
    make_consultation, make_proposal, commune
):
    page = make_consultation(phase="support", results_visibility="after_closing")
    support(make_proposal(page, title="Piste cyclable"), "anon:a")

    response = Client().get(public_report_url(page))

    assert response.status_code == 403 and "ne sont pas publics" in text(response)
    assert not GeneratedReport.objects.exists()


def test_those_who_took_part_get_the_report_when_the_rule_says_so(
    make_consultation, make_proposal, commune, no_rate_limits
):
    page = make_consultation(phase="support", results_visibility="after_participation")
    proposal = make_proposal(page, title="Piste cyclable")
    resident = Client()
    assert resident.get(public_report_url(page)).status_code == 403

    resident.get(f"{page.url}{proposal.pk}/")
    assert resident.post(f"{page.url}{proposal.pk}/support/").status_code == 303

    # A supporter has taken part in the consultation, though they posted nothing.
    assert resident.get(public_report_url(page)).status_code in (200, 202)
    assert Client().get(public_report_url(page)).status_code == 403


def test_public_results_link_to_the_report_and_serve_it(
    consulted, commune, django_capture_on_commit_callbacks
):
    resident = Client()
    assert public_report_url(consulted) in text(resident.get(consulted.url + "results/"))
    with django_capture_on_commit_callbacks(execute=True):
        assert resident.get(public_report_url(consulted)).status_code == 202
    response = resident.get(public_report_url(consulted))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_editors_reach_the_report_from_the_results_and_the_page_explorer(
    consulted, commune, admin_client
):
    results = text(admin_client.get(f"/admin/participation/consultations/{consulted.pk}/results/"))
    assert admin_report_url(consulted) in results
    assert admin_paper_form_url(consulted) in results
    assert f"/admin/participation/consultations/{consulted.pk}/paper/" in results
    explorer = text(admin_client.get(f"/admin/pages/{consulted.get_parent().pk}/"))
    assert admin_report_url(consulted) in explorer
    report_page = text(admin_client.get(admin_report_url(consulted)))
    assert f"/admin/participation/consultations/{consulted.pk}/paper/" in report_page


# --- the paper proposal form --------------------------------------------------------------------


def paper_form_text(client, page):
    response = client.get(admin_paper_form_url(page))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return normalise(pdf_text(b"".join(response.streaming_content), layout=True))


def paper_url(page):
    return f"/admin/participation/consultations/{page.pk}/paper/"


def test_the_proposal_form_has_the_fields_of_the_entry_screen_in_its_order(
    make_consultation, neighbourhoods, commune, admin_client
):
    page = make_consultation(phase="ideas")
    printed = paper_form_text(admin_client, page)
    screen = text(admin_client.get(paper_url(page)))

    fields = ("title", "theme", "description", "neighbourhood", "author_name", "author_email")
    on_screen = [screen.index(f'id="id_{name}"') for name in fields]
    assert on_screen == sorted(on_screen)
    assert 'name="image"' not in screen and 'name="paper_reference"' in screen
    labels = [
        "Titre de votre idée",
        "Thème",
        "Description",
        "Quartier",
        "Signature (facultative)",
        "Votre adresse électronique (facultative)",
    ]
    positions = [printed.index(label) for label in labels]
    assert positions == sorted(positions)
    # (letter-spaced capitals: pdftotext may cut the word)
    assert "FORMULAIREDEPROPOSITION" in printed.replace(" ", "")
    for words in (
        "Comment améliorer le cadre de vie ?",
        "Mobilité",
        "Environnement",
        "Toute la commune",
        "Quartier de la Gare",
        "Numéro d’enregistrement",
        "Une proposition par formulaire",
        "De 20 à 5 000 caractères.",
    ):
        assert words in printed, words


def test_a_paper_proposal_is_entered_and_waits_for_moderation(
    make_consultation, neighbourhoods, admin_user, admin_client
):
    page = make_consultation(phase="ideas")
    response = admin_client.post(
        paper_url(page),
        {
            "entry_token": uuid.uuid4().hex,
            "paper_reference": "PR-3",
            "title": "<b>Un abri</b> à vélos",
            "theme": page.themes.get(name="Mobilité").pk,
            "description": "Devant la mairie, pour les vélos des habitants du bourg.",
            "neighbourhood": neighbourhoods[0].pk,
            "author_name": "Mme Martin",
        },
    )

    assert response.status_code == 302
    proposal = ConsultationProposal.objects.get()
    assert (proposal.channel, proposal.status, proposal.paper_reference) == (
        "paper",
        "pending",
        "PR-3",
    )
    assert proposal.entered_by == admin_user and proposal.participant_key == ""
    assert proposal.title == "<b>Un abri</b> à vélos"
    listing = admin_client.get("/admin/participation/proposals/?channel=paper").content.decode()
    assert "&lt;b&gt;Un abri&lt;/b&gt; à vélos" in listing and "<b>Un abri" not in listing
    moderation = text(admin_client.get(f"/admin/participation/proposals/inspect/{proposal.pk}/"))
    assert "PR-3" in moderation


def test_a_paper_proposal_goes_through_the_same_rules_and_is_entered_once(
    make_consultation, admin_client
):
    page = make_consultation(phase="ideas")
    mobility = page.themes.get(name="Mobilité").pk
    data = {
        "entry_token": uuid.uuid4().hex,
        "paper_reference": "PR-4",
        "title": "Un abri à vélos",
        "theme": mobility,
        "description": "Trop court",
    }

    invalid = admin_client.post(paper_url(page), data)
    assert invalid.status_code == 400 and ConsultationProposal.objects.count() == 0
    assert "Un abri à vélos" in text(invalid)  # what was copied stays on screen

    data["description"] = "Devant la mairie, pour les vélos des habitants du bourg."
    assert admin_client.post(paper_url(page), data).status_code == 302
    assert admin_client.post(paper_url(page), data).status_code == 409  # the same form again
    again = admin_client.post(paper_url(page), {**data, "entry_token": uuid.uuid4().hex})
    assert again.status_code == 409  # the same sheet number
    assert "déjà été saisie" in text(again)
    assert ConsultationProposal.objects.count() == 1
