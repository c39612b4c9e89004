"""Demo content of Saint-Exemple-sur-Loire, loaded by ``manage.py load_demo``.

Each module listed in ``example_site.home.management.commands.load_demo.LOADERS`` exposes
``load(context)``. It creates its content only where it is missing (so loading twice changes
nothing), may read what earlier loaders put on the context (``context.home``,
``context.news_index``, ``context.articles``, ``context.pages``…) and returns a dict of what
later loaders may need, which the command adds to the context.
"""

import json


class DemoContext:
    """What the loaders share: the command's output and the content made so far."""

    def __init__(self, stdout, style=None):
        self.stdout = stdout
        self.style = style

    def update(self, values):
        for name, value in (values or {}).items():
            setattr(self, name, value)

    def log(self, message):
        self.stdout.write(message)


def ensure_child_page(parent, page_class, slug, **fields):
    """The live child of ``parent`` with this slug, created and published if it is missing.

    Returns ``(page, created)``. An existing page is left as it is, editors' changes included.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page, True


def stream(*blocks):
    """StreamField content from ``(block_type, value)`` pairs, in its stored JSON form."""
    return json.dumps([{"type": block_type, "value": value} for block_type, value in blocks])
