"""Reading and writing the rows of a submission with SQL written once per model.

Every submission runs a handful of statements. Compiling them from querysets on each
request was the largest share of a vote's time on the server (see ``docs/benchmarks.md``,
vote_throughput), so their SQL is built once from the models' metadata instead. Values still
go through the fields' and the database backend's own conversions, both ways (``pre_save`` and
``get_db_prep_save`` on the way in; ``get_db_converters`` and ``Model.from_db`` on the way
out), so the rows and instances are the ones the ORM would write and read.
"""

import hashlib
import inspect
import json
from functools import lru_cache
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init


class Columns:
    """The columns of one model in a SELECT, and how to turn them back into an instance."""

    def __init__(self, model, fields=None):
        """``fields``: the concrete fields to read (all by default); the others are deferred,
        loaded by Django if something uses them."""
        self.model = model
        # With multi-table inheritance (pages), each field is read from its own model's table.
        self.fields = tuple(fields or model._meta.concrete_fields)
        self.attnames = [field.attname for field in self.fields]
        self.pk_position = self.fields.index(model._meta.pk)
        self._converters = None
        self._assignments = None

    def sql(self):
        quote = connection.ops.quote_name
        return ", ".join(f"{table(field.model)}.{quote(field.column)}" for field in self.fields)

    def __len__(self):
        return len(self.fields)

    def instance(self, values):
        """The model instance for ``values``, the columns' part of a row: the instance
        ``Model.from_db`` returns."""
        db = _database()
        values = list(values)
        for position, converters, expression in self._conversions():
            value = values[position]
            for convert in converters:
                value = convert(value, expression, db)
            values[position] = value
        model = self.model
        assignments = self._assignments_without_init()
        if assignments is None or pre_init.has_listeners(model) or post_init.has_listeners(model):
            return model.from_db(db.alias, self.attnames, values)
        # What Model.__init__ and from_db do for a row, without the generic machinery of
        # __init__ (keyword arguments, signals nobody listens to, a descriptor call per field),
        # which was about a tenth of a vote's time for its page, vote and options.
        instance = model.__new__(model)
        state = instance._state = ModelState()
        state.adding = False
        state.db = db.alias
        attributes = instance.__dict__
        for (attname, through_descriptor), value in zip(assignments, values, strict=True):
            if through_descriptor:
                setattr(instance, attname, value)
            else:
                attributes[attname] = value
        return instance

    def _assignments_without_init(self):
        """(attname, whether to assign it through its descriptor) per column, or None if this
        model's instances must be built by its own ``__init__`` and ``from_db``."""
        if self._assignments is None:
            model = self.model
            equivalent = model.from_db.__func__ is Model.from_db.__func__ and all(
                f"{cls.__module__}.{cls.__qualname__}" in _INITS_DOING_NOTHING_MORE_FOR_ROWS
                for cls in model.__mro__
                if "__init__" in cls.__dict__ and cls is not object
            )
            self._assignments = equivalent and [
                (attname, _assigned_through_descriptor(model, attname)) for attname in self.attnames
            ]
        return self._assignments or None

    def _conversions(self):
        if self._converters is None:
            conversions = []
            for position, field in enumerate(self.fields):
                expression = field.get_col(field.model._meta.db_table)
                converters = connection.ops.get_db_converters(
                    expression
                ) + expression.get_db_converters(connection)
                if converters:
                    conversions.append((position, converters, expression))
            self._converters = conversions
        return self._converters


# Constructors that, for an instance loaded from the database (it has its primary key and no
# keyword arguments), do nothing but call the next one: Model.__init__ is then equivalent to
# the assignments Columns.instance makes. Another __init__ (a host page model's own, say) is
# called as usual. tests/votes/test_rows.py compares both ways on every model read here.
_INITS_DOING_NOTHING_MORE_FOR_ROWS = {
    "django.db.models.base.Model",
    "modelcluster.models.ClusterableModel",
    "wagtail.models.pages.AbstractPage",
    "wagtail.models.pages.ShowInMenusMixin",
    "wagtail.models.Page",
}


def _assigned_through_descriptor(model, attname):
    descriptor = type(inspect.getattr_static(model, attname, None))
    # setattr would only store a plain attribute, or a foreign key's id on a new instance
    # (there is no cached related object to forget). Anything else, such as a StreamField's
    # descriptor turning JSON into blocks, gets its setattr.
    plain = descriptor in (DeferredAttribute, ForeignKeyDeferredAttribute)
    return not plain and hasattr(descriptor, "__set__")


def as_key(value):
    """``value`` as a primary key to look up, or None if it cannot be one (not an integer, or
    beyond what a database integer holds: SQLite would raise rather than find nothing)."""
    try:
        key = int(value)
    except (TypeError, ValueError):
        return None
    return key if -(2**63) <= key < 2**63 else None


