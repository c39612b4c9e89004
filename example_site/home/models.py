"""Page types of the demo commune's site.

The participation pages (surveys, consultations, budgets) come from
``wagtail_participation.models`` and can be added under the home page.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, body_blocks


class HomePage(Page):
    intro = RichTextField(
        "Texte d'accueil",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Quelques lignes sous le nom de la commune, en haut de la page d'accueil.",
    )
    body = StreamField(body_blocks(), blank=True, verbose_name="Contenu")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "Page d'accueil"

    def latest_news(self, count=3):
        return (
            NewsArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-date", "-first_published_at")[:count]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = self.latest_news()
        context["news_index"] = NewsIndexPage.objects.live().descendant_of(self).first()
        return context


class NewsIndexPage(Page):
    intro = RichTextField("Introduction", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    subpage_types = ["home.NewsArticlePage"]

    articles_per_page = 10

    class Meta:
        verbose_name = "Liste des actualités"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            NewsArticlePage.objects.live()
            .public()
            .child_of(self)
            .order_by("-date", "-first_published_at")
        )
        paginator = Paginator(articles, self.articles_per_page)
        try:
            articles_page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            articles_page = paginator.page(1)
        except EmptyPage:
            articles_page = paginator.page(paginator.num_pages)
        context["articles"] = articles_page
        return context


class NewsArticlePage(Page):
    date = models.DateField("Date de publication", default=timezone.localdate)
    summary = models.TextField(
        "Chapô",
        blank=True,
        help_text="Une ou deux phrases qui résument l'article, reprises dans les listes.",
    )
    body = StreamField(body_blocks(), blank=True, verbose_name="Contenu")

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Actualité"


class StandardPage(Page):
    """A plain page: mentions légales, déclaration d'accessibilité, contact…"""

    intro = RichTextField("Introduction", blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField(body_blocks(), blank=True, verbose_name="Contenu")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "Page simple"
