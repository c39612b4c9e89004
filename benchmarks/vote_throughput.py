#!/usr/bin/env python
"""How many votes per second the example site stores, against what any durable write costs.

Serves the example site with gunicorn (2 sync workers) on PostgreSQL and drives it with wrk
(a Lua script, ``benchmarks/wrk/post_measured.lua``), which leaves the server most of the CPU.
Three targets, the same server, database, POST body and duration:

- a trivial Django view (no database);
- a minimal Django view inserting one row in a transaction and committing: the floor of
  what any vote costs, since a vote must be on disk before it is acknowledged;
- the real vote URL, ``POST /participation/votes/<vote_id>/``, for a vote embedded in a
  page of the site (the common case: a vote in a news article): every request is a new
  anonymous participant (no participant cookie, no token), so every request stores a ballot.

Before the load, one vote is cast in the benchmark's own process to count its SQL queries
(at most 8: the vote and its options, the page, its view restrictions, the ballot and its
choice).

Every measured request gets its response before the run ends, so the ballots stored must
equal the 303 responses counted; a benchmark that loses (or invents) votes exits non-zero.

Run from the repository root::

    .venv/bin/python benchmarks/vote_throughput.py [--duration 15] [--connections 32]

wrk is installed with ``make benchmark-tools`` (Debian's package), which the benchmark runs
itself when wrk is missing.

A private PostgreSQL is created with ``initdb`` in a temporary directory (as the ``postgres``
user when run as root) unless ``DATABASE_URL`` names a PostgreSQL database to use; what the
benchmark creates there is removed afterwards. The last line is::

    result: vote_throughput ratio=X target=0.15 PASS|BELOW

where X is votes/s divided by the minimal insert view's requests/s; PASS also needs at most
8 queries per vote. The floor guards against regressions of the plain-ORM submission path:
0.15 of the durable insert is still hundreds of votes a second on two cores.
"""

import argparse
import contextlib
import glob
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SETTINGS = "benchmarks.bench_settings"
LUA = REPO / "benchmarks" / "wrk" / "post_measured.lua"
TARGET_RATIO = 0.15
MAX_QUERIES = 8
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
GRACE = 10  # seconds wrk waits, after the measured time, for the last responses (it always
# runs for the whole -d even when every thread stopped early)


def log(message):
    print(message, flush=True)


# --- processes -----------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bindir():
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(candidate, "initdb")):
            return Path(candidate)
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    sys.exit("PostgreSQL's initdb was not found: set PG_BINDIR or DATABASE_URL.")


