"""Participations on Wagtail pages.

A page type that is a participation, or stands for one, takes :class:`ParticipationPageMixin`
(as ``wagtail.contrib.forms`` pages take ``FormMixin``): its ``serve()`` runs the pipeline on
POST. Wagtail's own serve view has checked the page's view restrictions by then, and the
page itself is where the participation is offered.
"""

from django.http import Http404
from django.template.response import TemplateResponse

from . import pipeline
from .errors import NotAllowed, ParticipationRefused
from .responses import redirect_after_success


def base_page_model():
    """Wagtail's Page model, or the model a host put in its place (Wagtail 8 lets a site
    swap it, through swapper, which earlier Wagtail versions do not use)."""
    try:
        import swapper
    except ImportError:  # Wagtail 7: the Page model cannot be swapped
        from wagtail.models import Page

        return Page
    return swapper.load_model("wagtailcore", "Page")


def check_view_restrictions(request, page):
    """Refuse what Wagtail would not show this visitor: the restrictions of the page, its
    ancestors and, for an alias, its source. Wagtail checks them only when it serves a page."""
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise NotAllowed()


class ParticipationPageMixin:
    """For page models whose page is a participation or stands for one."""

    # get_context(request, participation_refusal=…) receives a refused submission, to show
    # the participation again with the reason (and the form with its errors).

    def participation_target(self):
        """The :class:`~.target.ParticipationTarget` residents take part in on this page."""
        return self

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.serve_submission(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def serve_submission(self, request, *args, **kwargs):
        target = self.participation_target()
        if target is None:
            raise Http404
        try:
            outcome = pipeline.submit(request, target)
        except ParticipationRefused as refused:
            # The page again, with the refusal where the participation is shown.
            context = self.get_context(request, *args, participation_refusal=refused, **kwargs)
            return TemplateResponse(
                request,
                self.get_template(request, *args, **kwargs),
                context,
                status=refused.status,
            )
        return redirect_after_success(request, self, target, outcome)
