"""What every public page of the app gives the host's base template.

Every public page extends ``wagtail_participation/base.html``, which extends the host's base
template (``BASE_TEMPLATE``). The host's base knows nothing of the app, so the app passes
what a base template may show in the context, and never fills the host's ``title`` block
(whose content the app cannot know: a bare title, or a whole ``<title>`` element):

- ``title``: the title of the page, for the host's ``<title>`` (wagtail-dsfr's base reads
  ``{{ title }}``; a base that reads ``page.title`` gets the participation's page);
- ``trail``: where the page sits below the participation's page, for a breadcrumb (the DSFR
  template pack draws one) or a "Back to…" link (the default templates);
- ``base_template``: the host's base template, which ``wagtail_participation/base.html``
  extends.

docs/install.md ("The base template") documents this contract for hosts.
"""

from dataclasses import dataclass

from ..conf import settings


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Trail:
    """Where a page of the app sits.

    ``page``: the Wagtail page it belongs to (a breadcrumb starts with that page's
    ancestors), if any; ``links``: from that page down to this page's parent (empty on the
    page itself); ``current``: this page's short name; ``back``: the link back that a page
    without a breadcrumb shows ("Back to the survey"), if any.
    """

    current: str
    page: object = None
    links: tuple[Link, ...] = ()
    back: Link | None = None


def layout_context(*, title, trail):
    return {"base_template": settings.BASE_TEMPLATE, "title": title, "trail": trail}


def page_layout(page):
    """The layout context of a participation's own page (a vote page, a survey…)."""
    return layout_context(
        title=page.seo_title or page.title, trail=Trail(current=page.title, page=page)
    )


def route_layout(page, request, title, *, current=None, links=(), back=None):
    """The layout context of a page served below the participation's ``page`` (a survey's
    results, a proposal…): ``links`` lie between the page and this one; ``back`` is the
    wording of the link back to the last of them (or to the page)."""
    trail_links = (Link(page.title, page.get_url(request)), *links)
    return layout_context(
        title=title,
        trail=Trail(
            current=current or title,
            page=page,
            links=trail_links,
            back=Link(back, trail_links[-1].url) if back else None,
        ),
    )
