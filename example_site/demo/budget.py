"""Participatory budgets of Saint-Exemple-sur-Loire.

- « Budget participatif 2026 — 50 000 € », in its vote: 25 residents' projects across the
  neighbourhoods, reviewed by the town hall (feasible with its cost, not feasible with a
  reason, one merged into another, one refused by moderation), and about 1,200 ballots cast
  so far — online, and a few on paper.
- « Budget participatif 2025 », closed and in follow-up: a small and a large envelope,
  counted with Equal Shares, its results published, and the works of the funded projects
  followed with dated news and photos.

Everything is drawn from fixed seeds: the same content every time. Ballots are written with
bulk inserts (each one checked against the ballot's rules first), so that loading stays fast.
"""

import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from example_site.demo import ensure_child_page
from wagtail_participation.budgets.ballots import ballot_limits, ballot_projects, problems_of
from wagtail_participation.budgets.counting import count_page, publish_results
from wagtail_participation.budgets.review import (
    add_works_update,
    review_project,
    set_works_status,
)
from wagtail_participation.models import (
    BudgetBallot,
    BudgetBallotChoice,
    BudgetEnvelope,
    BudgetPage,
    BudgetProject,
)
from wagtail_participation.participation.models import Channel
from wagtail_participation.proposals import moderation
from wagtail_participation.proposals.images import clean_image

SLUG_2026 = "budget-participatif-2026"
SLUG_2025 = "budget-participatif-2025"

AUTHORS = [
    "",
    "Camille",
    "Léa M.",
    "Association Vivre aux Vignes",
    "Jean-Pierre",
    "Nadia",
    "Les parents d'élèves",
    "Conseil des jeunes",
    "Comité des fêtes",
    "",
]

