"""The commune's own website: home page, news, the town hall and the legal pages."""

import datetime
import io

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from example_site.demo import ensure_child_page, stream
from example_site.home.models import HomePage, NewsArticlePage, NewsIndexPage, StandardPage

SITE_NAME = "Saint-Exemple-sur-Loire"
HOME_SLUG = "saint-exemple-sur-loire"


def load(context):
    home = _home_page(context)
    _default_site(home)

    news_index, _ = ensure_child_page(
        home,
        NewsIndexPage,
        "actualites",
        title="Actualités",
        show_in_menus=True,
        intro=(
            "<p>Travaux, vie municipale, animations : toute l'actualité de "
            "Saint-Exemple-sur-Loire.</p>"
        ),
    )
    articles = _articles(context, news_index)

    mairie, _ = ensure_child_page(
        home, StandardPage, "la-mairie", title="La mairie", show_in_menus=True, **MAIRIE
    )
    contact, _ = ensure_child_page(
        home, StandardPage, "contact", title="Contact", show_in_menus=True, **CONTACT
    )
    legal, _ = ensure_child_page(
        home, StandardPage, "mentions-legales", title="Mentions légales", **_legal(contact)
    )
    accessibility, _ = ensure_child_page(
        home,
        StandardPage,
        "accessibilite",
        title="Déclaration d'accessibilité",
        **_accessibility(contact),
    )

    context.log(f"Site « {SITE_NAME} » : {home.get_children().count()} pages sous l'accueil.")
    return {
        "home": home,
        "news_index": news_index,
        "articles": articles,
        "pages": {
            "la-mairie": mairie,
            "contact": contact,
            "mentions-legales": legal,
            "accessibilite": accessibility,
        },
    }


def _home_page(context):
    """The commune's home page, in place of the welcome page Wagtail creates on install."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = HomePage(
        title=SITE_NAME,
        slug=HOME_SLUG,
        seo_title="Accueil",
        search_description=(
            "Site officiel de la commune de Saint-Exemple-sur-Loire (6 000 habitants) : "
            "actualités, démarches et participation citoyenne."
        ),
        **HOME,
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    home.refresh_from_db()
    context.log(f"Page d'accueil « {SITE_NAME} » créée.")
    return home


def _default_site(home):
    """Serve the home page as the default site, then drop Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.filter(hostname="localhost", port=80).first() or Site()
    changed = (
        site.pk is None
        or site.root_page_id != home.pk
        or site.hostname != "localhost"
        or site.port != 80
        or not site.is_default_site
        or site.site_name != SITE_NAME
    )
    if changed:
        site.hostname = "localhost"
        site.port = 80
        site.root_page = home
        site.is_default_site = True
        site.site_name = SITE_NAME
        site.save()

    # The welcome page: a plain Page at the top of the tree with no children and no site.
    for page in Page.objects.filter(depth=2).exclude(pk=home.pk):
        if (
            page.specific_class is Page
            and page.numchild == 0
            and not Site.objects.filter(root_page=page).exists()
        ):
            page.delete()


def _articles(context, news_index):
    image = _church_square_image()
    articles = []
    for slug, fields in ARTICLES:
        fields = dict(fields)
        body = [
            ("image", {"image": image.pk, "alt": IMAGE_ALT, "caption": IMAGE_CAPTION})
            if block == IMAGE_PLACEHOLDER
            else block
            for block in fields.pop("body")
        ]
        page, created = ensure_child_page(
            news_index, NewsArticlePage, slug, body=stream(*body), **fields
        )
        if created:
            context.log(f"Actualité « {page.title} » créée.")
        articles.append(page)
    return articles


# -- The illustration of the works article, drawn here so the demo needs no image file. --

IMAGE_TITLE = "Place de l'Église — projet de réaménagement"
IMAGE_PLACEHOLDER = ("image", None)
IMAGE_ALT = (
    "Dessin de la place de l'Église : l'église et son clocher au fond, des arbres le long "
    "de la place et des barrières de chantier au premier plan."
)
IMAGE_CAPTION = "La place de l'Église pendant les travaux (illustration)."


