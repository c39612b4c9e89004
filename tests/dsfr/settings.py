"""A Sites Faciles host: a wagtail-dsfr 2.4 site with wagtail-participation and its DSFR
template pack, set up as docs/install.md ("Sites Faciles / wagtail-dsfr") tells an agency.

Run by ``make test-dsfr`` in its own virtual environment (wagtail-dsfr is not a dependency of
the app): ``pytest tests/dsfr --ds=tests.dsfr.settings``.
"""

import os

import dj_database_url

BASE_DIR = os.path.dirname(os.path.abspath(__file__))

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
TESTING = True
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    # The DSFR template pack before the app: its templates override the default ones.
    "wagtail_participation.contrib.dsfr",
    "wagtail_participation",
    # wagtail-dsfr, as its README lists it.
    "dsfr",
    "wagtail_dsfr",
    "wagtail_dsfr.blog",
    "wagtail_dsfr.content_manager",
    "wagtail_dsfr.events",
    # Its starter pages' contact form (create_starter_pages).
    "wagtail_dsfr.forms",
    "wagtail_honeypot",
    # The suite's shared fixtures (tests/public_pages.py imports them) define the test host's
    # article model: its app is installed here too, or they cannot be imported.
    "tests.hostapp",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.routable_page",
    "wagtail_modeladmin",
    "wagtailmenus",
    "wagtailmarkdown",
    "widget_tweaks",
    # Wagtail and Django.
    "wagtail.contrib.forms",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "tests.dsfr.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "wagtailmenus.context_processors.wagtailmenus",
                "wagtail_dsfr.content_manager.context_processors.skiplinks",
                "wagtail_dsfr.content_manager.context_processors.mega_menus",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(BASE_DIR, "test.sqlite3"),
        conn_max_age=0,
    )
}
if "postgresql" in DATABASES["default"]["ENGINE"]:
    INSTALLED_APPS.append("django.contrib.postgres")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = ["wagtail_participation.W001"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(BASE_DIR, "media")

WAGTAIL_SITE_NAME = "Commune de Saint-Essai"
WAGTAILADMIN_BASE_URL = "http://testserver"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# What wagtail-dsfr's URLs and templates read from the settings (its config/settings.py).
WAGTAILADMIN_PATH = "cms-admin/"
HOST_PROTO = "http"
HOST_URL = "localhost"
HOST_PORT = ""
FORCE_SCRIPT_NAME = ""
PROCONNECT_ACTIVATED = False
SF_DISABLE_TUTORIALS = True
DSFR_USE_INTEGRITY_CHECKSUMS = False
LOGIN_URL = "/cms-admin/login/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