# (title, neighbourhood index or None for the whole commune, resident's cost, town hall's
# cost or None when not feasible, popularity, description)
PROJECTS_2026 = [
    (
        "Une aire de jeux pour les petits aux Bords de Loire",
        2,
        25000,
        28000,
        9,
        "Des jeux pour les moins de six ans près du camping : toboggan, balançoires, un sol "
        "souple.\n\nAujourd'hui les familles de ce côté de la commune n'ont rien.",
    ),
    (
        "Des bancs à l'ombre place de l'Église",
        0,
        3000,
        4500,
        7,
        "Six bancs sous les tilleuls, pour que les personnes âgées puissent s'asseoir à l'ombre "
        "en été.",
    ),
    (
        "Un composteur partagé aux Vignes",
        3,
        1500,
        2000,
        5,
        "Trois bacs en bois gérés par les habitants, avec l'aide du syndicat des déchets.",
    ),
    (
        "Planter vingt arbres avenue de la Gare",
        1,
        12000,
        15000,
        8,
        "L'avenue est une fournaise l'été : des tilleuls et des érables donneraient de l'ombre.",
    ),
    (
        "Un abri à vélos couvert à la gare",
        1,
        8000,
        9500,
        6,
        "Vingt places couvertes et sécurisées pour ceux qui prennent le train.",
    ),
    (
        "Une boîte à livres au Moulin",
        4,
        600,
        800,
        4,
        "Une cabane en bois où chacun dépose et emprunte des livres, près de l'école.",
    ),
    (
        "Un city-stade aux Bords de Loire",
        2,
        45000,
        48000,
        7,
        "Un terrain multisports clos, ouvert à tous, à côté du camping.\n\nLes jeunes jouent "
        "aujourd'hui sur le parking.",
    ),
    (
        "Restaurer le lavoir du Moulin",
        4,
        15000,
        18000,
        5,
        "Le vieux lavoir tombe en ruine ; restauré, il deviendrait un lieu de promenade.",
    ),
    (
        "Un radar pédagogique à la Croix-Blanche",
        5,
        2500,
        3200,
        6,
        "Les voitures traversent le hameau bien trop vite ; un radar qui affiche la vitesse les "
        "ferait ralentir.",
    ),
    (
        "Des toilettes publiques sèches au port",
        2,
        9000,
        11000,
        4,
        "Les promeneurs des bords de Loire n'ont aucune toilette à proximité.",
    ),
    (
        "Un jardin partagé derrière la gare",
        1,
        6000,
        7500,
        6,
        "Un terrain vague devenu potager : des parcelles, un récupérateur d'eau, un abri à outils.",
    ),
    (
        "Des nichoirs et un hôtel à insectes dans les écoles",
        None,
        1200,
        1500,
        5,
        "Fabriqués avec les écoliers et installés dans les trois cours d'école.",
    ),
    (
        "Une fontaine à eau au stade",
        1,
        3500,
        4200,
        4,
        "Les enfants du club de foot n'ont pas d'eau pendant l'entraînement.",
    ),
    (
        "Éclairer le passage sous la voie ferrée",
        1,
        7000,
        8800,
        6,
        "Le passage est très sombre le soir ; un éclairage à détection le rendrait plus sûr.",
    ),
    (
        "Un parcours sportif le long de la Loire",
        2,
        14000,
        16500,
        5,
        "Une dizaine d'agrès en bois le long du chemin de halage.",
    ),
    (
        "Des ruches sur le toit de la médiathèque",
        0,
        2500,
        3000,
        3,
        "Pour les abeilles, et pour expliquer leur rôle aux enfants lors d'ateliers.",
    ),
    (
        "Un plateau surélevé devant l'école des Vignes",
        3,
        18000,
        22000,
        7,
        "Les voitures ne ralentissent pas devant l'école malgré le panneau.",
    ),
    (
        "Une table de pique-nique au belvédère",
        5,
        1800,
        2400,
        3,
        "Au belvédère de la Croix-Blanche, pour profiter de la vue sur la vallée.",
    ),
    (
        "Des bacs à fleurs sur les trottoirs de la rue Haute",
        0,
        4000,
        5200,
        3,
        "Des jardinières fleuries, entretenues par les riverains volontaires.",
    ),
    # Not feasible (the town hall's reason below).
    (
        "Une piscine municipale",
        None,
        2000000,
        None,
        8,
        "Une piscine couverte pour que les enfants apprennent à nager.",
    ),
    (
        "Goudronner le chemin des Prés",
        5,
        30000,
        None,
        3,
        "Le chemin est plein de trous ; il faudrait le goudronner jusqu'à la ferme.",
    ),
    (
        "Des caméras de surveillance au centre-bourg",
        0,
        20000,
        None,
        4,
        "Pour lutter contre les incivilités le week-end.",
    ),
    # A duplicate, merged into the first bench project; one refused by moderation; and one the
    # town hall has not published (it names a private person).
    (
        "Plus de bancs sur la place",
        0,
        2000,
        None,
        0,
        "On ne peut pas s'asseoir sur la place de l'Église, il manque des bancs.",
    ),
    (
        "Interdire les chiens au parc",
        2,
        500,
        None,
        0,
        "Les chiens salissent tout, il faut les interdire partout dans le parc.",
    ),
    (
        "Réparer la clôture de M. Durand",
        3,
        1200,
        None,
        0,
        "La clôture de mon voisin est cassée depuis l'orage, la mairie devrait la réparer.",
    ),
]
NOT_FEASIBLE_2026 = {
    19: "Une piscine coûte plus de deux millions d'euros, bien au-delà de l'enveloppe ; la "
    "communauté de communes étudie une piscine intercommunale.",
    20: "Le chemin des Prés est un chemin rural que la commune entretient déjà ; le "
    "goudronner coûterait plus que l'enveloppe entière et l'imperméabiliserait.",
    21: "La vidéoprotection relève d'une délibération du conseil municipal et d'une "
    "autorisation du préfet : elle ne peut pas être décidée par le budget participatif.",
}
MERGED_2026 = {22: 1}
REJECTED_2026 = {
    23: "Interdire les chiens relève d'un arrêté du maire, pas d'un projet d'investissement ; "
    "le règlement du parc impose déjà la laisse.",
    24: "Une réparation sur une propriété privée ne peut pas être financée par la commune.",
}
BALLOTS_2026 = 1150
PAPER_BALLOTS_2026 = 60
MAX_PROJECTS_2026 = 5

