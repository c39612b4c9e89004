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
import urllib.parse
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


def run_in_repository(command, env):
    return subprocess.run(
        command,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def manage(env, *args, expect_success=True):
    result = run_in_repository([sys.executable, str(MANAGE), *args], env)
    if not expect_success:
        return result
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
    # The second time as `make demo DEMO_ADDR=0.0.0.0:8123` runs it.
    second = manage({**demo_env, "DEMO_ADDR": "0.0.0.0:8123"}, "load_demo")
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
        assert "identifiant : habitant — mot de passe : habitant" in output


def test_load_demo_prints_the_addresses_the_demo_is_served_on(loaded_demo):
    first, second = loaded_demo["outputs"]
    assert "Administration : http://127.0.0.1:8000/admin/" in first
    assert "Site : http://127.0.0.1:8123/" in second
    assert "Administration : http://127.0.0.1:8123/admin/" in second
    assert "http://127.0.0.1:8123/compte/connexion/" in second
    assert ":8000" not in second


@pytest.mark.parametrize(
    "arguments, address",
    [([], "127.0.0.1:8000"), (["DEMO_ADDR=0.0.0.0:8123"], "0.0.0.0:8123")],
    ids=["default", "given"],
)
def test_make_demo_gives_its_demo_addr_to_every_command(tmp_path, arguments, address):
    """`make demo` runs with a stand-in Python that prints the DEMO_ADDR it was given."""
    stand_in = tmp_path / "python"
    stand_in.write_text('#!/bin/sh\necho "DEMO_ADDR=$DEMO_ADDR $2"\n')
    stand_in.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if k != "DEMO_ADDR"}
    # STAMP names an existing file, so nothing is installed; MO_FILES: nothing compiled.
    result = run_in_repository(
        ["make", "-s", "demo", *arguments, f"PY={stand_in}", f"STAMP={stand_in}", "MO_FILES="],
        environment,
    )
    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if line.startswith("DEMO_ADDR=")]
    assert commands == [
        f"DEMO_ADDR={address} {command}" for command in ("migrate", "load_demo", "runserver")
    ]


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


# --- production settings --------------------------------------------------------------------

# The production environment documented in example_site/README.md (a proxy in front passes
# HTTPS on as HTTP with X-Forwarded-Proto).
PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k7Qp2xVb9RmT4wZs8NcYh3LdF6gJ1uEa5KoPi0BnXr-Wq_Mz9vCtHy2SeUj7DlGf",
    "DJANGO_ALLOWED_HOSTS": "www.saint-exemple-sur-loire.fr",
    "WAGTAILADMIN_BASE_URL": "https://www.saint-exemple-sur-loire.fr",
    "DJANGO_BEHIND_HTTPS_PROXY": "1",
}


@pytest.fixture(scope="module")
def production_env(demo_env):
    return {**demo_env, **PRODUCTION_ENVIRONMENT}


def test_the_production_environment_is_the_documented_one():
    readme = (REPO / "example_site" / "README.md").read_text()
    for name in [*PRODUCTION_ENVIRONMENT, "DATABASE_URL"]:
        assert f"{name}=" in readme, f"{name} is not in example_site/README.md"


