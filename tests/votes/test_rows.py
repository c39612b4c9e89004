"""rows.Columns builds the instances a submission reads as Model.from_db would."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models.signals import post_init
from wagtail.blocks import StreamValue
from wagtail.models import Page, PageViewRestriction

from tests.hostapp.models import HostArticle
from wagtail_participation.models import Vote, VoteOption, VotePage
from wagtail_participation.participation import rows
from wagtail_participation.participation.pages import load_page_with


def read_row(columns, pk):
    sql = (
        f"SELECT {columns.sql()} FROM {rows.table(columns.model)}"
        + "".join(
            f" INNER JOIN {rows.table(parent)} ON {rows.column(parent, 'pk')}"
            f" = {rows.column(columns.model, 'pk')}"
            for parent in {field.model for field in columns.fields} - {columns.model}
        )
        + f" WHERE {rows.column(columns.model, 'pk')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return cursor.fetchone()


def as_django_builds_it(columns, row):
    """What Model.from_db makes of the row, converters applied as the ORM applies them."""
    db = connection
    values = list(row)
    for position, converters, expression in columns._conversions():
        for convert in converters:
            values[position] = convert(values[position], expression, db)
    return columns.model.from_db(db.alias, columns.attnames, values)


def assert_same_instance(ours, django):
    assert type(ours) is type(django)
    assert (ours._state.adding, ours._state.db) == (django._state.adding, django._state.db)
    ours_attributes = {k: v for k, v in vars(ours).items() if k != "_state"}
    django_attributes = {k: v for k, v in vars(django).items() if k != "_state"}
    assert ours_attributes.keys() == django_attributes.keys()
    for name, value in django_attributes.items():
        if isinstance(value, StreamValue):
            assert isinstance(ours_attributes[name], StreamValue)
            assert ours_attributes[name].get_prep_value() == value.get_prep_value()
        else:
            assert ours_attributes[name] == value, name


@pytest.fixture
def rows_read(home, make_vote, article_with):
    """One of each model a submission reads: pages of our type and of a host's, with a
    StreamField; a vote and its options; a view restriction."""
    vote = make_vote(kind="single", options=["Oui", "Non"])
    article = article_with(vote)
    vote_page = home.add_child(instance=VotePage(title="Éclairage", slug="eclairage"))
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return [
        (HostArticle, article.pk),
        (VotePage, vote_page.pk),
        (Vote, vote.pk),
        (VoteOption, vote.options.first().pk),
        (PageViewRestriction, restriction.pk),
    ]


@pytest.mark.django_db
def test_every_model_a_submission_reads_is_built_as_from_db_builds_it(rows_read):
    for model, pk in rows_read:
        columns = rows.Columns(model)
        row = read_row(columns, pk)
        assert columns._assignments_without_init() is not None, model
        assert_same_instance(columns.instance(row), as_django_builds_it(columns, row))


@pytest.mark.django_db
def test_deferred_fields_stay_deferred_and_load_on_access(rows_read):
    model, pk = rows_read[0]
    columns = rows.Columns(model, [f for f in model._meta.concrete_fields if f.name != "body"])
    page = columns.instance(read_row(columns, pk))

    assert "body" in page.get_deferred_fields()
    assert isinstance(page.body, StreamValue)
    assert page.body[0].block_type == "vote"


@pytest.mark.django_db
def test_the_page_of_a_submission_keeps_its_stream_field_blocks(rows_read):
    model, pk = rows_read[0]
    page, _ = load_page_with(pk, None)

    assert isinstance(page, HostArticle)
    assert isinstance(page.body, StreamValue)
    assert page.body[0].block_type == "vote"


@pytest.mark.django_db
def test_a_model_with_its_own_constructor_is_built_by_it(rows_read):
    pk = dict(rows_read)[VoteOption]
    built = []
    original = VoteOption.__init__

    def own_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        built.append(self)

    with mock.patch.object(VoteOption, "__init__", own_init):
        columns = rows.Columns(VoteOption)
        option = columns.instance(read_row(columns, pk))

    assert built == [option]


@pytest.mark.django_db
def test_signal_receivers_still_hear_about_every_instance(rows_read):
    pk = dict(rows_read)[Vote]
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance)

    post_init.connect(receiver, sender=Vote)
    try:
        columns = rows.Columns(Vote)
        vote = columns.instance(read_row(columns, pk))
    finally:
        post_init.disconnect(receiver, sender=Vote)

    assert heard == [vote]


def test_the_constructors_skipped_are_those_of_this_wagtail():
    # If Wagtail renames or moves its page constructors, pages fall back to from_db: slower,
    # still right. This tells when that happens.
    skipped = {
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in Page.__mro__
        if "__init__" in cls.__dict__ and cls is not object
    }
    assert skipped <= rows._INITS_DOING_NOTHING_MORE_FOR_ROWS


@pytest.mark.django_db
def test_a_vote_is_read_with_its_options_in_their_order(make_vote):
    vote = make_vote(kind="single", options=["Premier", "Deuxième", "Troisième"])
    first, second, third = vote.options.order_by("sort_order")
    VoteOption.objects.filter(pk=first.pk).update(sort_order=5)
    VoteOption.objects.filter(pk=third.pk).update(sort_order=1)  # now level with the second

    read = Vote.objects.with_options(vote.pk)

    assert [o.label for o in read.options.all()] == ["Deuxième", "Troisième", "Premier"]
    assert all(option.vote is read for option in read.options.all())
    assert list(Vote.objects.with_options(make_vote(kind="single").pk).options.all()) == []


def test_only_columns_json_gives_back_unchanged_are_read_as_json():
    with pytest.raises(ValueError, match="opens_at"):
        rows.json_rows_sql(rows.Columns(Vote), "1 = 1")
