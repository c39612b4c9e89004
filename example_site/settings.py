"""Settings of the demo site: Saint-Exemple-sur-Loire, a small French commune.

Environment variables (example_site/README.md shows a production environment):

- ``DATABASE_URL``: any database dj-database-url understands (e.g.
  ``postgres://user:password@localhost:5432/participation``); SQLite in
  ``example_site/db.sqlite3`` when unset.
- ``DJANGO_DEBUG``: ``0``/``false`` turns debug mode off (it is on by default for the demo).
- ``DJANGO_SECRET_KEY``: required when debug mode is off (the settings refuse to load
  without it).
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names.
- ``DJANGO_HTTPS``: whether the site is served over HTTPS, on by default when debug mode is
  off: HTTP is redirected to HTTPS, browsers are told to come back over HTTPS only (HSTS) and
  cookies are sent over HTTPS only. ``0`` for a trial over plain HTTP with debug mode off.
- ``DJANGO_BEHIND_HTTPS_PROXY``: ``1`` when a reverse proxy receives HTTPS and passes the
  requests on over HTTP with ``X-Forwarded-Proto: https`` (the proxy must set that header
  itself, never pass on the client's).
- ``WAGTAILADMIN_BASE_URL``: the site's address, for links in the admin's emails; by default
  ``http://`` and ``DEMO_ADDR``.
- ``DEMO_ADDR``: the address ``make demo`` serves on (``127.0.0.1:8000`` by default).
- ``DJANGO_MEDIA_ROOT``: where uploaded images and documents go (``example_site/media``).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _browser_url(runserver_address):
    """The address a browser on this machine opens for runserver's ``[host:]port``."""
    host, _, port = runserver_address.rpartition(":")
    # runserver listens on every interface for these; the browser goes to this machine.
    host = {"": "127.0.0.1", "0": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "[::1]"}.get(
        host, host
    )
    return f"http://{host}:{port}"


DEBUG = _env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Anyone could sign sessions and participant cookies with a key published here.
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-demo-only-saint-exemple-sur-loire-do-not-deploy"

if os.environ.get("DJANGO_ALLOWED_HOSTS"):
    ALLOWED_HOSTS = [h.strip() for h in os.environ["DJANGO_ALLOWED_HOSTS"].split(",") if h.strip()]
else:
    ALLOWED_HOSTS = ["*"] if DEBUG else ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "example_site.home",
    "wagtail_participation",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "example_site.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"
WSGI_APPLICATION = "example_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_database_url = "sqlite:///" + str(BASE_DIR / "db.sqlite3")
try:
    import dj_database_url
except ImportError:  # pragma: no cover - the "example" extra brings it
    if os.environ.get("DATABASE_URL"):
        raise
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    }
else:
    DATABASES = {"default": dj_database_url.config(default=_default_database_url, conn_max_age=0)}

if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Wagtail's PostgreSQL search index uses SearchVectorField, which Django 6.1 checks for.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache that every process of the site shares: the participation rate limits are counted
# there (with a cache per process, each gunicorn worker would count on its own). The table is
# created by ``migrate`` (example_site/home/apps.py runs ``createcachetable`` after it).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "example_site_cache",
    }
}

# Residents log in on the site's own pages (example_site/templates/registration/): account-only
# votes and pages restricted to logged-in visitors send them there.
LOGIN_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The commune's site is in French only.
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"

MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# HTTPS and browser protections. `manage.py check --deploy` is clean with the production
# environment of example_site/README.md (tests/test_example_site.py runs it).
HTTPS = _env_bool("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if _env_bool("DJANGO_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# Sent by example_site.middleware. The public pages run no JavaScript and load nothing from
# elsewhere; scripts from the site itself are allowed for the Wagtail user bar that editors see.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
# The Wagtail and Django admins still need inline scripts and styles (wagtail/wagtail#1288):
# they get no Content-Security-Policy.
CONTENT_SECURITY_POLICY_EXEMPT_PATHS = ["/admin/", "/django-admin/"]
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Wagtail
WAGTAIL_SITE_NAME = "Saint-Exemple-sur-Loire"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or _browser_url(
    os.environ.get("DEMO_ADDR") or "127.0.0.1:8000"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "txt", "xlsx"]

# Background work (PDF reports, Wagtail's reference index) runs at once, in the request that
# asks for it: enough for the demo. A production site uses a database backend and a worker
# (docs/install.md).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# wagtail-participation: the defaults suit the demo; the public pages extend
# example_site/templates/base.html.
WAGTAIL_PARTICIPATION = {"BASE_TEMPLATE": "base.html"}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "mairie@saint-exemple-sur-loire.example"
