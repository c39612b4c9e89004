"""Who is taking part.

An identity method turns a request into a :class:`Participant` whose ``key`` is stable for
that person and participation method. The pipeline only knows this small interface, so new
methods (email codes, OpenID Connect) register themselves with :func:`register` without
touching the pipeline.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from django.conf import settings as django_settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.utils.translation import gettext_lazy as _

from ..conf import settings
from .errors import IdentificationRequired

TOKEN_FIELD = "participant_token"
_SIGNING_SALT = "wagtail_participation.anonymous"


@dataclass
class Participant:
    # What the uniqueness constraint is about: never a raw secret or personal datum.
    key: str
    user: object = None
    # Set when the response must give the browser its (new) anonymous token.
    cookie_token: str | None = field(default=None, repr=False)
    # A participant nobody has seen before cannot have taken part yet (the unique
    # constraint still guards the store).
    is_new: bool = False


class IdentityMethod:
    name = ""
    label = ""
    # True if nobody can take part without logging in first: the form then offers a login
    # link instead of the fields, and the pipeline refuses with a link to log in.
    needs_login = False

    def identify(self, request):
        """Return the :class:`Participant` behind ``request`` or raise IdentificationRequired."""
        raise NotImplementedError

    def recognise(self, request):
        """The participant behind ``request`` if already known, else None. Never raises."""
        try:
            return self.identify(request)
        except IdentificationRequired:
            return None

    def form_fields(self, request):
        """Hidden values the participation form must carry, as a dict."""
        return {}

    def describe(self, request):
        """A sentence for the form telling the resident how they are identified, or ''."""
        return ""


class AnonymousIdentity(IdentityMethod):
    """A signed, long-lived browser token: low friction, for low-stakes participations.

    The token is issued in the form itself as well as in a cookie, so that a resident whose
    browser refuses cookies can still take part once per form they were given.
    """

    name = "anonymous"
    label = _("Anonymous (one participation per browser)")

    def identify(self, request):
        token = self._token_from(request.COOKIES.get(settings.ANONYMOUS_COOKIE_NAME))
        if token is None:
            token = self._token_from(request.POST.get(TOKEN_FIELD))
        is_new = token is None
        if is_new:
            token = secrets.token_urlsafe(18)
        return Participant(key="anon:" + _digest(token), cookie_token=token, is_new=is_new)

    def recognise(self, request):
        token = self._token_from(request.COOKIES.get(settings.ANONYMOUS_COOKIE_NAME))
        return Participant(key="anon:" + _digest(token)) if token else None

    def form_fields(self, request):
        token = self._token_from(request.COOKIES.get(settings.ANONYMOUS_COOKIE_NAME))
        return {TOKEN_FIELD: _sign(token or secrets.token_urlsafe(18))}

    def _token_from(self, signed_value):
        if not signed_value:
            return None
        try:
            return signing.TimestampSigner(salt=_SIGNING_SALT).unsign(
                signed_value, max_age=settings.ANONYMOUS_COOKIE_MAX_AGE
            )
        except signing.BadSignature:
            return None


class AccountIdentity(IdentityMethod):
    """The logged-in user of the host site."""

    name = "account"
    label = _("Site account (residents log in)")
    needs_login = True

    def identify(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            raise IdentificationRequired(
                _("Please log in to take part."), login_url=login_url_for(request)
            )
        return Participant(key=f"user:{user.pk}", user=user)

    def describe(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return _("You take part as %(name)s.") % {"name": user.get_username()}
        return _("You need to log in to take part.")


def login_url_for(request, next_url=None):
    response = redirect_to_login(next_url or request.get_full_path())
    return response.url


def _digest(token):
    # Keyed so that a database dump cannot be turned back into working browser tokens.
    key = django_settings.SECRET_KEY.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()[:40]


def _sign(token):
    # The token is URL-safe text already: signed as it is, not serialised to JSON and base64
    # first as signing.dumps would (a cookie is signed on every new participant's vote).
    return signing.TimestampSigner(salt=_SIGNING_SALT).sign(token)


def set_identity_cookie(request, response, participant):
    if participant.cookie_token:
        response.set_cookie(
            settings.ANONYMOUS_COOKIE_NAME,
            _sign(participant.cookie_token),
            max_age=settings.ANONYMOUS_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            # Secure wherever the site is served over HTTPS, or says it must be.
            secure=request.is_secure()
            or django_settings.SESSION_COOKIE_SECURE
            or django_settings.SECURE_SSL_REDIRECT,
        )
    return response


_METHODS = {}


def register(method):
    _METHODS[method.name] = method
    return method


def get_identity_method(name):
    return _METHODS[name]


def identity_choices():
    return [(method.name, method.label) for method in _METHODS.values()]


register(AnonymousIdentity())
register(AccountIdentity())
