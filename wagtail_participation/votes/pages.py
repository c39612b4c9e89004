"""A vote standing on its own page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from ..participation.layout import page_layout
from ..participation.pages import ParticipationPageMixin
from .models import Vote
from .presentation import vote_context


class VotePage(ParticipationPageMixin, Page):
    """A vote on a page of its own; a for/against vote on the title is created if it has
    none. Its form posts to the page itself."""

    intro = models.TextField(_("introduction"), blank=True)
    vote = models.ForeignKey(
        Vote,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("vote"),
        help_text=_("Leave empty to create a for/against vote on the page title."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("vote")]
    template = "wagtail_participation/votes/vote_page.html"

    class Meta:
        verbose_name = _("vote page")
        verbose_name_plural = _("vote pages")

    def save(self, *args, **kwargs):
        if self.vote_id is None:
            self.vote = Vote.objects.create(title=self.title, question=self.title)
        return super().save(*args, **kwargs)

    def participation_target(self):
        return self.vote

    def get_context(self, request, *args, participation_refusal=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_layout(self))
        if self.vote is not None:
            context.update(
                vote_context(
                    self.vote,
                    request,
                    self,
                    action_url=self.get_url(request),
                    refusal=participation_refusal,
                )
            )
        return context
