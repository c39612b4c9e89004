"""Demo survey: "Revitalisation du centre-ville : vos priorités", as Dourdan, Marseillan or
Lesparre-Médoc asked their residents, with a few hundred generated responses.

The responses are drawn from a seeded random generator (the same ones at every load), each
checked by the survey's own rules as an online response is, and written in bulk: loading takes
a second or two.
"""

import json
import random
from datetime import timedelta

from django.http import QueryDict
from django.utils import timezone

from example_site.demo import ensure_child_page
from wagtail_participation.models import SurveyAnswer, SurveyPage, SurveyResponse
from wagtail_participation.surveys.stream import options as items
from wagtail_participation.surveys.stream import question, section

SLUG = "revitalisation-du-centre-ville"
TITLE = "Revitalisation du centre-ville : vos priorités"
RESPONSES = 320
PAPER_SHARE = 0.08
SEED = "Saint-Exemple-sur-Loire, centre-ville"


TRANSPORT = "Comment venez-vous le plus souvent au centre-ville ?"

QUESTIONS = [
    section(
        "step-priorities",
        "Vos priorités",
        "La commune prépare un programme de revitalisation du centre-bourg sur six ans.",
    ),
    question(
        "ranking",
        "projects",
        "Quels projets pour le centre-ville ? Classez vos trois priorités",
        items=items(
            "projects",
            "Rénover la halle du marché",
            "Rendre la rue du Commerce piétonne",
            "Planter des arbres place de l'Église",
            "Créer un parking à l'entrée du bourg",
            "Relier la gare au centre par une piste cyclable",
        ),
        rank_count=3,
        required=True,
    ),
    question(
        "majority_judgment",
        "judgment",
        "Que pensez-vous de ces trois idées ?",
        options=items(
            "judgment",
            "Une halle couverte ouverte toute la semaine",
            "La rue du Commerce piétonne le samedi",
            "Un marché nocturne en été",
        ),
        grades=[
            "Excellent",
            "Très bien",
            "Bien",
            "Assez bien",
            "Passable",
            "Insuffisant",
            "À rejeter",
        ],
    ),
    question(
        "multiple_choice",
        "missing",
        "Qu'est-ce qui manque le plus au centre-ville ?",
        options=items(
            "missing",
            "Des commerces de bouche",
            "Des cafés et restaurants",
            "Des bancs et de l'ombre",
            "Des toilettes publiques",
            "Des animations",
            "Des services de santé",
        ),
        max_choices=3,
        allow_other=True,
    ),
    section("step-shopping", "Vos habitudes d'achat"),
    question(
        "single_choice",
        "frequency",
        "À quelle fréquence venez-vous au centre-ville ?",
        options=items(
            "frequency",
            "Tous les jours",
            "Plusieurs fois par semaine",
            "Une fois par semaine",
            "Moins souvent",
        ),
        required=True,
    ),
    question(
        "multiple_choice",
        "groceries",
        "Où faites-vous vos courses alimentaires ?",
        options=items(
            "groceries",
            "Dans les commerces du centre-ville",
            "Au marché du samedi",
            "Au supermarché de la zone commerciale",
            "En ligne ou en drive",
        ),
    ),
    question(
        "number",
        "spending",
        "Combien dépensez-vous par semaine dans les commerces du centre-ville ?",
        help_text="Une estimation suffit.",
        minimum="0",
        maximum="2000",
        unit="€",
    ),
    question(
        "matrix",
        "opinion",
        "Votre avis sur le centre-ville aujourd'hui",
        rows=items(
            "opinion-row",
            "La propreté",
            "La sécurité le soir",
            "L'offre de commerces",
            "Le stationnement",
        ),
        columns=items(
            "opinion-col",
            "Très satisfait",
            "Plutôt satisfait",
            "Plutôt insatisfait",
            "Très insatisfait",
        ),
    ),
    section("step-mobility", "Vos déplacements"),
    question(
        "single_choice",
        "transport",
        TRANSPORT,
        options=items("transport", "En voiture", "À vélo", "À pied", "En bus"),
        allow_other=True,
        required=True,
    ),
    question(
        "scale",
        "parking",
        "Est-il facile de vous garer ?",
        minimum=1,
        maximum=5,
        min_label="Très difficile",
        max_label="Très facile",
        condition=(TRANSPORT, "En voiture"),
    ),
    question(
        "yes_no",
        "bike_racks",
        "Trouvez-vous assez d'arceaux pour attacher votre vélo ?",
        condition=(TRANSPORT, "À vélo"),
    ),
    question(
        "scale",
        "recommend",
        "Conseilleriez-vous à un ami de faire ses achats au centre-ville ?",
        minimum=0,
        maximum=10,
        min_label="Pas du tout",
        max_label="Tout à fait",
    ),
    section("step-you", "Vous et vos idées"),
    question(
        "neighbourhood",
        "neighbourhood",
        "Dans quel quartier habitez-vous ?",
        allow_outside=True,
    ),
    question(
        "single_choice",
        "age",
        "Votre tranche d'âge",
        options=items(
            "age", "Moins de 25 ans", "25 à 39 ans", "40 à 59 ans", "60 à 74 ans", "75 ans et plus"
        ),
    ),
    question(
        "long_text",
        "ideas",
        "Vos idées pour un centre-ville plus vivant",
        help_text="Ce que vous aimeriez y trouver, y faire, y changer.",
    ),
]

