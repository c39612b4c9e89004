"""A consultation: « Idées pour améliorer le cadre de vie », with about forty residents'
ideas across its themes and the commune's neighbourhoods, their supports, the town hall's
moderation decisions and its first answers. Deterministic: the same content every time."""

import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import Count
from django.utils import timezone
from wagtail.documents import get_document_model

from example_site.demo import ensure_child_page
from wagtail_participation.models import (
    ConsultationDocument,
    ConsultationPage,
    ConsultationProposal,
    ConsultationProposalReport,
    ConsultationSupport,
    ConsultationTheme,
)
from wagtail_participation.proposals import moderation

SLUG = "idees-cadre-de-vie"
THEMES = [
    "Mobilité et déplacements",
    "Nature et environnement",
    "Vie de quartier",
    "Enfance et jeunesse",
    "Sécurité routière",
]

# (title, theme index, neighbourhood index or None for the whole commune, description)
IDEAS = [
    (
        "Une piste cyclable jusqu'à la gare",
        0,
        1,
        "Relier le centre-bourg à la gare à vélo sans passer par la départementale.\n\n"
        "Aujourd'hui les parents n'osent pas laisser les collégiens y aller seuls.",
    ),
    (
        "Des bancs à l'ombre place de l'Église",
        2,
        0,
        "Les personnes âgées n'ont nulle part où s'asseoir à l'ombre en été.\n\n"
        "Quelques bancs sous les tilleuls suffiraient.",
    ),
    (
        "Un composteur partagé aux Vignes",
        1,
        3,
        "Beaucoup d'habitants des Vignes n'ont pas de jardin et jettent leurs épluchures.",
    ),
    (
        "Limiter la vitesse à 30 rue du Moulin",
        4,
        4,
        "Les voitures passent trop vite devant l'école du Moulin aux heures de sortie.",
    ),
    (
        "Une aire de jeux pour les petits aux Bords de Loire",
        3,
        2,
        "Il n'y a aucun jeu pour les moins de six ans de ce côté de la commune.",
    ),
    (
        "Planter des arbres le long de l'avenue de la Gare",
        1,
        1,
        "L'avenue est une fournaise en été. Des arbres donneraient de l'ombre et de la fraîcheur.",
    ),
    (
        "Un marché le dimanche matin",
        2,
        0,
        "Un petit marché de producteurs le dimanche ferait vivre le centre-bourg.",
    ),
    (
        "Une navette vers le marché pour les hameaux",
        0,
        5,
        "Les habitants de la Croix-Blanche sans voiture ne peuvent pas venir au marché.",
    ),
    (
        "Éclairer le passage sous la voie ferrée",
        4,
        1,
        "Le passage est très sombre le soir ; on ne s'y sent pas en sécurité.",
    ),
    (
        "Des toilettes publiques près du port",
        2,
        2,
        "Les promeneurs des bords de Loire n'ont aucune toilette à proximité.",
    ),
    (
        "Un local pour les jeunes",
        3,
        None,
        "Les adolescents n'ont pas de lieu à eux ; ils se retrouvent sous l'abribus.",
    ),
    (
        "Un parking à vélos couvert à la mairie",
        0,
        0,
        "Quand il pleut, on ne peut pas laisser son vélo devant la mairie.",
    ),
    (
        "Fleurir les entrées de la commune",
        1,
        None,
        "Des massifs fleuris aux entrées de Saint-Exemple donneraient envie de s'arrêter.",
    ),
    (
        "Un plateau surélevé devant l'école des Vignes",
        4,
        3,
        "Les voitures ne ralentissent pas devant l'école malgré le panneau.",
    ),
    (
        "Des cours de vélo pour les enfants",
        3,
        None,
        "Apprendre à circuler à vélo en sécurité, avec la police municipale.",
    ),
    (
        "Un jardin partagé à la Gare",
        1,
        1,
        "Il reste un terrain vague derrière la gare : on pourrait y cultiver ensemble.",
    ),
    ("Une boîte à livres au Moulin", 2, 4, "Une cabane où chacun dépose et emprunte des livres."),
    (
        "Des trottoirs praticables rue Haute",
        0,
        0,
        "Avec une poussette ou un fauteuil roulant, on doit marcher sur la route.",
    ),
    (
        "Récupérer l'eau de pluie des bâtiments communaux",
        1,
        None,
        "Pour arroser les massifs sans eau potable.",
    ),
    (
        "Une fête des voisins soutenue par la mairie",
        2,
        None,
        "Prêter des tables et des bancs aux rues qui organisent leur fête.",
    ),
    (
        "Un city-stade aux Bords de Loire",
        3,
        2,
        "Un terrain multisports ouvert à tous, près du camping.",
    ),
    (
        "Un radar pédagogique à la Croix-Blanche",
        4,
        5,
        "Les voitures traversent le hameau à 80 km/h.",
    ),
    (
        "Des horaires de bus adaptés aux lycéens",
        0,
        None,
        "Le dernier car part avant la fin des cours du mercredi.",
    ),
    (
        "Nettoyer les berges une fois par an",
        1,
        2,
        "Une journée citoyenne de ramassage des déchets sur les berges.",
    ),
    (
        "Des ruches sur le toit de la médiathèque",
        1,
        0,
        "Pour les abeilles et pour expliquer leur rôle aux enfants.",
    ),
    (
        "Un conseil municipal des enfants",
        3,
        None,
        "Que les enfants puissent proposer leurs idées eux aussi.",
    ),
    (
        "Un passage piéton devant la boulangerie des Vignes",
        4,
        3,
        "Traverser pour aller à la boulangerie est dangereux.",
    ),
    (
        "Des bornes de recharge pour voitures électriques",
        0,
        1,
        "Il n'y a aucune borne dans la commune.",
    ),
    (
        "Un lavoir restauré au Moulin",
        2,
        4,
        "Le vieux lavoir tombe en ruine : c'est un morceau de notre histoire.",
    ),
    (
        "Éteindre les vitrines la nuit",
        1,
        0,
        "Les vitrines restent allumées toute la nuit, c'est du gaspillage.",
    ),
    ("Une ludothèque itinérante", 3, None, "Des jeux prêtés dans chaque quartier le samedi."),
    (
        "Sécuriser le carrefour de la Croix-Blanche",
        4,
        5,
        "Plusieurs accidents ont eu lieu au carrefour depuis deux ans.",
    ),
    (
        "Du covoiturage organisé vers la ville",
        0,
        None,
        "Une page ou un tableau pour se proposer des trajets.",
    ),
    (
        "Des nichoirs dans les écoles",
        1,
        None,
        "Fabriquer des nichoirs avec les écoliers et les installer dans les cours.",
    ),
    (
        "Un banc face à la Loire",
        2,
        2,
        "Pour regarder le fleuve : il n'y a pas un seul banc sur le quai.",
    ),
    (
        "Ouvrir la cour de l'école le samedi",
        3,
        0,
        "La cour pourrait servir d'aire de jeux le week-end.",
    ),
    # Two ideas that repeat earlier ones, merged by the town hall.
    ("Piste vélo vers la gare", 0, 1, "Il faudrait une vraie piste pour aller à la gare à vélo."),
    ("Plus de bancs sur la place de l'Église", 2, 0, "On ne peut pas s'asseoir sur la place."),
    # Two ideas the town hall did not publish, and three still waiting.
    (
        "Interdire les chiens partout",
        2,
        None,
        "Les chiens salissent tout, il faut les interdire dans toute la commune.",
    ),
    (
        "Mon voisin fait trop de bruit",
        2,
        3,
        "Le voisin du 12 fait du bruit tous les soirs, la mairie doit intervenir.",
    ),
    (
        "Une halle couverte pour le marché",
        2,
        0,
        "Le marché pourrait se tenir à l'abri quand il pleut.",
    ),
    (
        "Des pistes de luge l'hiver",
        3,
        4,
        "Quand il neige, aménager la pente du Moulin pour les enfants.",
    ),
    (
        "Une fontaine à eau au stade",
        3,
        1,
        "Les enfants du club de foot n'ont pas d'eau pendant l'entraînement.",
    ),
]
MERGED = {36: 0, 37: 1}  # duplicate index → original index
REJECTED = {
    38: "Interdire les chiens dans toute la commune n'est pas possible ; le règlement sur "
    "les déjections canines s'applique déjà et sera rappelé.",
    39: "Un différend entre voisins relève du conciliateur de justice, que la mairie peut "
    "vous aider à contacter : ce n'est pas une idée pour le cadre de vie de tous.",
}
PENDING = {40, 41, 42}
ANSWERS = {
    0: (
        "accepted",
        "La piste cyclable est inscrite au budget 2027 ; les travaux commenceront au printemps.",
    ),
    1: (
        "already_planned",
        "Six bancs seront posés sous les tilleuls lors du réaménagement de la place, cet été.",
    ),
    3: (
        "under_study",
        "Les services mesurent la vitesse rue du Moulin pendant un mois avant de décider.",
    ),
    5: (
        "under_study",
        "L'avenue appartient au département : la commune lui a transmis la proposition.",
    ),
    8: ("accepted", "Un éclairage à détection de présence sera installé d'ici la fin de l'année."),
    9: (
        "not_retained",
        "Le coût d'entretien est trop élevé ; des toilettes seront indiquées au camping.",
    ),
    11: ("already_planned", "Un abri à vélos est prévu dans les travaux de la mairie."),
    13: ("accepted", "Le plateau sera réalisé pendant les vacances d'été."),
    16: ("not_retained", "Une boîte à livres existe déjà à la médiathèque, à deux pas."),
    27: ("under_study", "Le syndicat d'énergie étudie deux emplacements."),
}
REPORTED = {6: "advertising", 19: "other"}