@contextlib.contextmanager
def private_postgres():
    """A throw-away PostgreSQL cluster with its defaults (fsync and synchronous_commit on)."""
    bindir = postgres_bindir()
    tmp = Path(tempfile.mkdtemp(prefix="wp-bench-pg-"))
    as_postgres = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(tmp, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = tmp / "data", free_port()

    def run(*command):
        subprocess.run([*as_postgres, *command], check=True, stdout=subprocess.DEVNULL, cwd=tmp)

    started = False
    try:
        run(
            bindir / "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c max_connections=100"
        run(bindir / "pg_ctl", "-D", data, "-l", tmp / "postgres.log", "-o", options, "-w", "start")
        started = True
        run(bindir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "bench")
        log(f"PostgreSQL ({bindir.parent.name}) in {tmp}, port {port}")
        yield f"postgres://postgres@127.0.0.1:{port}/bench"
    finally:
        if started:
            run(bindir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def gunicorn(port, workers, env, log_dir):
    error_log = Path(log_dir) / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn",
        "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}",
        "--chdir", str(REPO),
        "--error-logfile", str(error_log),
        "--log-level", "warning",
        "example_site.wsgi:application",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                sys.exit(f"gunicorn exited ({process.returncode}):\n{error_log.read_text()}")
            try:
                status, _headers, _body = http_request(port, "GET", "/bench/trivial/")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        log(f"gunicorn, {workers} sync workers, pid {process.pid}, port {port}")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if error_log.exists() and error_log.stat().st_size:
            text = error_log.read_text()
            if "Traceback" in text or "ERROR" in text:
                log("gunicorn error log:\n" + text[-4000:])


def http_request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


# --- the database side ---------------------------------------------------------------------


def prepare_database():
    """Migrate, create the baseline's table and a page embedding a new for/against vote;
    return (page, vote)."""
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page, Site

    from benchmarks.bench_views import CREATE_INSERT_TABLE
    from example_site.home.models import StandardPage
    from wagtail_participation.models import Vote

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(CREATE_INSERT_TABLE)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=Page(title="Accueil", slug=f"bench-home-{os.getpid()}"))
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    vote = Vote.objects.create(question="Benchmark : pour ou contre ?")
    page = StandardPage(
        title="Benchmark",
        slug=f"bench-vote-{os.getpid()}-{int(time.time())}",
        body=json.dumps([{"type": "vote", "value": vote.pk}]),
    )
    site.root_page.add_child(instance=page)
    page.refresh_from_db()
    keys = set(vote.options.values_list("key", flat=True))
    assert keys == {"for", "against"}, keys
    return page, vote


def queries_per_vote(page, vote):
    """Cast one vote in this process, as a new anonymous participant, and count its SQL
    queries (the first ballot, which freezes the vote, is cast before): (the vote's own, those
    of the site's database cache)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    path = f"/participation/votes/{vote.pk}/"
    data = {"page": page.pk, "choice": "for"}
    for attempt in ("first", "counted"):
        client = Client(HTTP_HOST="localhost")
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, data)
        if response.status_code != 303:
            sys.exit(f"The {attempt} vote in process answered {response.status_code}")
    # Django logs the transaction's own BEGIN and COMMIT too: they are not queries.
    statements = [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].startswith(TRANSACTION_CONTROL)
    ]
    # The example site keeps its cache in the database (so that every worker shares it):
    # Wagtail's cached site root paths, read for the redirect's URL, cost a query there.
    cache_tables = [
        f'"{cache["LOCATION"]}"'
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    ]
    in_cache = [sql for sql in statements if any(table in sql for table in cache_tables)]
    own = [sql for sql in statements if sql not in in_cache]
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for sql in statements:
            log(f"    {sql[:150]}")
    return len(own), len(in_cache)


def stored_counts(vote):
    from django.db import connection

    from benchmarks.bench_views import INSERT_TABLE
    from wagtail_participation.models import Ballot, BallotChoice

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {INSERT_TABLE}")
        (rows,) = cursor.fetchone()
    return {
        "ballots": Ballot.objects.filter(target=vote).count(),
        "choices": BallotChoice.objects.filter(vote=vote).count(),
        "rows": rows,
    }


def remove_benchmark_data(page, vote):
    """Only for a database the caller gave us: leave it as it was (apart from migrations)."""
    from django.db import connection

    from benchmarks.bench_views import INSERT_TABLE
    from wagtail_participation.models import Ballot

    # Ballots first: their choices protect the vote's options from deletion.
    Ballot.objects.filter(target=vote).delete()
    page.delete()
    vote.delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {INSERT_TABLE}")


# --- load ----------------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    seconds: float = 0.0
    in_window: int = 0
    tail: float = 0.0
    sent: int = 0
    received: int = 0
    drains: int = 0
    statuses: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    timeouts: int = 0
    stored: int = 0
    problems: list = field(default_factory=list)

    @property
    def rate(self):
        return self.in_window / self.seconds if self.seconds else 0.0


def run_wrk(name, port, path, body_file, cookie, seconds, threads, connections):
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{math.ceil(seconds) + GRACE}s",
        "--timeout", "30s", "--latency", "-s", str(LUA), f"http://127.0.0.1:{port}",
        "--", str(seconds), "POST", path, str(body_file), cookie,
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode:
        sys.exit(f"wrk failed ({completed.returncode}):\n{completed.stdout}{completed.stderr}")
    output = completed.stdout
    match = re.search(r"^wp-result (.*)$", output, re.MULTILINE)
    if not match:
        sys.exit(f"wrk printed no result:\n{output}")
    values = dict(item.split("=", 1) for item in match.group(1).split())
    statuses = {}
    for item in filter(None, values["statuses"].split(",")):
        code, count = item.split(":")
        statuses[int(code)] = int(count)
    run = Run(
        name=name,
        seconds=float(values["seconds"]),
        in_window=int(values["in_window"]),
        tail=float(values["tail"]),
        sent=int(values["sent"]),
        received=int(values["received"]),
        drains=int(values["drains"]),
        statuses=statuses,
        errors={k: int(values[k]) for k in ("connect", "read", "write")},
        timeouts=int(values["timeout"]),
        p50_ms=int(values["p50_us"]) / 1000,
        p95_ms=int(values["p95_us"]) / 1000,
        p99_ms=int(values["p99_us"]) / 1000,
        max_ms=int(values["max_us"]) / 1000,
    )
    if run.sent != run.received:
        run.problems.append(f"{run.sent - run.received} requests sent never got a response")
    if any(run.errors.values()):
        run.problems.append(f"socket errors: {run.errors}")
    return run


def measure(target, port, body_file, cookie, seconds, args, vote):
    name, path, ok_status, stored_key = target
    before = stored_counts(vote)
    run = run_wrk(name, port, path, body_file, cookie, seconds, args.threads, args.connections)
    after = stored_counts(vote)
    ok = run.statuses.get(ok_status, 0)
    others = {code: n for code, n in run.statuses.items() if code != ok_status}
    if others:
        run.problems.append(f"unexpected statuses {others} (expected only {ok_status})")
    if stored_key:
        run.stored = after[stored_key] - before[stored_key]
        if run.stored != ok:
            run.problems.append(f"{run.stored} {stored_key} stored but {ok} × {ok_status} answered")
        if stored_key == "ballots":
            choices = after["choices"] - before["choices"]
            if choices != run.stored:
                run.problems.append(f"{run.stored} ballots but {choices} chosen options stored")
    time.sleep(1)  # let the last drain requests through before the next run
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=15, help="seconds per target")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per target")
    parser.add_argument("--rounds", type=int, default=1, help="measure every target N times")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="Django's CONN_MAX_AGE for the server (the example site's own is 0: a new "
        "database connection per request)",
    )
    args = parser.parse_args()
    # A terminated benchmark still stops its server and database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    if not shutil.which("wrk"):
        log("wrk is missing: make benchmark-tools")
        subprocess.run(["make", "-C", str(REPO), "benchmark-tools"], check=True)

    with contextlib.ExitStack() as stack:
        database_url = os.environ.get("DATABASE_URL")
        external = bool(database_url)
        if external:
            if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
                sys.exit("vote_throughput measures PostgreSQL: DATABASE_URL must name one.")
            log("Using the database DATABASE_URL names")
        else:
            database_url = stack.enter_context(private_postgres())
        os.environ["DATABASE_URL"] = database_url
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        os.environ["BENCH_CONN_MAX_AGE"] = str(args.conn_max_age)
        import django

        django.setup()
        from django.db import connections

        page, vote = prepare_database()
        if external:
            stack.callback(remove_benchmark_data, page, vote)
        queries, cache_queries = queries_per_vote(page, vote)
        queries_line = (
            f"SQL queries per vote: {queries} (at most {MAX_QUERIES}), "
            f"and {cache_queries} in the site's database cache"
        )
        log(queries_line)
        connections.close_all()

        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wp-bench-")))
        port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        stack.enter_context(gunicorn(port, args.workers, env, work))

        # One static CSRF pair works for every request: Django's CSRF is not tied to a session.
        page_path = urllib.parse.urlsplit(page.url or f"/{page.slug}/").path
        status, headers, html = http_request(port, "GET", page_path)
        if status != 200:
            sys.exit(f"GET {page_path} answered {status}")
        cookie_token = next(
            re.search(r"csrftoken=([^;]+)", value).group(1)
            for name, value in headers
            if name.lower() == "set-cookie" and "csrftoken=" in value
        )
        form_token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        vote_path = f"/participation/votes/{vote.pk}/"
        if f'action="{vote_path}"'.encode() not in html:
            sys.exit(f"The vote page has no form posting to {vote_path}")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": form_token.decode(), "page": page.pk, "choice": "for"}
        )
        body_file = work / "body"
        body_file.write_text(body)
        cookie = f"csrftoken={cookie_token}"

        # One request of each through Python first: a clear message if anything is off.
        post_headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        for path, expected in (
            ("/bench/trivial/", 200),
            ("/bench/insert/", 200),
            (vote_path, 303),
        ):
            status, _h, answer = http_request(port, "POST", path, body, post_headers)
            if status != expected:
                sys.exit(f"POST {path} answered {status}, not {expected}:\n{answer[:2000]!r}")

        targets = [
            ("trivial view", "/bench/trivial/", 200, None),
            ("minimal insert view", "/bench/insert/", 200, "rows"),
            ("vote", vote_path, 303, "ballots"),
        ]
        log(
            f"gunicorn CONN_MAX_AGE={args.conn_max_age}; "
            f"wrk: {args.threads} threads, {args.connections} connections; "
            f"{args.warmup:g} s warm-up then {args.duration:g} s per target, "
            f"{args.rounds} round(s)"
        )
        runs = {target[0]: [] for target in targets}
        problems = []
        for round_number in range(args.rounds):
            for target in targets:
                if args.warmup:
                    warm = measure(target, port, body_file, cookie, args.warmup, args, vote)
                    problems += [f"{target[0]} (warm-up): {p}" for p in warm.problems]
                run = measure(target, port, body_file, cookie, args.duration, args, vote)
                problems += [f"{target[0]}: {p}" for p in run.problems]
                runs[target[0]].append(run)
                log(
                    f"  round {round_number + 1} {run.name:<20} {run.rate:8.1f} req/s  "
                    f"p50 {run.p50_ms:6.1f} ms  p95 {run.p95_ms:6.1f} ms  "
                    f"({run.in_window} answered in {run.seconds:g} s, "
                    f"{run.received - run.in_window} after)"
                )

        final = stored_counts(vote)

    log("")
    log(f"{'target':<20} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'requests':>9} {'stored':>8} {'non-2xx/3xx':>12} {'socket err':>10}")  # fmt: skip
    rates = {}
    for name, target_runs in runs.items():
        received = sum(r.received for r in target_runs)
        seconds = sum(r.seconds for r in target_runs)
        rates[name] = sum(r.in_window for r in target_runs) / seconds if seconds else 0.0
        bad = sum(n for r in target_runs for code, n in r.statuses.items() if code >= 400)
        socket_errors = sum(sum(r.errors.values()) for r in target_runs)
        stored = sum(r.stored for r in target_runs) if name != "trivial view" else "-"
        log(
            f"{name:<20} {rates[name]:9.1f} "
            f"{statistics.median(r.p50_ms for r in target_runs):8.1f} "
            f"{statistics.median(r.p95_ms for r in target_runs):8.1f} "
            f"{statistics.median(r.p99_ms for r in target_runs):8.1f} "
            f"{received:9d} {stored!s:>8} {bad:12d} {socket_errors:10d}"
        )
    votes = rates["vote"]
    vs_trivial = votes / rates["trivial view"] if rates["trivial view"] else 0.0
    ratio = votes / rates["minimal insert view"] if rates["minimal insert view"] else 0.0
    log("")
    log(f"votes/s: {votes:.1f} ({final['ballots']} ballots stored in all, warm-up included)")
    log(f"votes/s ÷ trivial view req/s: {vs_trivial:.3f}")
    log(f"votes/s ÷ minimal insert view req/s: {ratio:.3f}")
    if problems:
        log("")
        log("FAILED: the responses and the rows stored disagree, or requests failed:")
        for problem in problems:
            log(f"  - {problem}")
        sys.exit(1)
    log(queries_line)
    verdict = "PASS" if ratio >= TARGET_RATIO and queries <= MAX_QUERIES else "BELOW"
    log(f"result: vote_throughput ratio={ratio:.2f} target={TARGET_RATIO} {verdict}")


if __name__ == "__main__":
    main()
