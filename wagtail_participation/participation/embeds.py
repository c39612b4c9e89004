"""Participations embedded in the StreamFields of any page, the host site's own included.

The form of an embedded participation posts to :class:`EmbeddedParticipationView` with the
id of the page it was shown on. The view checks what Wagtail would check if it served that
page (live, view restrictions) and that the page really embeds the participation, then hands
the request to the pipeline.
"""

from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from wagtail.blocks import ListBlock, StreamBlock, StructBlock
from wagtail.fields import StreamField
from wagtail.models import ReferenceIndex

from . import pipeline
from .errors import InvalidSubmission, NotFound, ParticipationRefused
from .pages import base_page_model, check_view_restrictions
from .responses import redirect_after_success, refusal_response

# The form field naming the page the participation was shown on.
PAGE_FIELD = "page"


def page_embeds(page, block_class, pk):
    """Does a StreamField of ``page`` (a specific page) hold a ``block_class`` block choosing
    the object ``pk``, at any depth (in a StructBlock, a ListBlock…)?

    The raw JSON is walked, not the block values: no query per embedded object."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            raw = list(getattr(page, field.name).raw_data)
            if _raw_contains(field.stream_block, raw, block_class, pk):
                return True
    return False


def _raw_contains(block, raw, block_class, pk):
    if isinstance(block, block_class):
        return as_key(raw) == pk
    if isinstance(block, StreamBlock):
        return any(
            isinstance(item, dict)
            and item.get("type") in block.child_blocks
            and _raw_contains(block.child_blocks[item["type"]], item.get("value"), block_class, pk)
            for item in raw or []
        )
    if isinstance(block, StructBlock):
        return isinstance(raw, dict) and any(
            _raw_contains(child, raw.get(name), block_class, pk)
            for name, child in block.child_blocks.items()
        )
    if isinstance(block, ListBlock):
        # Items are {"type": "item", "value": …, "id": …} since Wagtail 2.16, bare before.
        return any(
            _raw_contains(
                block.child_block,
                item.get("value") if isinstance(item, dict) and "type" in item else item,
                block_class,
                pk,
            )
            for item in raw or []
        )
    return False


def as_key(value):
    """``value`` as a primary key to look up, or None if it cannot be one (not an integer, or
    beyond what a database integer holds: SQLite would raise rather than find nothing)."""
    try:
        key = int(value)
    except (TypeError, ValueError):
        return None
    return key if -(2**63) <= key < 2**63 else None


@method_decorator(csrf_exempt, name="dispatch")  # checked by the pipeline, with our message
class EmbeddedParticipationView(View):
    """Takes the submissions of one kind of embedded participation.

    ``queryset``: the participations (with what validating a submission reads prefetched);
    ``block_class``: the block that embeds one in a StreamField.
    """

    queryset = None
    block_class = None
    http_method_names = ["get", "post"]

    def post(self, request, target_id):
        target = page = None
        try:
            pipeline.check_body(request)
            target = self.queryset.filter(pk=as_key(target_id)).first()
            page = self.hosting_page(request.POST.get(PAGE_FIELD), target)
            check_view_restrictions(request, page)
            outcome = pipeline.submit(request, target)
        except ParticipationRefused as refused:
            return self.refused(request, refused, target, page)
        return redirect_after_success(request, page, target, outcome)

    def get(self, request, target_id):
        """Someone opened the submission URL itself (reloaded a refusal page, followed a
        shared link): send them to a page that offers the participation."""
        target = self.queryset.filter(pk=as_key(target_id)).first()
        page = self.first_hosting_page(target) if target is not None else None
        if page is None:
            return refusal_response(request, NotFound())
        return HttpResponseRedirect(f"{page.get_url(request)}#{target.html_id()}")

    def hosting_page(self, page_id, target):
        """The live page ``page_id`` if it embeds ``target``, else NotFound."""
        page = (
            None
            if target is None or as_key(page_id) is None
            else base_page_model().objects.live().filter(pk=as_key(page_id)).specific().first()
        )
        if page is None or not page_embeds(page, self.block_class, target.pk):
            raise NotFound()
        return page

    def first_hosting_page(self, target):
        """A live page embedding ``target``, found through Wagtail's reference index (which
        records what the chooser blocks of pages point to), or None."""
        page_model = base_page_model()
        references = ReferenceIndex.get_references_to(target).group_by_source_object()
        for source, _references in references:
            if isinstance(source, page_model) and source.live:
                source = source.specific
                if page_embeds(source, self.block_class, target.pk):
                    return source
        return None

    def refused(self, request, refused, target, page):
        retry = None
        if isinstance(refused, InvalidSubmission):
            # Validation ran: the target and page are known and the POST was readable. The
            # participation again, with the errors and what the resident chose.
            block = self.block_class()
            context = block.get_context(
                target,
                parent_context={"request": request, "page": page, "participation_refusal": refused},
            )
            # Rendered with the request, as the page would be (the form needs its CSRF
            # token), when the refusal page reaches it: after the host's <head>, where the
            # stylesheet may already be (participation_styles).
            retry = SimpleLazyObject(
                lambda: render_to_string(block.meta.template, context, request=request)
            )
        return refusal_response(request, refused, page=page, retry=retry)