def load(context):
    now = timezone.now()
    page, created = ensure_child_page(
        context.home,
        ConsultationPage,
        SLUG,
        title="Idées pour améliorer le cadre de vie",
        show_in_menus=True,
        question="Comment améliorer le cadre de vie à Saint-Exemple ?",
        context=(
            "<p>Trottoirs, arbres, jeux, sécurité des rues : la municipalité veut connaître "
            "vos idées pour rendre la commune plus agréable à vivre. Proposez les vôtres, "
            "soutenez celles des autres.</p><p>Les idées qui recueillent <b>30 soutiens</b> "
            "seront étudiées en conseil municipal ; la mairie répondra publiquement à "
            "chacune.</p>"
        ),
        ideas_start=now - timedelta(days=25),
        support_start=now + timedelta(days=5),
        analysis_start=now + timedelta(days=20),
        answers_start=now + timedelta(days=35),
        supports_during_ideas=True,
        publish_immediately=False,
        support_threshold=30,
        threshold_commitment="la mairie s'engage à l'étudier en conseil municipal",
        results_visibility="always",
    )
    if not created:
        return {"consultation": page}
    themes = [
        ConsultationTheme.objects.create(page=page, name=name, sort_order=order)
        for order, name in enumerate(THEMES)
    ]
    _rules_document(page)
    _ideas(page, themes, context.neighbourhoods, now)
    published = page.submissions.filter(status="published").count()
    context.log(
        f"Consultation « {page.title} » créée : {published} idées publiées, "
        f"{ConsultationSupport.objects.filter(target__target=page).count()} soutiens."
    )
    return {"consultation": page}