# 2025: (title, envelope 0 small / 1 large, neighbourhood index, cost, popularity, works)
PROJECTS_2025 = [
    ("Un terrain de pétanque aux Vignes", 0, 3, 3500, 7, "done"),
    ("Des arceaux à vélos devant les commerces", 0, 0, 2400, 6, "done"),
    ("Un banc et une table au bord de la Loire", 0, 2, 1800, 5, "done"),
    ("Une boîte à livres à la gare", 0, 1, 900, 4, "done"),
    ("Des panneaux sur l'histoire du bourg", 0, 0, 4200, 3, ""),
    ("Un potager pédagogique à l'école du Moulin", 0, 4, 2800, 6, "in_progress"),
    ("Rénover l'aire de jeux du centre-bourg", 1, 0, 18000, 9, "in_progress"),
    ("Une piste cyclable vers la gare (première partie)", 1, 1, 26000, 8, "planned"),
    ("Un skate-park", 1, 2, 22000, 6, ""),
    ("Planter un verger communal", 1, 3, 9000, 5, "done"),
    ("Sécuriser le carrefour de la Croix-Blanche", 1, 5, 15000, 7, "in_progress"),
]
BALLOTS_2025 = 780
NEWS_2025 = {
    "Un terrain de pétanque aux Vignes": [
        (-250, "Les travaux commencent : terrassement et pose des bordures."),
        (-230, "Le terrain est ouvert ! Inauguration samedi avec le club de pétanque."),
    ],
    "Rénover l'aire de jeux du centre-bourg": [
        (-200, "Les anciens jeux sont démontés ; les nouveaux sont commandés."),
        (-40, "Le sol souple est posé. Les jeux seront installés d'ici un mois."),
    ],
    "Planter un verger communal": [
        (-180, "Quarante arbres fruitiers plantés avec les écoliers et les habitants."),
    ],
    "Sécuriser le carrefour de la Croix-Blanche": [
        (-90, "Le département a validé le plan du plateau ralentisseur."),
    ],
    "Un potager pédagogique à l'école du Moulin": [
        (-120, "Les bacs sont construits ; les premières graines sont semées."),
    ],
}


def load(context):
    neighbourhoods = context.neighbourhoods
    edition_2025 = _edition_2025(context, neighbourhoods)
    edition_2026 = _edition_2026(context, neighbourhoods, edition_2025)
    return {"budget_2026": edition_2026, "budget_2025": edition_2025}


# --- 2026: the vote is open -------------------------------------------------------------------


def _edition_2026(context, neighbourhoods, previous):
    now = timezone.now().replace(second=0, microsecond=0)
    page, created = ensure_child_page(
        context.home,
        BudgetPage,
        SLUG_2026,
        title="Budget participatif 2026 — 50 000 €",
        show_in_menus=True,
        intro=(
            "<p>La commune consacre <b>50 000 €</b> de son budget d'investissement 2026 aux "
            "projets de ses habitants. Vous avez proposé vos idées, la mairie les a étudiées : "
            "à vous de choisir celles qui seront réalisées.</p>"
            "<p>Choisissez jusqu'à cinq projets, dans la limite de l'enveloppe. Le décompte "
            "suit la méthode des parts égales : chaque votant dispose d'une part égale de "
            "l'enveloppe, si bien que chaque quartier obtient sa juste part.</p>"
            f'<p>Ce que sont devenus les projets de l\'an dernier : <a href="/{SLUG_2025}/">'
            "budget participatif 2025</a>.</p>"
        ),
        submission_start=now - timedelta(days=120),
        review_start=now - timedelta(days=75),
        vote_start=now - timedelta(days=10),
        results_start=now + timedelta(days=11),
        follow_up_start=now + timedelta(days=60),
        max_projects=MAX_PROJECTS_2026,
        min_projects=1,
        within_envelope=True,
        counting_rule="mes",
        tie_breaking="commune",
        draw_seed=20260601,
        results_visibility="after_closing",
    )
    if not created:
        return page
    envelope = BudgetEnvelope.objects.create(
        page=page, name="Toute la commune", amount=50_000, sort_order=0
    )
    # The envelope is part of the page's content: in its revision too, so that the editor
    # opens the page as it is.
    page = BudgetPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    rng = random.Random(SLUG_2026)
    projects = []
    for number, (title, where, estimate, _cost, _popularity, description) in enumerate(
        PROJECTS_2026
    ):
        projects.append(
            BudgetProject.objects.create(
                target=page,
                envelope=envelope,
                title=title,
                description=description,
                neighbourhood=neighbourhoods[where] if where is not None else None,
                estimated_cost=estimate,
                author_name=rng.choice(AUTHORS),
                participant_key=f"demo:author:{number % 13}",
                receipt=f"DEMOBP{number:02d}",
                submitted_at=page.submission_start + timedelta(hours=9 + 31 * number),
            )
        )
    for number, project in enumerate(projects):
        if number in REJECTED_2026:
            moderation.reject(project, None, REJECTED_2026[number])
        else:
            moderation.publish(project, None)
    for duplicate, original in MERGED_2026.items():
        moderation.merge_into(projects[duplicate], projects[original], None)
    # The review happened before the vote opened: the page is moved back while it is made.
    BudgetPage.objects.filter(pk=page.pk).update(vote_start=now + timedelta(days=1))
    for number, (_title, _where, _estimate, cost, _popularity, _text) in enumerate(PROJECTS_2026):
        if number in REJECTED_2026 or number in MERGED_2026:
            continue
        if cost is None:
            review_project(
                projects[number], None, feasibility="not_feasible", reason=NOT_FEASIBLE_2026[number]
            )
        else:
            review_project(
                projects[number],
                None,
                feasibility="feasible",
                reason="",
                cost=cost,
                envelope=envelope,
            )
    BudgetPage.objects.filter(pk=page.pk).update(vote_start=now - timedelta(days=10))
    page = BudgetPage.objects.get(pk=page.pk)
    popularity = {projects[number].pk: entry[4] for number, entry in enumerate(PROJECTS_2026)}
    count = _ballots(
        page,
        envelope,
        rng,
        popularity,
        BALLOTS_2026,
        neighbourhood_bias=True,
        paper=PAPER_BALLOTS_2026,
    )
    context.log(
        f"Budget participatif « {page.title} » créé : {len(projects)} projets, {count} bulletins."
    )
    return page


