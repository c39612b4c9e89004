"""Shared fixtures: the Wagtail tree of the host test site, and the browser harness.

Browser tests drive Debian's Chromium (``/usr/bin/chromium``) through Playwright's sync API;
no browser is ever downloaded. A browser test looks like::

    @pytest.mark.browser
    def test_something(live_server, transactional_db, site_root, new_page, axe):
        page = new_page(javascript=False)
        page.goto(live_server.url + "/")
        axe(page)
"""

import os
import re
import shutil

import pytest

# Playwright's sync API runs an event loop in the main thread; Django refuses database access
# from a thread with a running loop unless told otherwise. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


# --- the Wagtail tree --------------------------------------------------------------------


@pytest.fixture
def wagtail_root(db):
    """The tree's root node (depth 1).

    Wagtail's migrations create it, but a transactional test flushes the database
    afterwards, so it is recreated here when missing.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


@pytest.fixture
def default_site(wagtail_root):
    """The default Wagtail Site, created (with a home page under the root) when missing."""
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        home = wagtail_root.add_child(instance=Page(title="Accueil", slug="accueil"))
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    return site


@pytest.fixture
def site_root(default_site):
    """The default Site's root page (the home page): parent for the pages a test creates."""
    return default_site.root_page.specific


@pytest.fixture
def set_site_root(default_site):
    """Make a page the default Site's root page: ``set_site_root(page)``."""

    def set_root(page):
        default_site.root_page = page
        default_site.save()
        return default_site

    return set_root


# --- the browser -------------------------------------------------------------------------


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (per xdist worker)."""
    executable = chromium_path()
    if executable is None:
        pytest.fail("Debian's chromium is not installed: apt-get install chromium (or make test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser):
    """Factory: ``new_page(javascript=True, **context_options)`` gives a page in a fresh
    browser context (own cookies and storage), French by default; closed after the test."""
    contexts = []

    def make(javascript=True, **options):
        options.setdefault("locale", "fr-FR")
        options.setdefault("timezone_id", "Europe/Paris")
        context = browser.new_context(java_script_enabled=javascript, **options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.javascript_enabled = javascript  # read by the axe fixture
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_page):
    """A page with JavaScript enabled, in a fresh context."""
    return new_page()


def format_axe_violations(violations):
    lines = [f"axe found {len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"][:10]:
            target = ", ".join(str(t) for t in node.get("target", []))
            html = " ".join((node.get("html") or "").split())[:200]
            lines.append(f"    at {target}: {html}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more element(s)")
    return "\n".join(lines)


def _without_scripts(html):
    """The DOM a visitor without JavaScript gets, made inert for a JavaScript-enabled page:
    scripts removed, <noscript> contents shown."""
    html = re.sub(r"<script\b[^>]*>.*?</script\s*>", "", html, flags=re.S | re.I)
    html = re.sub(r"<noscript\b", "<div data-noscript", html, flags=re.I)
    return re.sub(r"</noscript\s*>", "</div>", html, flags=re.I)


@pytest.fixture(scope="session")
def axe(browser):
    """``axe(page, context=None, options=None)`` runs axe-core on the page and fails the
    test with a readable list if there is any violation; returns axe's results otherwise.

    axe needs timers, which Chromium does not run in a page without JavaScript. For a page
    from ``new_page(javascript=False)``, its current DOM is therefore served again, scripts
    removed, at the same URL in a JavaScript-enabled page (styles and images still load from
    the server) and audited there.
    """
    from axe_playwright_python.sync_playwright import Axe

    runner = Axe()

    def audit(page, context, options):
        results = runner.run(page, context=context, options=options)
        return results, results.response["violations"]

    def check(page, context=None, options=None):
        options = {"resultTypes": ["violations"], **(options or {})}
        if getattr(page, "javascript_enabled", True):
            results, violations = audit(page, context, options)
        else:
            # Without its fragment: the browser never sends it, so the route would not match.
            url, html = page.url.split("#")[0], _without_scripts(page.content())
            clone_context = browser.new_context(
                java_script_enabled=True,
                locale="fr-FR",
                viewport=page.viewport_size,
            )
            try:
                clone = clone_context.new_page()
                clone.set_default_timeout(20_000)
                clone.route(
                    lambda u: u == url,
                    lambda route: route.fulfill(
                        status=200, content_type="text/html; charset=utf-8", body=html
                    ),
                )
                clone.goto(url)
                results, violations = audit(clone, context, options)
            finally:
                clone_context.close()
        if violations:
            pytest.fail(f"{page.url}\n{format_axe_violations(violations)}", pytrace=False)
        return results

    return check