def _rules_document(page):
    document = get_document_model()(title="Règles de participation (charte)")
    document.file.save(
        "charte-participation.txt",
        ContentFile(
            "Charte de participation de Saint-Exemple-sur-Loire\n\n"
            "1. Chaque idée concerne le cadre de vie de tous.\n"
            "2. Pas d'attaque contre des personnes, pas de publicité.\n"
            "3. La mairie lit chaque idée avant de la publier et répond à chacune.\n".encode()
        ),
        save=True,
    )
    ConsultationDocument.objects.create(page=page, document=document, sort_order=0)


def _ideas(page, themes, neighbourhoods, now):
    rng = random.Random(SLUG)
    proposals = []
    for number, (title, theme, neighbourhood, description) in enumerate(IDEAS):
        proposals.append(
            ConsultationProposal.objects.create(
                target=page,
                title=title,
                description=description,
                theme=themes[theme],
                neighbourhood=neighbourhoods[neighbourhood] if neighbourhood is not None else None,
                author_name=rng.choice(
                    [
                        "",
                        "Camille",
                        "Léa M.",
                        "Association Vivre aux Vignes",
                        "Jean-Pierre",
                        "Nadia",
                        "Les parents d'élèves",
                        "",
                    ]
                ),
                participant_key=f"demo:author:{number % 17}",
                receipt=f"DEMOID{number:02d}",
                submitted_at=page.ideas_start + timedelta(hours=11 + 13 * number),
            )
        )
    for number, proposal in enumerate(proposals):
        if number in PENDING:
            continue
        if number in REJECTED:
            moderation.reject(proposal, None, REJECTED[number])
        else:
            moderation.publish(proposal, None)
    # Supports: a few popular ideas, most with a handful, drawn once from a fixed seed.
    supports = []
    for number, proposal in enumerate(proposals):
        if number in PENDING or number in REJECTED:
            continue
        count = int(rng.paretovariate(1.3) * 3) if number not in (0, 1, 13) else rng.randint(31, 48)
        for resident in rng.sample(range(400), min(count, 60)):
            supports.append(
                ConsultationSupport(
                    target=proposal,
                    participant_key=f"demo:resident:{resident}",
                    submitted_at=proposal.submitted_at + timedelta(hours=rng.randint(1, 200)),
                )
            )
    ConsultationSupport.objects.bulk_create(supports)
    for proposal in ConsultationProposal.objects.filter(target=page).annotate(
        n=Count("submissions")
    ):
        ConsultationProposal.objects.filter(pk=proposal.pk).update(support_count=proposal.n)
    for duplicate, original in MERGED.items():
        moderation.merge_into(proposals[duplicate], proposals[original], None)
    for number, (answer, text) in ANSWERS.items():
        moderation.give_answer(proposals[number], None, answer, text)
    for number, reason in REPORTED.items():
        ConsultationProposalReport.objects.create(
            proposal=proposals[number], reason=reason, participant_key=f"demo:reporter:{number}"
        )