# --- 2025: closed, counted, works followed ----------------------------------------------------


def _edition_2025(context, neighbourhoods):
    now = timezone.now().replace(second=0, microsecond=0)
    page, created = ensure_child_page(
        context.home,
        BudgetPage,
        SLUG_2025,
        title="Budget participatif 2025",
        intro=(
            "<p>En 2025, onze projets proposés par les habitants ont été soumis au vote, en deux "
            "enveloppes : les petits projets (jusqu'à 5 000 € chacun) et les grands projets. "
            "Voici les projets financés et où en sont leurs travaux.</p>"
        ),
        submission_start=now - timedelta(days=480),
        review_start=now - timedelta(days=435),
        vote_start=now - timedelta(days=390),
        results_start=now - timedelta(days=369),
        follow_up_start=now - timedelta(days=300),
        max_projects=4,
        min_projects=1,
        within_envelope=True,
        counting_rule="mes",
        tie_breaking="commune",
        draw_seed=20250601,
        results_visibility="after_closing",
    )
    if not created:
        return page
    small = BudgetEnvelope.objects.create(
        page=page,
        name="Petits projets",
        amount=10_000,
        max_project_cost=5_000,
        description="des projets de 5 000 € au plus",
        sort_order=0,
    )
    large = BudgetEnvelope.objects.create(
        page=page, name="Grands projets", amount=40_000, sort_order=1
    )
    page = BudgetPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    envelopes = [small, large]
    rng = random.Random(SLUG_2025)
    popularity = {}
    for number, (title, envelope, where, cost, weight, _works) in enumerate(PROJECTS_2025):
        project = BudgetProject.objects.create(
            target=page,
            envelope=envelopes[envelope],
            title=title,
            description=f"{title}, proposé par des habitants en 2025.",
            neighbourhood=neighbourhoods[where],
            estimated_cost=cost,
            cost=cost,
            feasibility="feasible",
            status="published",
            author_name=rng.choice(AUTHORS),
            participant_key=f"demo:author2025:{number}",
            receipt=f"DEMO25{number:02d}",
            submitted_at=page.submission_start + timedelta(days=number + 1),
        )
        popularity[project.pk] = weight
    for envelope in envelopes:
        _ballots(page, envelope, rng, popularity, BALLOTS_2025)
    page = BudgetPage.objects.get(pk=page.pk)
    count_page(page)
    publish_results(page)
    works = {entry[0]: entry[5] for entry in PROJECTS_2025}
    for project in BudgetProject.objects.filter(target=page, funded=True):
        if works[project.title]:
            set_works_status(project, None, works[project.title])
        for offset, text in NEWS_2025.get(project.title, []):
            add_works_update(
                project,
                None,
                date=(now + timedelta(days=offset)).date(),
                text=text,
                image=_photo(project.title, offset),
                image_description=f"Les travaux : {project.title.lower()}",
            )
    funded = BudgetProject.objects.filter(target=page, funded=True).count()
    context.log(f"Budget participatif « {page.title} » créé : {funded} projets financés.")
    return page