# Column types whose values come back from JSON as the database driver returns them.
_JSON_SAFE_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "CharField",
    "SlugField",
    "TextField",
}


def json_rows_sql(columns, where):
    """A scalar subquery giving the rows of ``columns`` that match ``where`` as one JSON array
    of arrays, read back by :func:`instances_from_json`.

    Reading a parent with its children this way takes one row instead of one per child, so the
    parent's columns are decoded once. Unordered: sort the instances.
    """
    unsafe = [
        field.name
        for field in columns.fields
        if (field.target_field if field.is_relation else field).get_internal_type()
        not in _JSON_SAFE_TYPES
    ]
    if unsafe:
        raise ValueError(f"Columns JSON would change: {unsafe}")
    if connection.vendor == "postgresql":
        aggregate = f"json_agg(json_build_array({columns.sql()}))"
    else:
        aggregate = f"json_group_array(json_array({columns.sql()}))"
    return f"(SELECT {aggregate} FROM {table(columns.model)} WHERE {where})"


def instances_from_json(columns, value):
    """The instances of the rows :func:`json_rows_sql` read."""
    if value is None:  # PostgreSQL's aggregate of no rows
        return []
    if isinstance(value, str):  # SQLite's JSON is text
        value = json.loads(value)
    return [columns.instance(values) for values in value]


class JoinedShape(NamedTuple):
    """SQL read along with another query: columns and a LEFT JOIN clause (one row each)."""

    select: str
    join: str


class Joined(NamedTuple):
    shape: JoinedShape
    # Parameters of the join clause, which comes before the other query's WHERE clause.
    params: tuple = ()


def column(model, name):
    """The quoted column of field ``name`` ("pk" for the primary key) of ``model``."""
    meta = model._meta
    field = meta.pk if name == "pk" else meta.get_field(name)
    return f"{connection.ops.quote_name(meta.db_table)}.{connection.ops.quote_name(field.column)}"


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _database():
    # The connection itself, not the proxy that looks it up on each attribute access.
    return connections[DEFAULT_DB_ALIAS]


def fetch_all(sql, params):
    """Run ``sql`` and return its rows; a prepared statement on PostgreSQL (see below)."""
    db = _database()
    if _preparing and db.vendor == "postgresql" and not db.in_atomic_block:
        try:
            return _fetch_prepared(db, sql, params)
        except _PreparedStatementLost:
            pass
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# PostgreSQL plans a statement each time it receives its text: for the page and vote a
# submission reads, planning took longer than running it. So each connection prepares these
# statements once and then only executes them. Only outside transactions: there a failed
# EXECUTE harms nothing and the statement can simply run unprepared. A connection pooler that
# shares server connections between clients (PgBouncer in transaction mode) loses prepared
# statements; the first time one is lost, this process stops preparing them.
_PREPARED_REGISTRY = "_wagtail_participation_prepared"
_STATEMENT_LOST, _PLAN_CHANGED, _ALREADY_PREPARED = "26000", "0A000", "42P05"
_preparing = True


class _PreparedStatementLost(Exception):
    pass


def _fetch_prepared(db, sql, params):
    global _preparing
    name, numbered, execute = _prepared_form(sql, len(params))
    db.ensure_connection()
    raw = db.connection
    registry = getattr(db, _PREPARED_REGISTRY, None)
    if registry is None or registry[0] is not raw:  # a new database connection
        # With one cursor per connection, executing the same statement text again keeps
        # psycopg's adapters for its parameters and columns instead of looking them up anew.
        registry = (raw, set(), db.create_cursor())
        setattr(db, _PREPARED_REGISTRY, registry)
    _, prepared, kept_cursor = registry
    db.validate_thread_sharing()
    # Django's wrapper, as connection.cursor() gives: errors translated, queries logged.
    cursor = db.make_debug_cursor(kept_cursor) if db.queries_logged else db.make_cursor(kept_cursor)
    for attempt in range(2):
        if name not in prepared:
            try:
                cursor.execute(f"PREPARE {name} AS {numbered}")
            except DatabaseError as error:
                if _sqlstate(error) != _ALREADY_PREPARED:
                    raise
            prepared.add(name)
        try:
            cursor.execute(execute, params)
            return cursor.fetchall()
        except DatabaseError as error:
            # Any other error (a participant's second ballot hitting its unique
            # constraint, say) leaves the prepared statement as it was.
            if _sqlstate(error) == _PLAN_CHANGED and attempt == 0:
                # A migration changed a table the statement reads: prepare it again.
                cursor.execute(f"DEALLOCATE {name}")
                prepared.discard(name)
                continue
            if _sqlstate(error) == _STATEMENT_LOST:
                prepared.discard(name)
                _preparing = False
                raise _PreparedStatementLost() from error
            raise
    raise AssertionError("unreachable")  # pragma: no cover


