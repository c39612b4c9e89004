"""Demo votes: public lighting at night (as in La Mure and Condom), and the church square."""

import json
import random
from datetime import timedelta

from django.utils import timezone

from example_site.demo import ensure_child_page, stream
from example_site.home.models import NewsArticlePage
from wagtail_participation.models import Ballot, BallotChoice, Vote, VoteOption

LIGHTING_TITLE = "Extinction de l'éclairage public la nuit"
SQUARE_TITLE = "Aménagement de la place de l'Église"


def load(context):
    now = timezone.now()
    lighting, created = Vote.objects.get_or_create(
        title=LIGHTING_TITLE,
        defaults={
            "question": "Extinction de l'éclairage public la nuit : pour ou contre ?",
            "description": (
                "La commune propose d'éteindre l'éclairage public de 23 h à 5 h, sauf sur la "
                "route départementale et aux abords de la gare. Économie attendue : "
                "18 000 € par an et une nuit plus noire pour la faune. Le conseil municipal "
                "tiendra compte du résultat lors de sa séance de janvier."
            ),
            "kind": "for_against",
            "allow_abstention": True,
            "opens_at": now - timedelta(days=10),
            "closes_at": now + timedelta(days=20),
            "results_visibility": "after_participation",
        },
    )
    if created:
        _demo_ballots(
            lighting,
            {"for": 81, "against": 47, "abstain": 9},
            paper={"for": 42, "against": 18, "abstain": 3},
        )
        context.log(f"Vote « {lighting.question} » créé avec des votes de démonstration.")

    square, created = Vote.objects.get_or_create(
        title=SQUARE_TITLE,
        defaults={
            "question": "Quels aménagements voulez-vous pour la place de l'Église ?",
            "description": "Choisissez jusqu'à deux aménagements parmi les quatre proposés.",
            "kind": "multiple",
            "min_choices": 1,
            "max_choices": 2,
            "opens_at": now - timedelta(days=3),
            "closes_at": now + timedelta(days=27),
            "results_visibility": "always",
        },
    )
    if created:
        for order, label in enumerate(
            ["Des bancs et de l'ombre", "Des arbres", "Une fontaine", "Des jeux pour enfants"]
        ):
            VoteOption.objects.create(vote=square, label=label, sort_order=order)
        _demo_ballots(square, {}, multiple=True, voters=64)
        context.log(f"Vote « {square.question} » créé avec des votes de démonstration.")

    _embed_on_home(context.home, lighting)
    article, created = ensure_child_page(
        context.news_index,
        NewsArticlePage,
        "eclairage-public-donnez-votre-avis",
        title="Éclairage public la nuit : donnez votre avis",
        date=now.date(),
        summary="Faut-il éteindre les lampadaires de 23 h à 5 h ? Votez avant la fin du mois.",
        body=stream(
            (
                "paragraph",
                "<p>Comme La Mure ou Condom avant elle, la commune envisage d'éteindre "
                "l'éclairage public au cœur de la nuit. Les communes qui l'ont fait ont réduit "
                "leur facture d'électricité d'un tiers environ, sans hausse constatée des "
                "cambriolages.</p><p>Avant de décider, le conseil municipal veut connaître "
                "l'avis des habitants. Vous pouvez voter ci-dessous, ou déposer un bulletin "
                "papier à l'accueil de la mairie : les deux sont comptés ensemble.</p>",
            ),
            ("vote", lighting.pk),
            ("heading", "Et la place de l'Église ?"),
            (
                "paragraph",
                "<p>Les travaux de la place commencent au printemps. Dites-nous ce que vous "
                "voulez y trouver.</p>",
            ),
            ("vote", square.pk),
        ),
    )
    if created:
        context.log(f"Actualité « {article.title} » créée.")
    return {"votes": [lighting, square], "vote_article": article}


def _embed_on_home(home, vote):
    body = list(home.body.raw_data)
    if any(block.get("type") == "vote" and block.get("value") == vote.pk for block in body):
        return
    body.insert(0, {"type": "vote", "value": vote.pk})
    home.body = json.dumps(body)
    home.save_revision().publish()


def _demo_ballots(vote, online, *, paper=None, multiple=False, voters=0):
    rng = random.Random(vote.title)
    options = list(vote.options.all())
    by_key = {option.key: option for option in options}
    start = vote.opens_at
    span = max((timezone.now() - start).total_seconds(), 60)
    if multiple:
        picks = [rng.sample(options, rng.choice([1, 2])) for _ in range(voters)]
    else:
        picks = [[by_key[key]] for key, count in online.items() for _ in range(count)]
    for number, chosen in enumerate(picks):
        ballot = Ballot.objects.create(
            target=vote,
            participant_key=f"demo:{number}",
            receipt=f"DEMO{vote.pk:02d}{number:04d}",
            submitted_at=start + timedelta(seconds=rng.uniform(0, span)),
        )
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, vote=vote, option=option) for option in chosen
        )
    for key, count in (paper or {}).items():
        ballot = Ballot.objects.create(
            target=vote, channel="paper", weight=count, note="Urne de la mairie (démonstration)"
        )
        BallotChoice.objects.create(
            ballot=ballot, vote=vote, option=by_key[key], channel="paper", weight=count
        )
    Vote.objects.filter(pk=vote.pk).update(frozen_at=start)
