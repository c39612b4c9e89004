"""Header navigation, footer links and breadcrumbs of the commune's site.

They work on any page rendered with a request, including the participation app's own
views, which have no Wagtail ``page`` in their context.
"""

from django import template
from wagtail.models import Page, Site

register = template.Library()

# Slugs of the pages the footer links to, directly under the home page.
FOOTER_PAGES = [
    ("mentions-legales", "Mentions légales"),
    ("accessibilite", "Accessibilité : partiellement conforme"),
    ("contact", "Contact"),
]


def _site_root(request):
    if request is None:
        return None
    if not hasattr(request, "_example_site_root"):
        site = Site.find_for_request(request)
        request._example_site_root = site.root_page.specific if site else None
    return request._example_site_root


def _is_current(request, url, exact=False):
    if request is None or not url:
        return False
    if exact or url == "/":
        return request.path == url
    return request.path.startswith(url)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = _site_root(request)
    items = []
    if root is not None:
        home_url = root.get_url(request)
        items.append(
            {
                "title": "Accueil",
                "url": home_url,
                "current": _is_current(request, home_url, exact=True),
            }
        )
        for child in root.get_children().live().public().in_menu():
            url = child.get_url(request)
            items.append({"title": child.title, "url": url, "current": _is_current(request, url)})
    return {"items": items}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    request = context.get("request")
    root = _site_root(request)
    links = []
    if root is not None:
        pages = {
            p.slug: p
            for p in root.get_children()
            .live()
            .public()
            .filter(slug__in=[s for s, _ in FOOTER_PAGES])
        }
        for slug, label in FOOTER_PAGES:
            if slug in pages:
                url = pages[slug].get_url(request)
                links.append(
                    {"title": label, "url": url, "current": _is_current(request, url, exact=True)}
                )
    return {"links": links}


@register.simple_tag(takes_context=True)
def site_root_url(context):
    root = _site_root(context.get("request"))
    return root.get_url(context.get("request")) if root is not None else "/"


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The path from the home page down to ``page`` (the page itself is the last item)."""
    request = context.get("request")
    root = _site_root(request)
    items = []
    if root is not None and isinstance(page, Page) and page.pk != root.pk:
        ancestors = page.get_ancestors().filter(depth__gte=root.depth).live()
        for ancestor in ancestors:
            title = "Accueil" if ancestor.pk == root.pk else ancestor.title
            items.append({"title": title, "url": ancestor.get_url(request)})
    return {"items": items, "page": page}
