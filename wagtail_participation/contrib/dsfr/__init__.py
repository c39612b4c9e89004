"""The DSFR template pack: the app's public pages in the components of the State's design
system (Système de design de l'État), for Sites Faciles (wagtail-dsfr) and other DSFR sites.

Listed before ``wagtail_participation`` in INSTALLED_APPS, its templates override the default
ones of the same name (Django's app-directories order): the page layout (``base.html``), the
components (``ui/``), the two form layouts (``forms/``), and a few small includes. The pages
themselves are the default ones. docs/install.md, "Sites Faciles / wagtail-dsfr", says how to
install it.
"""