def _church_square_image():
    image_model = get_image_model()
    image = image_model.objects.filter(title=IMAGE_TITLE).first()
    if image is not None:
        return image
    from PIL import Image, ImageDraw

    width, height = 1200, 675
    picture = Image.new("RGB", (width, height), "#cfe8f5")
    draw = ImageDraw.Draw(picture)
    for y in range(0, 420):  # sky, lighter towards the horizon
        shade = int(181 + 60 * y / 420)
        draw.line([(0, y), (width, y)], fill=(shade - 40, shade, 245))
    draw.rectangle([0, 420, width, height], fill="#d9cdb6")  # the square's paving
    for x in range(0, width, 60):
        draw.line([(x, 420), (x - 120, height)], fill="#c8bba2", width=2)
    # The church: nave, bell tower and spire.
    draw.rectangle([430, 250, 830, 430], fill="#efe6d2", outline="#8a7a5c", width=3)
    draw.polygon([(420, 250), (630, 150), (840, 250)], fill="#7d5a44")
    draw.rectangle([560, 130, 700, 430], fill="#f3ecdc", outline="#8a7a5c", width=3)
    draw.polygon([(550, 130), (630, 20), (710, 130)], fill="#5b4636")
    draw.line([(630, 0), (630, 22)], fill="#5b4636", width=4)
    draw.line([(618, 8), (642, 8)], fill="#5b4636", width=4)
    draw.ellipse([605, 170, 655, 220], fill="#ffffff", outline="#5b4636", width=3)
    draw.rectangle([600, 350, 660, 430], fill="#6b4a32")
    draw.polygon([(600, 350), (630, 320), (660, 350)], fill="#6b4a32")
    for x in (470, 520, 740, 790):
        draw.rectangle([x, 300, x + 24, 350], fill="#8fb3c9", outline="#8a7a5c", width=2)
    # Trees along the square.
    for x in (120, 280, 950, 1100):
        draw.rectangle([x - 8, 360, x + 8, 450], fill="#6b4a32")
        draw.ellipse([x - 70, 240, x + 70, 380], fill="#3f7d3a")
        draw.ellipse([x - 50, 220, x + 40, 320], fill="#4f9446")
    # Works barriers and cones in front.
    for x0 in (150, 520, 890):
        draw.rectangle([x0, 540, x0 + 200, 560], fill="#ffffff", outline="#b3261e", width=3)
        for stripe in range(x0, x0 + 200, 40):
            draw.rectangle([stripe, 540, stripe + 20, 560], fill="#b3261e")
        draw.rectangle([x0 + 10, 560, x0 + 18, 610], fill="#555555")
        draw.rectangle([x0 + 182, 560, x0 + 190, 610], fill="#555555")
    for x in (90, 460, 820, 1140):
        draw.polygon([(x - 25, 640), (x, 570), (x + 25, 640)], fill="#e8710a")
        draw.rectangle([x - 14, 600, x + 14, 612], fill="#ffffff")

    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = image_model(title=IMAGE_TITLE)
    image.file = ImageFile(buffer, name="place-de-l-eglise.png")
    image.save()
    return image


# -- Content --------------------------------------------------------------------------------

HOME = {
    "intro": (
        "<p>Bienvenue sur le site de la commune. Entre Loire et coteaux, "
        "Saint-Exemple-sur-Loire compte 6 000 habitants, trois écoles, un marché le jeudi "
        "matin et plus de quarante associations. Retrouvez ici l'actualité municipale, vos "
        "démarches et les consultations ouvertes aux habitantes et aux habitants.</p>"
    ),
    "body": stream(
        ("heading", "Votre avis compte"),
        (
            "paragraph",
            "<p>Aménagement des bords de Loire, horaires de la médiathèque, budget "
            "participatif : le conseil municipal consulte régulièrement la population avant "
            "de décider. Chaque consultation est ouverte à toutes les personnes qui habitent "
            "ou travaillent dans la commune, en ligne ou à l'accueil de la mairie, où un "
            "agent peut vous aider à participer.</p>",
        ),
        ("heading", "La mairie à votre service"),
        (
            "paragraph",
            "<p>L'accueil de la mairie est ouvert du lundi au vendredi de 8 h 30 à 12 h et "
            "de 13 h 30 à 17 h, ainsi que le samedi de 9 h à 12 h. L'état civil, "
            "l'urbanisme et les inscriptions scolaires reçoivent sur rendez-vous le mardi "
            "et le jeudi après-midi.</p>",
        ),
    ),
}

