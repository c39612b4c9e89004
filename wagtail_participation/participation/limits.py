"""Rate limits counted in Django's cache. No IP address is ever written to the database."""

import hashlib
import time

from django.core.cache import caches

from ..conf import settings
from .errors import TooManyRequests


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is trivially forged unless the host's proxy sets
    # REMOTE_ADDR properly (see docs/install.md).
    return request.META.get("REMOTE_ADDR", "")


def check_rate_limits(request, participant):
    """Count this request against the limits; ``participant`` may be None (a visitor not
    identified yet), who is then counted by address only."""
    _hit("ip", client_ip(request), settings.RATE_LIMIT_PER_IP, settings.RATE_LIMIT_PER_IP_WINDOW)
    if participant is not None:
        _hit(
            "participant",
            participant.key,
            settings.RATE_LIMIT_PER_PARTICIPANT,
            settings.RATE_LIMIT_PER_PARTICIPANT_WINDOW,
        )


def _hit(kind, identifier, limit, window):
    if not limit:
        return
    cache = caches[settings.RATE_LIMIT_CACHE]
    bucket = int(time.time() // window)
    digest = hashlib.sha256(identifier.encode()).hexdigest()[:24]
    key = f"wagtail_participation:rate:{kind}:{digest}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=window + 1)
            count = 1
    if count > limit:
        raise TooManyRequests()