def test_check_deploy_is_clean_in_the_production_environment(production_env):
    result = manage(
        production_env, "check", "--deploy", "--fail-level", "WARNING", expect_success=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(production_env):
    environment = {k: v for k, v in production_env.items() if k != "DJANGO_SECRET_KEY"}
    result = manage(environment, "check", expect_success=False)
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off." in result.stderr


RATE_LIMIT_HITS = """
from django.test import RequestFactory, override_settings
from wagtail_participation.participation.errors import TooManyRequests
from wagtail_participation.participation.identity import Participant
from wagtail_participation.participation.limits import check_rate_limits

request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
limits = {"RATE_LIMIT_PER_IP": 3, "RATE_LIMIT_PER_IP_WINDOW": 3600, "RATE_LIMIT_PER_PARTICIPANT": 0}
with override_settings(WAGTAIL_PARTICIPATION=limits):
    for number in range(%d):
        try:
            check_rate_limits(request, Participant(key="anon:%%d" %% number))
            print("accepted")
        except TooManyRequests:
            print("refused")
"""


def test_the_rate_limits_are_counted_once_for_all_processes(loaded_demo, production_env):
    """Two processes, as two gunicorn workers: the limit of 3 per address is shared."""
    # loaded_demo: the database (and its cache table) exist on whichever worker runs this.
    manage(production_env, "shell", "-c", "from django.core.cache import cache; cache.clear()")

    def worker_hits(count):
        output = manage(production_env, "shell", "-c", RATE_LIMIT_HITS % count)
        return [line for line in output.splitlines() if line in ("accepted", "refused")]

    first_worker = worker_hits(2)
    second_worker = worker_hits(2)

    assert first_worker == ["accepted", "accepted"]
    assert second_worker == ["accepted", "refused"]


# --- residents' accounts and the browser's protections --------------------------------------

LIBRARY_ARTICLE = "/actualites/mediatheque-choisissez-son-nom/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def headers_of(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers


def test_public_pages_send_a_strict_content_security_policy(demo_server):
    for path in ["/", LIBRARY_ARTICLE, "/compte/connexion/"]:
        headers = headers_of(demo_server + path)
        policy = headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy, path
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "frame-ancestors 'none'" in policy, path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert "camera=()" in headers["Permissions-Policy"], path
    # Wagtail's admin still needs inline scripts: it is left out (wagtail/wagtail#1288).
    assert "Content-Security-Policy" not in headers_of(demo_server + "/admin/login/")


def test_private_pages_send_residents_to_the_site_login(demo_env, demo_server):
    manage(
        demo_env,
        "shell",
        "-c",
        "from wagtail.models import Page, PageViewRestriction;"
        "page = Page.objects.get(slug='la-mairie');"
        "PageViewRestriction.objects.get_or_create(page=page, restriction_type='login')",
    )
    try:
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(demo_server + "/la-mairie/", timeout=30)
        assert redirect.value.code == 302
        assert redirect.value.headers["Location"] == "/compte/connexion/?next=/la-mairie/"
    finally:
        manage(
            demo_env,
            "shell",
            "-c",
            "from wagtail.models import PageViewRestriction;"
            "PageViewRestriction.objects.filter(page__slug='la-mairie').delete()",
        )


def test_a_resident_logs_in_votes_on_an_account_only_vote_and_logs_out(demo_server, new_page, axe):
    # Without JavaScript, as the public pages need none (and the account votes only once).
    page = new_page(javascript=False)
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(demo_server + LIBRARY_ARTICLE)
    vote = page.locator(".wp-vote").filter(has_text="Quel nom donner")
    with page.expect_navigation():
        vote.get_by_role("link", name="Se connecter").click()
    assert page.url.endswith("/compte/connexion/?next=" + urllib.parse.quote(LIBRARY_ARTICLE))
    assert page.get_by_role("heading", level=1).inner_text() == "Connexion"
    axe(page)

    page.get_by_label("Nom d’utilisateur").fill("habitant")
    page.get_by_label("Mot de passe").fill("pas le bon")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in page.content()
    axe(page)

    page.get_by_label("Mot de passe").fill("habitant")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    assert page.url == demo_server + LIBRARY_ARTICLE
    assert "Connecté·e : Dominique Martin" in page.inner_text("header")
    page.get_by_label("L'Escale").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Voter").click()
    assert "votre vote a été enregistré" in page.inner_text("main")
    axe(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Se déconnecter").click()
    assert page.url == demo_server + "/"
    page.get_by_role("link", name="Se connecter").first.wait_for()

    violations = [text for text in console if "Content Security Policy" in text]
    assert violations == []


# --- the demo survey ----------------------------------------------------------------------

SURVEY = "/revitalisation-du-centre-ville/"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_demo_survey_and_its_results_are_french_and_accessible(
    demo_server, new_page, axe, javascript
):
    page = new_page(javascript=javascript, viewport={"width": 390, "height": 844})
    response = page.goto(demo_server + SURVEY)
    assert response is not None and response.status == 200
    assert "Étape 1 sur 4 : Vos priorités" in page.inner_text("main")
    axe(page)

    page.goto(demo_server + SURVEY + "results/")
    main = page.inner_text("main")
    assert "320 répondants (dont" in main and "questionnaires papier" in main
    assert "Quels projets pour le centre-ville" in main and "Mention majoritaire" in main
    # The answer the town hall hid (it gave a phone number) is not shown.
    assert "06 12 34 56 78" not in page.content()
    axe(page)
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.reload()
    assert [text for text in violations if "Content Security Policy" in text] == []


def test_the_demo_survey_is_answered_without_breaking_the_content_security_policy(
    demo_server, new_page
):
    page = new_page(javascript=True)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(demo_server + SURVEY)
    page.get_by_label("Rénover la halle du marché").select_option("1")
    page.get_by_label("Relier la gare au centre par une piste cyclable").select_option("2")
    page.get_by_label("Planter des arbres place de l'Église").select_option("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Étape suivante").click()
    assert "Étape 2 sur 4" in page.inner_text("main")
    page.get_by_label("Tous les jours").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Étape suivante").click()
    # The parking question appears only once "En voiture" is chosen: the script ran.
    parking = page.get_by_text("Est-il facile de vous garer ?")
    assert not parking.is_visible()
    page.get_by_label("En voiture").check()
    assert parking.is_visible()
    assert [text for text in console if "Content Security Policy" in text] == []


# --- the consultation ----------------------------------------------------------------------

CONSULTATION = "/idees-cadre-de-vie/"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_demo_consultation_is_french_and_accessible(demo_server, new_page, axe, javascript):
    page = new_page(javascript=javascript)
    response = page.goto(demo_server + CONSULTATION)
    assert response is not None and response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Idées pour améliorer le cadre de vie"
    )
    assert "36 idées" in page.inner_text("main")
    assert "Seuil atteint" in page.inner_text("main")
    axe(page)
    with page.expect_navigation():
        page.locator(".wp-proposal-card__title a").first.click()
    assert "La réponse de la mairie" in page.inner_text("main")
    axe(page)
    page.goto(demo_server + CONSULTATION + "results/")
    assert "Retenue" in page.inner_text("main")
    axe(page)
    page.goto(demo_server + CONSULTATION + "?sort=random&page=2")
    assert page.locator(".wp-proposal-card").count() == 16
    axe(page)


# --- the participatory budgets --------------------------------------------------------------

BUDGET_2026 = "/budget-participatif-2026/"
BUDGET_2025 = "/budget-participatif-2025/"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_demo_budgets_are_french_and_accessible(demo_server, new_page, axe, javascript):
    page = new_page(javascript=javascript)
    console = []
    page.on("console", lambda message: console.append(message.text))
    response = page.goto(demo_server + BUDGET_2026)
    assert response is not None and response.status == 200
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Budget participatif 2026 — 50 000 €"
    )
    main = page.inner_text("main")
    assert "Choisissez les projets que la commune doit financer" in main
    assert "Non réalisable" in main and "Réalisable" in main
    axe(page)
    # The ballot, its rules and its projects; the running total with JavaScript (the site's
    # strict CSP allows the app's script file).
    with page.expect_navigation():
        page.get_by_role("link", name="Voter").first.click()
    assert "Choisissez de 1 à 5 projets." in page.inner_text("main")
    assert page.locator("input[name=project]").count() == 19
    if javascript:
        # The script shows the running total once it has run: wait for it on a loaded machine.
        page.locator("[data-ballot-total]").wait_for(state="visible")
    else:
        assert not page.locator("[data-ballot-total]").is_visible()
    axe(page)
    # The 2025 edition: results published, works followed.
    page.goto(demo_server + BUDGET_2025)
    assert "Les projets financés et leurs travaux" in page.inner_text("main")
    axe(page)
    page.goto(demo_server + BUDGET_2025 + "results/")
    main = page.inner_text("main")
    assert "Petits projets" in main and "Grands projets" in main
    assert "780 bulletins dépouillés" in main
    assert "Méthode des parts égales" in main
    axe(page)
    with page.expect_navigation():
        page.locator(".wp-budget__funded a, .wp-envelope-results th a").first.click()
    axe(page)
    assert [text for text in console if "Content Security Policy" in text] == []