@lru_cache(maxsize=256)
def _prepared_form(sql, count):
    """(name, statement to prepare, EXECUTE statement) for ``sql`` with ``count`` parameters.

    Cached, so the EXECUTE text is the same string object every time (psycopg keeps its
    adapters for a query it is given again)."""
    # Our statements contain no literal "%": each "%s" is a parameter, numbered in order.
    parts = sql.split("%s")
    numbered = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))
    name = f"wagtail_participation_{hashlib.sha256(sql.encode()).hexdigest()[:24]}"
    arguments = f"({', '.join(['%s'] * count)})" if count else ""
    return name, numbered, f"EXECUTE {name}{arguments}"


def _sqlstate(error):
    return getattr(error.__cause__, "sqlstate", None)


def insert(instances):
    """INSERT ``instances`` (all of one model, not yet saved) and set their primary keys."""
    instances = list(instances)
    if not instances:
        return instances
    model = type(instances[0])
    fields = _insert_fields(model)
    db = _database()
    params = []
    for instance in instances:
        params += _values(db, instance)
    if connection.features.can_return_rows_from_bulk_insert:
        keys = [row[0] for row in fetch_all(_insert_sql(model, len(instances)), params)]
    else:  # pragma: no cover - SQLite before 3.35
        keys, width = [], len(fields)
        with connection.cursor() as cursor:
            for start in range(0, len(params), width):
                sql = _insert_sql(model, 1).rsplit(" RETURNING ", 1)[0]
                cursor.execute(sql, params[start : start + width])
                keys.append(cursor.lastrowid)
    pk = model._meta.pk
    for instance, key in zip(instances, keys, strict=True):
        setattr(instance, pk.attname, pk.to_python(key))
        instance._state.adding = False
        instance._state.db = connection.alias
    return instances


def insert_with_children(parent, children, link):
    """INSERT ``parent`` and its ``children`` (whose foreign key ``link`` points to it).

    On PostgreSQL this is a single statement, atomic by itself, so a submission costs one
    round trip to the database; elsewhere one statement per model, in a transaction.
    """
    db = _database()
    children = list(children)
    if db.vendor != "postgresql" or not children:
        with transaction.atomic():
            insert([parent])
            for child in children:
                setattr(child, link, parent)
            insert(children)
        return parent
    params = _values(db, parent)
    for child in children:
        params += _values(db, child, without=link)
    sql = _insert_with_children_sql(type(parent), type(children[0]), link, len(children))
    [(key,)] = fetch_all(sql, params)
    pk = type(parent)._meta.pk
    setattr(parent, pk.attname, pk.to_python(key))
    for instance in (parent, *children):
        instance._state.adding = False
        instance._state.db = db.alias
    for child in children:
        setattr(child, link, parent)
    return parent


def _values(db, instance, without=None):
    return [
        field.get_db_prep_save(field.pre_save(instance, True), db)
        for field in _insert_fields(type(instance))
        if field.name != without
    ]


@lru_cache(maxsize=256)
def _insert_with_children_sql(parent_model, child_model, link, count):
    quote = connection.ops.quote_name
    parent_fields = _insert_fields(parent_model)
    child_fields = [f for f in _insert_fields(child_model) if f.name != link]
    link_column = quote(child_model._meta.get_field(link).column)
    parent_key = quote(parent_model._meta.pk.column)
    child_columns = ", ".join([link_column, *(quote(f.column) for f in child_fields)])
    child_values = ", ".join(["%s"] * len(child_fields))
    # Data-modifying WITH clauses always run, referenced or not.
    children = "".join(
        f", child_{number} AS (INSERT INTO {table(child_model)} ({child_columns})"
        f" SELECT {parent_key}, {child_values} FROM parent RETURNING 1)"
        for number in range(count)
    )
    return (
        f"WITH parent AS (INSERT INTO {table(parent_model)}"
        f" ({', '.join(quote(f.column) for f in parent_fields)})"
        f" VALUES ({', '.join(['%s'] * len(parent_fields))}) RETURNING {parent_key})"
        f"{children} SELECT {parent_key} FROM parent"
    )


@lru_cache(maxsize=64)
def _insert_fields(model):
    # What the database generates itself (an auto-incremented key) is not written.
    return tuple(
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and field.db_returning) and not getattr(field, "generated", False)
    )


@lru_cache(maxsize=256)
def _insert_sql(model, count):
    quote = connection.ops.quote_name
    fields = _insert_fields(model)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return (
        f"INSERT INTO {table(model)} ({', '.join(quote(f.column) for f in fields)})"
        f" VALUES {', '.join([row] * count)} RETURNING {quote(model._meta.pk.column)}"
    )
