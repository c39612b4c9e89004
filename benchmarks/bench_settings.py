"""Settings the benchmarks serve the example site with.

The example site's own settings (``DATABASE_URL`` still selects the database), in production
mode, with the two baseline views of ``vote_throughput`` mounted in front of the site and the
participation rate limits switched off: every request of a benchmark comes from 127.0.0.1.
"""

from example_site.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ROOT_URLCONF = "benchmarks.bench_urls"

# 0 disables a limit. Everything else keeps the example site's defaults.
WAGTAIL_PARTICIPATION = {
    **WAGTAIL_PARTICIPATION,  # noqa: F405
    "RATE_LIMIT_PER_IP": 0,
    "RATE_LIMIT_PER_PARTICIPANT": 0,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}

# The example site closes its database connection after every request (CONN_MAX_AGE 0); a
# deployment may keep them: BENCH_CONN_MAX_AGE=60 measures that configuration.
if os.environ.get("BENCH_CONN_MAX_AGE"):  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])  # noqa: F405