IDEAS = [
    "Une halle couverte pour que le marché ait lieu même quand il pleut.",
    "Plus de bancs à l'ombre place de l'Église, les personnes âgées n'ont nulle part où s'asseoir.",
    "Des boutiques éphémères dans les vitrines vides, pour tester de nouveaux commerces.",
    "Un marché nocturne en juillet et août avec des producteurs locaux.",
    "Rendre la rue du Commerce piétonne le samedi matin.",
    "Des arceaux à vélos devant la boulangerie et la pharmacie.",
    "Un café associatif où se retrouver.",
    "Réduire les loyers commerciaux pour attirer des artisans.",
    "Une navette gratuite depuis la gare le jour du marché.",
    "Fleurir les façades, comme à Marseillan.",
    "Des toilettes publiques ouvertes toute l'année.",
    "Ouvrir les commerces plus tard le vendredi soir.",
    "Une aire de jeux près de la halle pour que les parents restent en ville.",
    "Un parking gratuit limité à deux heures à l'entrée du bourg.",
    "Moins de voitures devant l'école à 16 h 30.",
    "Des animations pour les jeunes : concerts, cinéma en plein air.",
    "Une épicerie de producteurs locaux.",
    "Refaire les trottoirs de la rue Haute, impossible d'y passer avec une poussette.",
    "Mieux éclairer le passage entre la place et le parking le soir.",
    "Un espace de travail partagé au-dessus de l'ancienne poste.",
]
# An answer an editor hid from the public: it gave a phone number.
HIDDEN_IDEA = "Je peux aider à organiser le marché nocturne, appelez-moi au 06 12 34 56 78."


def load(context):
    page, created = ensure_child_page(
        context.home,
        SurveyPage,
        SLUG,
        title=TITLE,
        show_in_menus=True,
        intro=(
            "<p>La mairie prépare un programme de revitalisation du centre-bourg. Avant de "
            "choisir, elle veut connaître vos priorités, vos habitudes d'achat et vos "
            "déplacements. Comptez dix minutes ; vos réponses sont anonymes.</p>"
        ),
        body=json.dumps(QUESTIONS),
        thank_you=(
            "<p>Merci pour vos réponses ! Les résultats seront présentés lors de la réunion "
            "publique du 14 mars à la salle des fêtes, puis publiés ici.</p>"
        ),
        opens_at=timezone.now() - timedelta(days=21),
        closes_at=timezone.now() + timedelta(days=9),
        results_visibility="always",
    )
    if created:
        count = _responses(page, context.neighbourhoods)
        context.log(f"Questionnaire « {page.title} » créé avec {count} réponses de démonstration.")
    return {"survey": page}


def _responses(page, neighbourhoods):
    rng = random.Random(SEED)
    page = SurveyPage.objects.get(pk=page.pk)
    structure = page.structure
    start = page.opens_at
    span = (timezone.now() - start).total_seconds()
    responses, cleaned = [], []
    for number in range(RESPONSES):
        data = _answers(rng, number, neighbourhoods)
        cleaned.append(page.validate_submission(data)["answers"])
        paper = rng.random() < PAPER_SHARE
        responses.append(
            SurveyResponse(
                target=page,
                channel="paper" if paper else "online",
                participant_key="" if paper else f"demo:{number}",
                receipt="" if paper else f"DEMO{number:04d}",
                note="Urne de la mairie (démonstration)" if paper else "",
                submitted_at=start + timedelta(seconds=rng.uniform(0, span)),
            )
        )
    SurveyResponse.objects.bulk_create(responses)
    rows = []
    for response, answers in zip(responses, cleaned, strict=True):
        for answer in answers:
            for row in answer.rows():
                rows.append(
                    SurveyAnswer(
                        response=response, survey_id=page.pk, channel=response.channel, **row
                    )
                )
    for row in rows:
        if row.text == HIDDEN_IDEA:
            row.hidden = True
    SurveyAnswer.objects.bulk_create(rows, batch_size=2000)
    assert structure.questions  # the survey's own structure was used throughout
    return len(responses)


