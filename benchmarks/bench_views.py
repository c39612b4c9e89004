"""Baselines of ``vote_throughput``: what any request, and any durable write, costs.

Both go through the example site's whole middleware stack (sessions, CSRF, auth, messages,
redirects…) like the vote URL does, and receive the same POST body the votes do.
"""

from django.db import connection, transaction
from django.http import HttpResponse

# Created by the benchmark before the server starts (see vote_throughput.py).
INSERT_TABLE = "bench_minimal_insert"
CREATE_INSERT_TABLE = f"""
CREATE TABLE IF NOT EXISTS {INSERT_TABLE} (
    id bigserial PRIMARY KEY,
    created_at timestamp with time zone NOT NULL,
    note varchar(40) NOT NULL
)
"""


def trivial(request):
    """The floor of any Django request: no database, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


def minimal_insert(request):
    """The floor of any vote: one row inserted in a transaction, committed before answering.

    With PostgreSQL's defaults (``fsync`` and ``synchronous_commit`` on) the commit waits for
    the write-ahead log to reach the disk, as a vote's does.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {INSERT_TABLE} (created_at, note) VALUES (now(), %s)",
                [request.POST.get("choice", "")[:40]],
            )
    return HttpResponse(b"stored", content_type="text/plain")


def drain(request):
    """Answered while a load generator waits for its last measured responses; not measured."""
    return HttpResponse(status=204)