ARTICLES = [
    (
        "travaux-place-de-l-eglise",
        {
            "title": "Travaux de la place de l'Église",
            "date": datetime.date(2026, 11, 20),
            "summary": (
                "À partir du lundi 30 novembre et pour quatre mois, la place de l'Église est "
                "réaménagée : plus d'arbres, des trottoirs accessibles et un stationnement "
                "réorganisé."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Présenté en réunion publique au printemps, le projet de "
                    "réaménagement de la place de l'Église entre dans sa phase de travaux. "
                    "Il a été conçu avec les riverains, les commerçants et l'association "
                    "des parents d'élèves de l'école Jules-Ferry, dont les enfants "
                    "traversent la place chaque jour.</p>",
                ),
                IMAGE_PLACEHOLDER,
                ("heading", "Ce qui change pour vous"),
                (
                    "paragraph",
                    "<ul><li>La rue de l'Église est fermée à la circulation entre la rue du "
                    "Port et la rue des Tanneurs pendant toute la durée du chantier ; une "
                    "déviation est mise en place par le boulevard de la Loire.</li>"
                    "<li>Les commerces restent accessibles à pied ; un cheminement "
                    "sécurisé et balisé est maintenu devant chaque vitrine.</li>"
                    "<li>Le marché du jeudi matin s'installe provisoirement sur le parking "
                    "de la salle des fêtes.</li>"
                    "<li>L'arrêt de bus « Église » est déplacé de cinquante mètres, devant "
                    "la pharmacie.</li></ul>",
                ),
                ("heading", "Un chantier en trois étapes"),
                (
                    "paragraph",
                    "<p>Les réseaux d'eau et d'éclairage sont d'abord remplacés, jusqu'à "
                    "mi-janvier. Viennent ensuite la pose des nouveaux revêtements et des "
                    "bordures abaissées, puis, en mars, la plantation de douze tilleuls et "
                    "l'installation des bancs. La fin des travaux est prévue pour le début "
                    "du mois d'avril.</p>"
                    "<p>Le coût de l'opération s'élève à 640 000 euros TTC, financés à "
                    "hauteur de 40 % par l'État et le Département.</p>",
                ),
                (
                    "quote",
                    {
                        "text": (
                            "Nous voulons une place où l'on a envie de s'asseoir, pas "
                            "seulement de se garer. Merci aux riverains pour leur patience "
                            "pendant ces quelques mois."
                        ),
                        "attribution": "Marie Lefèvre, adjointe chargée de l'urbanisme",
                    },
                ),
                (
                    "paragraph",
                    "<p>Une question sur le chantier ? Le service technique répond au "
                    "02 61 91 00 10, du lundi au vendredi.</p>",
                ),
            ],
        },
    ),
    (
        "conseil-municipal-du-12-novembre",
        {
            "title": "Conseil municipal du 12 novembre",
            "date": datetime.date(2026, 11, 16),
            "summary": (
                "Tarifs de la cantine, subventions aux associations, rénovation du gymnase : "
                "les principales décisions du conseil municipal du jeudi 12 novembre."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Le conseil municipal s'est réuni le jeudi 12 novembre à 19 h à la "
                    "salle du conseil, en présence de 25 élus sur 29. La séance, publique, "
                    "était également retransmise en direct sur la chaîne vidéo de la "
                    "commune.</p>",
                ),
                ("heading", "Restauration scolaire"),
                (
                    "paragraph",
                    "<p>Les tarifs de la cantine restent inchangés pour 2027. Le repas à "
                    "1 euro est étendu aux familles des deux premières tranches du quotient "
                    "familial, soit environ 180 enfants. Adopté à l'unanimité.</p>",
                ),
                ("heading", "Vie associative"),
                (
                    "paragraph",
                    "<p>Le conseil a voté 86 500 euros de subventions pour 42 associations "
                    "sportives, culturelles et solidaires. Une aide exceptionnelle de "
                    "3 000 euros est accordée à l'Union musicale pour le remplacement de "
                    "ses instruments. Adopté par 23 voix pour et 2 abstentions.</p>",
                ),
                ("heading", "Rénovation énergétique du gymnase"),
                (
                    "paragraph",
                    "<p>L'isolation de la toiture et le remplacement du chauffage du "
                    "gymnase Marcel-Cerdan réduiront sa consommation d'énergie de 45 %. "
                    "Les travaux auront lieu pendant l'été 2027 afin de ne pas perturber "
                    "les clubs. Adopté à l'unanimité.</p>"
                    "<p>Le compte rendu complet est affiché en mairie et consultable à "
                    "l'accueil. Prochain conseil municipal : jeudi 17 décembre à 19 h.</p>",
                ),
            ],
        },
    ),
    (
        "marche-de-noel",
        {
            "title": "Marché de Noël",
            "date": datetime.date(2026, 11, 24),
            "summary": (
                "Le marché de Noël revient sur les quais de la Loire le samedi 12 et le "
                "dimanche 13 décembre : quarante exposants, des animations pour les enfants "
                "et la parade aux lampions."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Organisé par le comité des fêtes avec le soutien de la commune, le "
                    "marché de Noël s'installe cette année sur le quai de la Loire, entre "
                    "le pont et la halle. Quarante artisans et producteurs de la région "
                    "proposent bijoux, jouets en bois, miel, vins de Loire et "
                    "pâtisseries.</p>",
                ),
                ("heading", "Le programme"),
                (
                    "paragraph",
                    "<ul><li><b>Samedi 12 décembre</b>, de 10 h à 20 h : ouverture du "
                    "marché, atelier de décorations à la médiathèque à 14 h, parade aux "
                    "lampions au départ de la mairie à 18 h.</li>"
                    "<li><b>Dimanche 13 décembre</b>, de 10 h à 18 h : concert de la "
                    "chorale des écoles à 11 h, promenade en calèche l'après-midi et "
                    "visite du Père Noël à 16 h.</li></ul>",
                ),
                ("heading", "Venir au marché"),
                (
                    "paragraph",
                    "<p>Le quai de la Loire est fermé à la circulation du samedi 8 h au "
                    "dimanche 20 h. Des places de stationnement sont disponibles sur le "
                    "parking de la gare et sur celui de la salle des fêtes ; des places "
                    "réservées aux personnes handicapées sont maintenues rue du Port. "
                    "L'entrée est libre.</p>",
                ),
            ],
        },
    ),
]

