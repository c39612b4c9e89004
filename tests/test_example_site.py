"""The French demo site, as `make demo` runs it: migrate, load_demo (twice), serve, browse.

example_site has its own settings, so it runs in subprocesses, against a database of its own:
a temporary SQLite file, or, when DATABASE_URL names a PostgreSQL server (as in CI), a fresh
database created on that server for the test and dropped afterwards.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

# CI runs xdist with --dist loadfile, so one worker runs the whole module: the demo is migrated
# and loaded once, and two workers never write example_site/media at the same time.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
MANAGE = REPO / "example_site" / "manage.py"
COMMAND_TIMEOUT = 300


def _postgres_database():
    """Create a throw-away database next to the one DATABASE_URL names; yield its URL."""
    import dj_database_url
    import psycopg

    url = os.environ["DATABASE_URL"]
    config = dj_database_url.parse(url)
    name = f"wp_example_{uuid.uuid4().hex[:12]}"
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        base = url.rsplit("/", 1)[0]
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(**params) as connection:
            _drop_database(connection, name)


def _drop_database(connection, name):
    # Not DROP … WITH (FORCE): it must also end an autovacuum worker busy in the new database,
    # which a role without superuser rights may not do (CI runs as such a role). A plain DROP
    # makes autovacuum leave by itself; our own leftover sessions are ended first.
    import psycopg

    for _attempt in range(50):
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND usename = current_user AND pid <> pg_backend_pid()",
            [name],
        )
        try:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(0.2)
    connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        yield from _postgres_database()
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("demo") / "demo.sqlite3")


@pytest.fixture(scope="module")
def demo_env(demo_database, tmp_path_factory):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=demo_database,
        DJANGO_MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media")),
        DJANGO_SETTINGS_MODULE="example_site.settings",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("DEMO_ADMIN_PASSWORD", None)
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
        f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result.stdout


COUNT_CONTENT = (
    "from django.apps import apps;"
    "print(sorted((m._meta.label, m._default_manager.count()) for m in apps.get_models()))"
)


@pytest.fixture(scope="module")
def loaded_demo(demo_env):
    """Migrate, load the demo twice; return the two outputs and the row counts after each."""
    manage(demo_env, "migrate", "--noinput")
    first = manage(demo_env, "load_demo")
    counts_first = manage(demo_env, "shell", "-c", COUNT_CONTENT)
    second = manage(demo_env, "load_demo")
    counts_second = manage(demo_env, "shell", "-c", COUNT_CONTENT)
    return {
        "outputs": (first, second),
        "counts": (counts_first, counts_second),
    }


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(demo_env, loaded_demo, tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("demo-server") / "runserver.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                str(MANAGE),
                "runserver",
                "--noreload",
                "--insecure",
                f"127.0.0.1:{port}",
            ],
            cwd=REPO,
            env=demo_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"runserver exited ({process.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(url + "/", timeout=10):
                    break
            except urllib.error.HTTPError as error:
                pytest.fail(f"GET / answered {error.code}:\n{log.read_text()[-4000:]}")
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"runserver did not answer:\n{log.read_text()}")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_load_demo_is_idempotent_and_prints_the_admin_credentials(loaded_demo):
    first, second = loaded_demo["outputs"]
    counts_first, counts_second = loaded_demo["counts"]
    assert counts_first == counts_second, "a second load_demo changed the database"
    for output in (first, second):
        assert "identifiant : admin" in output
        assert "mot de passe : admin" in output


def test_admin_login_page_answers(demo_server):
    with urllib.request.urlopen(demo_server + "/admin/login/", timeout=30) as response:
        assert response.status == 200


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_demo_home_page_is_french_and_accessible(demo_server, new_page, axe, javascript):
    page = new_page(javascript=javascript)
    response = page.goto(demo_server + "/")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Saint-Exemple-sur-Loire" in page.title()
    axe(page)
