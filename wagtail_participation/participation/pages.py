"""The page a submission was made on, and its view restrictions, loaded for every submission.

Each submission needs its page and the view restrictions of the page and its ancestors. Both
are read with SQL written once per page class (see :mod:`.rows` for why).
"""

from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page, PageViewRestriction

from . import rows


def load_page_with(page_id, joined):
    """The specific page ``page_id`` and the rows of ``joined`` (a :class:`rows.Joined`) read
    in the same query: (page, rows), or (None, None) if there is no such page."""
    page_id = rows.as_key(page_id)
    if page_id is None:
        return None, None
    for _attempt in range(2):
        page_class = _page_class(page_id)
        if page_class is None:
            return None, None
        sql, columns = _page_query(page_class, joined and joined.shape)
        found = rows.fetch_all(sql, [*(joined.params if joined else ()), page_id])
        if found:
            width = len(columns)
            page = columns.instance(found[0][:width])
            page._may_have_view_restrictions = bool(found[0][width])
            return page, [row[width + 1 :] for row in found]
        # The id was remembered with another type: the page has gone, or the id was reused
        # (a test database rolled back, say). Look it up afresh, once.
        _page_class_cached.cache_clear()
    return None, None


def view_restrictions(page):
    """What ``page.get_view_restrictions()`` returns, in one query instead of two: the
    restrictions of the page and its ancestors, an alias taking its source page's."""
    if not getattr(page, "_may_have_view_restrictions", True):
        return []
    step = Page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    sql, columns = _restrictions_query(len(paths))
    return [columns.instance(row) for row in rows.fetch_all(sql, paths)]


def _page_class(page_id):
    # A page id never changes type, so its specific class is remembered and each submission
    # loads the page in one query instead of two. Unknown ids are not remembered.
    try:
        return _page_class_cached(page_id)
    except LookupError:
        return None


@lru_cache(maxsize=4096)
def _page_class_cached(page_id):
    content_type_id = (
        Page.objects.filter(pk=page_id).values_list("content_type_id", flat=True).first()
    )
    # None for a page type whose app has left the site: such a page offers nothing.
    model = (
        None
        if content_type_id is None
        else ContentType.objects.get_for_id(content_type_id).model_class()
    )
    if model is None:
        raise LookupError(page_id)
    return model


# What a submission uses of Wagtail's own page fields (to check the page and find its URL);
# every field of the page's own type is read too, for the participation it hosts. The other
# Page fields (publication history, locking, SEO) are deferred.
_PAGE_FIELDS_READ = {
    "id",
    "path",
    "depth",
    "numchild",
    "translation_key",
    "locale",
    "live",
    "expired",
    "title",
    "draft_title",
    "slug",
    "content_type",
    "url_path",
    "alias_of",
}


@lru_cache(maxsize=256)
def _page_query(page_class, joined):
    """SQL reading every column of ``page_class`` and its parent tables for one page id, and
    the columns of ``joined`` (a :class:`rows.JoinedShape`) if given."""
    model = page_class._meta.concrete_model
    columns = rows.Columns(
        model,
        [
            field
            for field in model._meta.concrete_fields
            if field.model is not Page or field.name in _PAGE_FIELDS_READ
        ],
    )
    base = rows.table(Page)
    joins = "".join(
        f" INNER JOIN {rows.table(parent)}"
        f" ON {rows.column(parent, 'pk')} = {rows.column(Page, 'pk')}"
        for parent in dict.fromkeys(field.model for field in columns.fields)
        if parent._meta.db_table != Page._meta.db_table
    )
    select = f"{columns.sql()}, {_may_have_view_restrictions_sql()}"
    if joined is not None:
        select += f", {joined.select}"
        joins += f" {joined.join}"
    sql = f"SELECT {select} FROM {base}{joins} WHERE {rows.column(Page, 'pk')} = %s"
    return sql, columns


def _may_have_view_restrictions_sql():
    """Whether a view restriction sits on the page, an ancestor, or the source of either.

    Most pages have none, which this tells within the page's own query; when it says there
    may be some, view_restrictions() reads them exactly. It may say yes too often (for a
    restriction on an alias itself, which Wagtail ignores), never no too often.
    """
    quote = connection.ops.quote_name
    page, restriction = rows.table(Page), rows.table(PageViewRestriction)
    path = quote(Page._meta.get_field("path").column)
    ancestor_keys = (
        f"ancestor.{quote(Page._meta.pk.column)}, "
        f"ancestor.{quote(Page._meta.get_field('alias_of').column)}"
    )
    return (
        f"EXISTS (SELECT 1 FROM {restriction} INNER JOIN {page} AS ancestor"
        f" ON {rows.column(PageViewRestriction, 'page')} IN ({ancestor_keys})"
        f" WHERE ancestor.{path} = SUBSTR({page}.{path}, 1, LENGTH(ancestor.{path})))"
    )


@lru_cache(maxsize=64)
def _restrictions_query(depth):
    columns = rows.Columns(PageViewRestriction)
    source = f"COALESCE({rows.column(Page, 'alias_of')}, {rows.column(Page, 'pk')})"
    placeholders = ", ".join(["%s"] * depth)
    sql = (
        f"SELECT {columns.sql()} FROM {rows.table(PageViewRestriction)}"
        f" WHERE {rows.column(PageViewRestriction, 'page')} IN"
        f" (SELECT {source} FROM {rows.table(Page)}"
        f" WHERE {rows.column(Page, 'path')} IN ({placeholders}))"
        f" ORDER BY {rows.column(PageViewRestriction, 'pk')}"
    )
    return sql, columns