MAIRIE = {
    "intro": (
        "<p>La mairie accueille les habitantes et les habitants pour leurs démarches "
        "administratives et les renseigne sur la vie de la commune.</p>"
    ),
    "body": stream(
        ("heading", "Horaires d'ouverture"),
        (
            "paragraph",
            "<ul><li>Du lundi au vendredi : de 8 h 30 à 12 h et de 13 h 30 à 17 h.</li>"
            "<li>Le samedi : de 9 h à 12 h (état civil uniquement).</li></ul>",
        ),
        ("heading", "Le conseil municipal"),
        (
            "paragraph",
            "<p>Le conseil municipal compte 29 élus. Il se réunit en séance publique "
            "environ une fois par mois, le jeudi à 19 h, à la salle du conseil. L'ordre du "
            "jour est affiché à la mairie cinq jours avant chaque séance.</p>",
        ),
        ("heading", "Les services municipaux"),
        (
            "paragraph",
            "<ul><li>État civil et élections : naissances, mariages, décès, inscription "
            "sur les listes électorales.</li>"
            "<li>Urbanisme : permis de construire, déclarations préalables, certificats "
            "d'urbanisme.</li>"
            "<li>Enfance et écoles : inscriptions scolaires, cantine, accueil "
            "périscolaire.</li>"
            "<li>Services techniques : voirie, espaces verts, propreté.</li></ul>",
        ),
    ),
}

CONTACT = {
    "intro": (
        "<p>Pour toute question, vous pouvez joindre la mairie par téléphone, par courriel "
        "ou vous présenter à l'accueil aux heures d'ouverture.</p>"
    ),
    "body": stream(
        ("heading", "Mairie de Saint-Exemple-sur-Loire"),
        (
            "paragraph",
            "<p>1, place de la Mairie<br/>45999 Saint-Exemple-sur-Loire</p>"
            "<p>Téléphone : 02 61 91 00 00<br/>"
            'Courriel : <a href="mailto:mairie@saint-exemple-sur-loire.example">'
            "mairie@saint-exemple-sur-loire.example</a></p>",
        ),
        ("heading", "Horaires"),
        (
            "paragraph",
            "<p>Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h, le samedi de 9 h "
            "à 12 h. Le bâtiment est accessible aux personnes en fauteuil roulant par "
            "l'entrée de la rue du Port ; une boucle magnétique équipe l'accueil.</p>",
        ),
        ("heading", "Signaler un problème"),
        (
            "paragraph",
            "<p>Éclairage public en panne, nid-de-poule, dépôt sauvage : prévenez les "
            "services techniques au 02 61 91 00 10. En cas d'urgence en dehors des heures "
            "d'ouverture, l'élu d'astreinte est joignable au 06 39 98 00 00.</p>",
        ),
    ),
}


