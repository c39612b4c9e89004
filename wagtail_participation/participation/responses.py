"""How the pipeline's callers answer: a redirect after success, a translated page after a
refusal."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .identity import set_identity_cookie
from .layout import Link, Trail, layout_context
from .receipts import RECEIPT_PARAM


def redirect_after_success(request, page, target, outcome, *, url=None, params=None):
    """Back to ``page`` (or ``url``, a path on the site: a proposal's own page), at the
    participation, with the receipt and ``params`` (more query parameters). 303: the browser
    must GET the page, never replay the POST."""
    params = {**({RECEIPT_PARAM: outcome.receipt} if outcome.receipt else {}), **(params or {})}
    query = urlencode(params)
    # Without the request: Wagtail's cached site root paths, no query for the Site.
    url = url or page.get_url()
    separator = "&" if "?" in url else "?"
    url = f"{url}{separator}{query}" if query else url
    url = f"{url}#{target.html_id()}"
    response = HttpResponseRedirect(url, status=303)
    return set_identity_cookie(request, response, outcome.participant)


def refusal_response(request, refused, *, page=None, retry=None):
    """The app's own page for a refused submission, with the refusal's status.

    ``page``: the page the participation was on, if known (the page links back to it);
    ``retry``: the participation rendered again (its form with the errors), if the resident
    can correct what they sent."""
    title = _("Your participation was not recorded")
    back_url = page.get_url(request) if page is not None else None
    links = (Link(page.title, back_url),) if page is not None else ()
    context = {
        **layout_context(title=title, trail=Trail(current=title, page=page, links=links)),
        "refusal": refused,
        "message": refused.message,
        "login_url": getattr(refused, "login_url", None),
        "back_url": back_url,
        "retry": retry,
    }
    return TemplateResponse(
        request, "wagtail_participation/refused.html", context, status=refused.status
    )