def _pick(rng, weighted):
    labels, weights = zip(*weighted, strict=True)
    return rng.choices(labels, weights=weights)[0]


def _answers(rng, number, neighbourhoods):
    """One resident's form, as sent: a QueryDict of field names and values."""
    data = QueryDict(mutable=True)
    projects = ["projects-1", "projects-2", "projects-3", "projects-4", "projects-5"]
    weights = [5, 3, 4, 2, 3]
    chosen = []
    for _rank in range(3):
        key = rng.choices(projects, weights=weights)[0]
        index = projects.index(key)
        projects.pop(index)
        weights.pop(index)
        chosen.append(key)
    for rank, key in enumerate(chosen, start=1):
        data[f"q-projects-{key}"] = str(rank)
    if rng.random() < 0.9:
        # The halle is well liked, the pedestrian street divides, the night market pleases.
        for key, centre, spread in (
            ("judgment-1", 1.8, 1.2),
            ("judgment-2", 3.2, 2.0),
            ("judgment-3", 2.4, 1.3),
        ):
            grade = round(rng.gauss(centre, spread))
            data[f"q-judgment-{key}"] = str(min(max(grade, 0), 6))
    missing = rng.sample(
        ["missing-1", "missing-2", "missing-3", "missing-4", "missing-5", "missing-6"],
        k=rng.choice([1, 2, 2, 3, 3]),
    )
    if rng.random() < 0.06:
        missing = missing[:2]  # "Other" is one of the three answers at most
        data["q-missing-other"] = rng.choice(
            ["Un distributeur de billets", "Une librairie", "Un cordonnier"]
        )
    data.setlist("q-missing", missing)
    data["q-frequency"] = _pick(
        rng,
        [("frequency-1", 2), ("frequency-2", 4), ("frequency-3", 3), ("frequency-4", 2)],
    )
    data.setlist(
        "q-groceries",
        [
            key
            for key, share in (
                ("groceries-1", 0.45),
                ("groceries-2", 0.55),
                ("groceries-3", 0.7),
                ("groceries-4", 0.15),
            )
            if rng.random() < share
        ],
    )
    if rng.random() < 0.8:
        data["q-spending"] = str(max(0, round(rng.lognormvariate(3.4, 0.7))))
    for row, weights in (
        ("opinion-row-1", [3, 5, 2, 1]),
        ("opinion-row-2", [2, 4, 3, 1]),
        ("opinion-row-3", [1, 2, 5, 3]),
        ("opinion-row-4", [1, 3, 4, 3]),
    ):
        if rng.random() < 0.95:
            data[f"q-opinion-{row}"] = _pick(
                rng, list(zip([f"opinion-col-{n}" for n in range(1, 5)], weights, strict=True))
            )
    transport = _pick(
        rng,
        [
            ("transport-1", 9),
            ("transport-2", 3),
            ("transport-3", 5),
            ("transport-4", 1),
            ("other", 0.3),
        ],
    )
    data["q-transport"] = transport
    if transport == "other":
        data["q-transport-other"] = rng.choice(["En trottinette", "En fauteuil roulant"])
    if transport == "transport-1" and rng.random() < 0.95:
        data["q-parking"] = _pick(rng, [("1", 3), ("2", 4), ("3", 3), ("4", 2), ("5", 1)])
    if transport == "transport-2":
        data["q-bike_racks"] = _pick(rng, [("yes", 1), ("no", 2)])
    data["q-recommend"] = str(min(10, max(0, round(rng.gauss(6.2, 2.2)))))
    data["q-neighbourhood"] = _pick(
        rng,
        [(str(n.pk), weight) for n, weight in zip(neighbourhoods, [6, 4, 3, 3, 2, 1], strict=False)]
        + [("outside", 1)],
    )
    data["q-age"] = _pick(
        rng, [("age-1", 1), ("age-2", 3), ("age-3", 4), ("age-4", 4), ("age-5", 2)]
    )
    if number == 17:
        data["q-ideas"] = HIDDEN_IDEA
    elif rng.random() < 0.4:
        data["q-ideas"] = rng.choice(IDEAS)
    return data