def _legal(contact):
    contact_link = f'<a linktype="page" id="{contact.pk}">page Contact</a>'
    return {
        "intro": (
            "<p>Informations légales sur le site internet de la commune de "
            "Saint-Exemple-sur-Loire.</p>"
        ),
        "body": stream(
            ("heading", "Éditeur du site"),
            (
                "paragraph",
                "<p>Commune de Saint-Exemple-sur-Loire<br/>1, place de la Mairie, 45999 "
                "Saint-Exemple-sur-Loire<br/>Téléphone : 02 61 91 00 00</p>"
                "<p>Directrice de la publication : Claire Martin, maire.</p>",
            ),
            ("heading", "Hébergement"),
            (
                "paragraph",
                "<p>Le site est hébergé en France par le syndicat intercommunal "
                "d'informatique du Val de Loire, 12, rue des Lavandières, 45999 "
                "Saint-Exemple-sur-Loire.</p>",
            ),
            ("heading", "Données personnelles"),
            (
                "paragraph",
                "<p>Les réponses aux votes, questionnaires et consultations sont traitées "
                "par la commune pour éclairer les décisions du conseil municipal, sur le "
                "fondement de sa mission d'intérêt public. Elles sont publiées uniquement "
                "sous forme de résultats agrégés et conservées jusqu'à un an après la "
                "clôture de la consultation.</p>"
                "<p>Vous disposez d'un droit d'accès, de rectification, d'opposition et "
                "d'effacement. Pour l'exercer, écrivez au délégué à la protection des "
                f"données de la commune (voir la {contact_link}). Vous pouvez aussi "
                "adresser une réclamation à la CNIL.</p>",
            ),
            ("heading", "Cookies"),
            (
                "paragraph",
                "<p>Ce site n'utilise ni cookie publicitaire ni outil de mesure "
                "d'audience. Un cookie technique, dispensé de consentement, permet de ne "
                "compter qu'une participation par personne à chaque consultation.</p>",
            ),
            ("heading", "Propriété intellectuelle"),
            (
                "paragraph",
                "<p>Les textes de ce site sont publiés sous Licence Ouverte 2.0 : vous "
                "pouvez les réutiliser librement en citant la commune de "
                "Saint-Exemple-sur-Loire. Les photographies restent la propriété de leurs "
                "auteurs.</p>",
            ),
        ),
    }


def _accessibility(contact):
    contact_link = f'<a linktype="page" id="{contact.pk}">page Contact</a>'
    return {
        "intro": (
            "<p>La commune de Saint-Exemple-sur-Loire s'engage à rendre ses sites internet "
            "accessibles conformément à l'article 47 de la loi n° 2005-102 du 11 février "
            "2005.</p>"
        ),
        "body": stream(
            (
                "paragraph",
                "<p>Cette déclaration d'accessibilité s'applique au site internet de la "
                "commune de Saint-Exemple-sur-Loire.</p>",
            ),
            ("heading", "État de conformité"),
            (
                "paragraph",
                "<p>Le site de la commune de Saint-Exemple-sur-Loire est <b>partiellement "
                "conforme</b> avec le référentiel général d'amélioration de l'accessibilité "
                "(RGAA), version 4.1.2, en raison des non-conformités énumérées "
                "ci-dessous.</p>",
            ),
            ("heading", "Résultats des tests"),
            (
                "paragraph",
                "<p>L'audit de conformité réalisé en interne en novembre 2026 révèle que "
                "82 % des critères du RGAA version 4.1.2 sont respectés.</p>",
            ),
            ("heading", "Contenus non accessibles"),
            (
                "paragraph",
                "<ul><li>Certains comptes rendus de conseil municipal antérieurs à 2024 "
                "sont des documents PDF numérisés, sans texte exploitable.</li>"
                "<li>Les vidéos des séances du conseil municipal ne sont pas encore "
                "sous-titrées.</li>"
                "<li>Quelques images anciennes des actualités n'ont pas d'alternative "
                "textuelle pertinente.</li></ul>",
            ),
            ("heading", "Établissement de cette déclaration"),
            (
                "paragraph",
                "<p>Cette déclaration a été établie le 20 novembre 2026. Les vérifications "
                "ont été faites avec Firefox et le lecteur d'écran NVDA, Safari et "
                "VoiceOver, ainsi qu'avec l'outil de test automatique axe.</p>",
            ),
            ("heading", "Retour d'information et contact"),
            (
                "paragraph",
                "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous "
                "pouvez contacter la mairie pour être orienté vers une alternative "
                f"accessible ou obtenir le contenu sous une autre forme (voir la "
                f"{contact_link}).</p>",
            ),
            ("heading", "Voies de recours"),
            (
                "paragraph",
                "<p>Si vous avez signalé un défaut d'accessibilité qui vous empêche "
                "d'accéder à un contenu ou à un service du site et que vous n'avez pas "
                "obtenu de réponse satisfaisante, vous pouvez :</p>"
                "<ul><li>écrire un message au Défenseur des droits ;</li>"
                "<li>contacter le délégué du Défenseur des droits dans votre région ;</li>"
                "<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : "
                "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>"
                "</ul>",
            ),
        ),
    }
