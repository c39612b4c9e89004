"""The app's pages in a Sites Faciles site, in real Chromium: axe finds nothing in the DSFR's
light and dark themes, and the charts' words stay readable in the dark one."""

import pytest

from tests.dsfr.conftest import only_in_the_dsfr_host
from tests.public_pages import build_public_pages, open_page

pytestmark = [only_in_the_dsfr_host, pytest.mark.browser]

# The pages with a chart: its labels and counts are drawn in the colour of the text.
CHARTS = {"survey results", "budget results"}


@pytest.fixture
def public_pages(site_root, embed_vote, settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}
    return build_public_pages(site_root, embed_vote)


def set_theme(browser_page, theme):
    """The DSFR's theme as its "Display settings" dialog sets it: the scheme on <html>, which
    the DSFR's script turns into the theme its colour variables follow."""
    browser_page.evaluate(
        """theme => {
            document.documentElement.setAttribute("data-fr-scheme", theme);
            document.documentElement.setAttribute("data-fr-theme", theme);
        }""",
        theme,
    )
    browser_page.wait_for_function(
        "theme => document.documentElement.getAttribute('data-fr-theme') === theme", arg=theme
    )


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def chart_colours(browser_page):
    """The computed colour of every word of the page's charts, and the page's background."""
    return browser_page.evaluate(
        """() => {
            const rgb = value => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const texts = [...document.querySelectorAll("svg.wp-chart text")];
            return {
                texts: texts.map(text => rgb(getComputedStyle(text).fill)),
                background: rgb(getComputedStyle(document.body).backgroundColor),
            };
        }"""
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_public_page_passes_axe_in_the_dsfr_theme(
    live_server, transactional_db, public_pages, new_page, axe, theme
):
    browser_page = new_page()
    for page in public_pages:
        open_page(browser_page, live_server, page)
        set_theme(browser_page, theme)
        assert browser_page.title().endswith("Commune de Saint-Essai"), page.name
        axe(browser_page)
        if page.name in CHARTS:
            colours = chart_colours(browser_page)
            assert colours["texts"], page.name
            # The theme is the one asked for: a dark page in the dark theme.
            assert (luminance(colours["background"]) < 0.05) == (theme == "dark"), page.name
            for colour in colours["texts"]:
                assert contrast(colour, colours["background"]) >= 4.5, (page.name, colour)
