"""Free-text answers in a report: only those the public may read, with the total and a cap;
HTML or script in an answer is printed as text. Votes have none: a participation type with
free text (surveys) returns them from ``free_text_sections()``."""

import pytest

from tests.pdf import normalise, pdf_text
from tests.reports.conftest import pdf_bytes
from wagtail_participation.reports.builder import free_text_section
from wagtail_participation.votes.report import VoteReport

pytestmark = pytest.mark.django_db


def test_free_text_answers_are_capped_counted_and_printed_as_text(
    make_vote, commune, generate, monkeypatch, settings
):
    settings.WAGTAIL_PARTICIPATION = {"REPORT_FREE_TEXT_LIMIT": 3}
    published = [
        "<script>alert('x')</script>Plus de bancs",
        "Des <b>arbres</b> & de l'ombre",
        "Une fontaine",
        "Quatrième réponse, au-delà du plafond",
    ]

    def free_text_sections(self):
        return [
            free_text_section(
                "Que souhaitez-vous d'autre ?",
                total=6,
                public_answers=published,
                public_total=len(published),
            )
        ]

    monkeypatch.setattr(VoteReport, "free_text_sections", free_text_sections)

    text = normalise(pdf_text(pdf_bytes(generate(make_vote()))))

    assert "Réponses libres" in text
    assert "6 réponses ont été données à cette question." in text
    assert "Les 3 premières des 4 réponses publiées sont imprimées ici" in text
    assert "<script>alert('x')</script>Plus de bancs" in text
    assert "Des <b>arbres</b> & de l'ombre" in text
    assert "au-delà du plafond" not in text
