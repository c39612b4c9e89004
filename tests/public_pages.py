"""Every kind of public page the app serves, built in the database of a test host.

The host-contract tests (tests/test_host_contract.py) and the wagtail-dsfr host's tests
(tests/dsfr/) render each of them. ``build_public_pages(home, embed_vote)`` creates, under the
page ``home``, a vote page, a survey with a question of every kind on one step, its results,
a consultation in its support phase with a published proposal, a participatory budget in its
vote (two envelopes) and one whose results are published, and a host page embedding a
vote (``embed_vote(vote, slug)`` creates it: each host has its own page model); it returns
a ``PublicPage`` per kind of page, with how to reach it.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.surveys.conftest import add_responses, every_kind_blocks
from wagtail_participation.budgets.counting import count_page, publish_results
from wagtail_participation.models import (
    BudgetBallot,
    BudgetEnvelope,
    BudgetPage,
    BudgetProject,
    ConsultationPage,
    ConsultationProposal,
    ConsultationTheme,
    Neighbourhood,
    SurveyPage,
    Vote,
    VoteOption,
    VotePage,
)
from wagtail_participation.participation.models import Channel
from wagtail_participation.proposals.models import ProposalStatus


@dataclass(frozen=True)
class PublicPage:
    """A page of the app: ``title`` is what its <title> must say, ``heading`` its <h1>,
    ``status`` the status it is served with. A refusal page is reached by sending a form of
    the page at ``url`` (the CSS selector ``form``, with ``data``: values by field name), or
    by posting ``data`` to ``post_url`` without a browser."""

    name: str
    url: str
    title: str
    heading: str
    status: int = 200
    form: str = ""
    post_url: str = ""
    data: dict = field(default_factory=dict)


def _vote(question, **fields):
    now = timezone.now()
    vote = Vote.objects.create(
        title=question,
        question=question,
        kind=fields.pop("kind", "single"),
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        results_visibility="always",
        **fields,
    )
    for order, label in enumerate(["Place de la Mairie", "Bord de Loire", "Stade"]):
        VoteOption.objects.create(vote=vote, label=label, sort_order=order)
    return vote


def _budget(home, title, slug, phase, envelopes):
    """A budget page whose ``phase`` ("vote" or "follow_up") started five days ago, with
    ``envelopes`` ({name: (amount, [(project title, cost)…])}), every project feasible."""
    now = timezone.now()
    starts = ["submission_start", "review_start", "vote_start", "results_start", "follow_up_start"]
    current = {"vote": 2, "follow_up": 4}[phase]
    page = BudgetPage(
        title=title,
        slug=slug,
        **{name: now + timedelta(days=10 * (n - current) - 5) for n, name in enumerate(starts)},
    )
    home.add_child(instance=page)
    for order, (name, (amount, projects)) in enumerate(envelopes.items()):
        envelope = BudgetEnvelope.objects.create(
            page=page, name=name, amount=amount, sort_order=order
        )
        for number, (project_title, cost) in enumerate(projects, start=1):
            BudgetProject.objects.create(
                target=page,
                envelope=envelope,
                title=project_title,
                description=f"{project_title} : une description assez longue pour être lue.",
                cost=cost,
                estimated_cost=cost,
                feasibility="feasible",
                status=ProposalStatus.PUBLISHED,
                participant_key=f"anon:{slug}-{order}-{number}",
                receipt=f"{slug[-4:]}{order}{number:04d}",
            )
    return BudgetPage.objects.get(pk=page.pk)


def _count_budget(page, ballots):
    """Paper ballots (lists of project titles) stored as the pipeline stores them, counted,
    and the results published."""
    envelope = page.envelope_list()[0]
    for number, titles in enumerate(ballots):
        chosen = BudgetProject.objects.filter(target=page, title__in=titles)
        ballot = BudgetBallot(
            target=envelope, participant_key=f"paper:{number}", channel=Channel.PAPER
        )
        cleaned = envelope.validate_submission({"project": [str(p.pk) for p in chosen]})
        with transaction.atomic():  # as the pipeline stores it (it locks the envelope)
            envelope.store_submission(ballot, cleaned)
    count_page(page)
    publish_results(page)


def build_public_pages(home, embed_vote):
    now = timezone.now()
    for order, name in enumerate(["Centre-bourg", "Quartier de la Gare", "Les Vignes"]):
        Neighbourhood.objects.get_or_create(name=name, defaults={"sort_order": order})

    vote_page = VotePage(
        title="Où installer la fontaine ?",
        slug="fontaine",
        intro="La commune installe une fontaine à boire.",
        vote=_vote("Où installer la fontaine ?"),
    )
    home.add_child(instance=vote_page)
    # Two votes on one host page: the stylesheet must still come once.
    article = embed_vote(
        [_vote("Quel nom pour la médiathèque ?"), _vote("Quel jour pour le marché ?")],
        "article",
    )
    cast_url = reverse(
        "wagtail_participation:cast_vote",
        args=[Vote.objects.get(question="Quel nom pour la médiathèque ?").pk],
    )

    blocks = [block for block in every_kind_blocks() if block["type"] != "section"]
    survey = SurveyPage(
        title="Revitalisation du centre-ville",
        slug="centre-ville",
        body=json.dumps(blocks),
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        results_visibility="always",
    )
    home.add_child(instance=survey)
    survey.save_revision().publish()
    survey = SurveyPage.objects.get(pk=survey.pk)
    add_responses(
        survey,
        [
            {
                "q-priorities": ["priorities-1", "priorities-3"],
                "q-transport": "transport-1",
                "q-parking": "4",
                "q-market": "yes",
                "q-satisfaction-satisfaction-row-1": "satisfaction-col-1",
                "q-spending": "45,5",
                "q-last_visit": "2026-11-28",
                "q-ideas": "Des bancs à l'ombre, et une halle pour le marché.",
            }
        ],
    )
    hidden_results = SurveyPage(
        title="Sondage sur la cantine",
        slug="cantine",
        body=json.dumps(blocks[:1]),
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        results_visibility="after_closing",
    )
    home.add_child(instance=hidden_results)

    consultation = ConsultationPage(
        title="Idées pour le cadre de vie",
        slug="idees",
        question="Comment améliorer le cadre de vie ?",
        results_visibility="always",
        supports_during_ideas=True,
        support_threshold=10,
        # In its ideas phase (with supports) for ten more days.
        ideas_start=now - timedelta(days=5),
        support_start=now + timedelta(days=5),
        analysis_start=now + timedelta(days=15),
        answers_start=now + timedelta(days=25),
    )
    home.add_child(instance=consultation)
    ConsultationTheme.objects.create(page=consultation, name="Mobilité", sort_order=0)
    proposal = ConsultationProposal.objects.create(
        target=consultation,
        status=ProposalStatus.PUBLISHED,
        title="Des bancs place de l'Église",
        description="Il manque des bancs à l'ombre.\n\nLes personnes âgées aimeraient s'asseoir.",
        participant_key="anon:author",
        receipt="PR000001",
    )
    idea = f"{consultation.url}{proposal.pk}/"

    budget = _budget(
        home,
        "Budget participatif 2026",
        "budget-2026",
        "vote",
        {
            "Centre-bourg": (30_000, [("Aire de jeux", 20_000), ("Bancs ombragés", 8_000)]),
            "Toute la commune": (20_000, [("Fontaines à eau", 12_000), ("Vergers", 9_000)]),
        },
    )
    envelope = budget.envelope_list()[0]
    project = BudgetProject.objects.get(title="Aire de jeux")
    ballot_url = f"{budget.url}vote/{envelope.pk}/"
    counted = _budget(
        home,
        "Budget participatif 2025",
        "budget-2025",
        "follow_up",
        {
            "Toute la commune": (
                30_000,
                [("Lavoir", 18_000), ("Skatepark", 25_000), ("Jardin", 9_000)],
            )
        },
    )
    _count_budget(counted, [["Lavoir", "Jardin"], ["Skatepark"], ["Lavoir"]])

    return [
        PublicPage("vote page", vote_page.url, vote_page.title, vote_page.title),
        PublicPage(
            "vote page refused",
            vote_page.url,
            vote_page.title,
            vote_page.title,
            status=400,
            form=".wp-vote form",
            post_url=vote_page.url,
        ),
        PublicPage("embedded votes", article.url, article.title, article.title),
        PublicPage(
            "refusal page",
            article.url,
            "Votre participation n’a pas été enregistrée",
            "Votre participation n’a pas été enregistrée",
            status=400,
            form=f"form[action='{cast_url}']",
            post_url=cast_url,
            data={"page": str(article.pk)},
        ),
        PublicPage("survey", survey.url, survey.title, survey.title),
        PublicPage(
            "survey refused",
            survey.url,
            survey.title,
            survey.title,
            status=400,
            form="form[data-wp-survey]",
            post_url=survey.url,
            data={"step": "1", "action": "next", "q-spending": "beaucoup"},
        ),
        PublicPage(
            "survey results",
            f"{survey.url}results/",
            f"Résultats : {survey.title}",
            f"Résultats : {survey.title}",
        ),
        PublicPage(
            "survey written answers",
            f"{survey.url}results/answers/ideas/",
            f"Réponses écrites à la question 12 – {survey.title}",
            "12. Vos idées pour le centre-ville",
        ),
        PublicPage(
            "survey results not published",
            f"{hidden_results.url}results/",
            "Résultats",
            hidden_results.title,
            status=403,
        ),
        PublicPage("consultation", consultation.url, consultation.title, consultation.title),
        PublicPage("proposal", idea, f"{proposal.title} – {consultation.title}", proposal.title),
        PublicPage(
            "proposal form",
            f"{consultation.url}propose/",
            f"Proposer une idée – {consultation.title}",
            "Proposer une idée",
        ),
        PublicPage(
            "proposal form refused",
            f"{consultation.url}propose/",
            f"Proposer une idée – {consultation.title}",
            "Proposer une idée",
            status=400,
            form=".wp-propose form",
            post_url=f"{consultation.url}propose/",
        ),
        PublicPage(
            "report form",
            f"{idea}report/",
            f"Signaler une idée – {consultation.title}",
            "Signaler une idée",
        ),
        PublicPage(
            "consultation results",
            f"{consultation.url}results/",
            f"Résultats – {consultation.title}",
            f"Résultats : {consultation.title}",
        ),
        PublicPage("budget", budget.url, budget.title, budget.title),
        PublicPage(
            "budget envelopes",
            f"{budget.url}vote/",
            f"Voter – {budget.title}",
            f"Voter : {budget.title}",
        ),
        PublicPage(
            "budget ballot",
            ballot_url,
            f"Bulletin : Centre-bourg – {budget.title}",
            "Bulletin : Centre-bourg",
        ),
        PublicPage(
            "budget ballot refused",
            ballot_url,
            f"Bulletin : Centre-bourg – {budget.title}",
            "Bulletin : Centre-bourg",
            status=400,
            # Posted empty: in a browser, the ballot's script stops it before it leaves
            # (tests/budgets/test_browser.py), so browsers see the ballot itself.
            post_url=ballot_url,
        ),
        PublicPage(
            "budget project",
            f"{budget.url}{project.pk}/",
            f"{project.title} – {budget.title}",
            project.title,
        ),
        PublicPage(
            "budget project form",
            f"{budget.url}propose/",
            f"Proposer un projet – {budget.title}",
            "Proposer un projet",
        ),
        PublicPage(
            "budget report form",
            f"{budget.url}{project.pk}/report/",
            f"Signaler un projet – {budget.title}",
            "Signaler un projet",
        ),
        PublicPage("budget counted", counted.url, counted.title, counted.title),
        PublicPage(
            "budget results",
            f"{counted.url}results/",
            f"Résultats – {counted.title}",
            f"Résultats : {counted.title}",
        ),
        PublicPage(
            "report unavailable",
            reverse("wagtail_participation:report", args=["wagtail_participation", "vote", 0]),
            "Rapport des résultats",
            "Rapport des résultats",
            status=404,
        ),
    ]


def open_page(browser_page, live_server, page):
    """The page as a resident reaches it: a refusal page by sending its form (with the
    values of ``page.data`` for the fields a resident fills in)."""
    browser_page.goto(live_server.url + page.url)
    if page.form:
        form = browser_page.locator(page.form).first
        for name, value in page.data.items():
            field = form.locator(f"input[type=text][name='{name}']:visible")
            if field.count():
                field.fill(value)
        with browser_page.expect_navigation():
            form.locator("button[type=submit]").first.click()
    return browser_page


# --- what a page is made of --------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict
    parents: tuple
    text: str = ""

    def inside(self, tag):
        return tag in self.parents


class PageStructure(HTMLParser):
    """The elements of a page, each with the tags it is inside of (no DOM library needed)."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "area", "col", "wbr"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), tuple(e.tag for e in self.open))
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        for element in self.open:
            element.text += data

    def all(self, tag, **attrs):
        return [
            e
            for e in self.elements
            if e.tag == tag and all(attrs[name] in e.attrs.get(name, "") for name in attrs)
        ]

    def stylesheets(self, href_part):
        return [e for e in self.all("link", rel="stylesheet") if href_part in e.attrs["href"]]

    @staticmethod
    def words(text):
        return " ".join(text.split())
