"""The database a benchmark runs in: the one ``DATABASE_URL`` names, or a temporary SQLite
file, with Django set up on the benchmarks' settings and the migrations applied."""

import os
import tempfile
import time

SETTINGS = "benchmarks.bench_settings"


def migrated_database(stack, prefix):
    """Set Django up and migrate; return True if the database is the caller's
    (``DATABASE_URL``: what the benchmark creates there must be removed afterwards).

    ``stack``: a ``contextlib.ExitStack`` that removes the temporary file at its end."""
    external = bool(os.environ.get("DATABASE_URL"))
    if not external:
        directory = stack.enter_context(tempfile.TemporaryDirectory(prefix=prefix))
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(
        f"Database: {connection.vendor}" + (" (DATABASE_URL)" if external else " (temp file)"),
        flush=True,
    )
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Migrated in {time.perf_counter() - started:.1f} s", flush=True)
    return external
