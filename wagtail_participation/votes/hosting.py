"""Which pages offer a vote: its own vote page, or any page whose StreamField embeds it.

A submission names the page it was made on; the pipeline checks that page (live, not
private to this participant) and therefore must know the page really offers the vote.
"""

from wagtail.blocks import ListBlock, StreamBlock, StructBlock
from wagtail.fields import StreamField


def page_hosts_vote(page, vote):
    from .models import VotePage

    # A vote page's own field tells, without finding the page's specific type first.
    if not isinstance(page, VotePage):
        page = page.specific
    if isinstance(page, VotePage):
        return page.vote_id == vote.pk
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            stream = getattr(page, field.name)
            if _raw_contains(field.stream_block, list(stream.raw_data), vote.pk):
                return True
    return False


def _raw_contains(block, raw, vote_pk):
    # Walk the raw JSON, not the values: no query per embedded snippet.
    from .blocks import VoteBlock

    if isinstance(block, VoteBlock):
        return _as_pk(raw) == vote_pk
    if isinstance(block, StreamBlock):
        for item in raw or []:
            if not isinstance(item, dict):
                continue
            child = block.child_blocks.get(item.get("type"))
            if child is not None and _raw_contains(child, item.get("value"), vote_pk):
                return True
    elif isinstance(block, StructBlock):
        if isinstance(raw, dict):
            for name, child in block.child_blocks.items():
                if _raw_contains(child, raw.get(name), vote_pk):
                    return True
    elif isinstance(block, ListBlock):
        for item in raw or []:
            value = item.get("value") if isinstance(item, dict) and "type" in item else item
            if _raw_contains(block.child_block, value, vote_pk):
                return True
    return False


def _as_pk(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
