"""Security headers that Django 5.2 does not send itself.

Django 6.0 has a Content-Security-Policy middleware of its own; this one works on every
Django version the site runs on. The policies are in settings.py.
"""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_paths = tuple(settings.CONTENT_SECURITY_POLICY_EXEMPT_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        # A response that set its own policy keeps it (Wagtail's document downloads do).
        if not request.path.startswith(self.exempt_paths):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