# --- ballots ------------------------------------------------------------------------------------


def _ballots(page, envelope, rng, popularity, voters, *, neighbourhood_bias=False, paper=0):
    """``voters`` online ballots (and ``paper`` paper ones) in ``envelope``, each drawn from
    the projects' popularity (and the voter's neighbourhood), each checked by the ballot's
    rules before it is written."""
    envelope.page = page
    projects = list(ballot_projects(envelope))
    limits = ballot_limits(envelope)
    costs = {str(project.pk): project.cost for project in projects}
    start, end = page.vote_window()
    span = (min(end, timezone.now()) - start).total_seconds()
    neighbourhoods = sorted({p.neighbourhood_id for p in projects if p.neighbourhood_id})
    ballots, choices = [], []
    for number in range(voters + paper):
        home = rng.choice(neighbourhoods) if neighbourhood_bias and neighbourhoods else None
        chosen = _draw(rng, projects, popularity, limits, costs, home)
        channel = Channel.PAPER if number >= voters else Channel.ONLINE
        ballots.append(
            BudgetBallot(
                target=envelope,
                page=page,
                channel=channel,
                participant_key=f"demo:voter:{number}" if channel == Channel.ONLINE else "",
                note="Urne de la mairie" if channel == Channel.PAPER else "",
                submitted_at=start + timedelta(seconds=span * (number + 0.5) / (voters + paper)),
            )
        )
        choices.append(chosen)
    BudgetBallot.objects.bulk_create(ballots, batch_size=500)
    # The envelope had no ballot before: its ballots' ids, in the order they were written.
    ids = list(
        BudgetBallot.objects.filter(target=envelope).order_by("pk").values_list("pk", flat=True)
    )
    BudgetBallotChoice.objects.bulk_create(
        (
            BudgetBallotChoice(ballot_id=ballot_id, envelope_id=envelope.pk, project=project)
            for ballot_id, chosen in zip(ids, choices, strict=True)
            for project in chosen
        ),
        batch_size=2000,
    )
    BudgetPage.objects.filter(pk=page.pk).update(rules_frozen_at=start)
    return len(ballots)


def _draw(rng, projects, popularity, limits, costs, home):
    """One voter's choice: projects drawn by popularity (more for their neighbourhood) until
    the next one would break the rules."""
    weights = [
        popularity[project.pk] * (3 if home and project.neighbourhood_id == home else 1)
        for project in projects
    ]
    wanted = rng.randint(1, limits.max_projects or len(projects))
    chosen = []
    for _attempt in range(4 * len(projects)):
        if len(chosen) >= wanted:
            break
        project = rng.choices(projects, weights)[0]
        if project in chosen:
            continue
        candidate = [*chosen, project]
        if not problems_of(limits, costs, [str(p.pk) for p in candidate]):
            chosen = candidate
    if problems_of(limits, costs, [str(p.pk) for p in chosen]):
        # Too few for the rules: the cheapest project alone is always allowed in the demo.
        chosen = [min(projects, key=lambda project: project.cost)]
    return chosen


def _photo(title, seed):
    """A drawn picture standing for a photo of the works, through the proposals' image
    checks (re-encoded, no metadata)."""
    rng = random.Random(f"{title}{seed}")
    image = Image.new("RGB", (640, 400), (135, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 260, 640, 400), fill=(95, 150, 70))
    for _tree in range(5):
        x = rng.randint(20, 600)
        draw.rectangle((x, 200, x + 10, 270), fill=(110, 80, 50))
        draw.ellipse((x - 30, 140, x + 40, 220), fill=(60, 120, 60))
    draw.rectangle((250, 230, 390, 300), fill=(230, 200, 120))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return clean_image(SimpleUploadedFile("photo.jpg", output.getvalue(), "image/jpeg"))
