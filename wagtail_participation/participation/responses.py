"""How the pipeline answers: a redirect after success, a translated page after a refusal."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from ..conf import settings
from .identity import set_identity_cookie


def redirect_after_success(request, url, outcome):
    # 303: the browser must GET the page, never replay the POST.
    response = HttpResponseRedirect(url, status=303)
    response.status_code = 303
    return set_identity_cookie(response, outcome.participant)


def refusal(request, refused, *, back_url=None, template=None, context=None):
    context = {
        "base_template": settings.BASE_TEMPLATE,
        "refusal": refused,
        "message": refused.message,
        "errors": refused.errors,
        "login_url": getattr(refused, "login_url", None),
        "back_url": back_url,
        **(context or {}),
    }
    return TemplateResponse(
        request,
        template or "wagtail_participation/refused.html",
        context,
        status=refused.status,
    )
