"""A participation's report and paper form as HTML: what is the same for every participation
type (cover, summary, table of contents, appendix, typography), around what its
:class:`~.builder.ReportBuilder` contributes."""

import base64
import contextlib
import logging
import mimetypes
import re
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Site

import wagtail_participation

from ..participation.target import ParticipationState
from ..results.charts import bar_chart, column_chart
from ..results.tally import build_tally
from . import formats
from .fetcher import BASE_URL
from .fingerprint import printed
from .models import ReportSettings
from .typography import french_html

logger = logging.getLogger(__name__)

# Changes with the layout of the reports, so that a report made by an older version is made
# again: part of every report's data key.
LAYOUT_VERSION = 1
LOGO_RENDITION = "max-600x240"


class NoReportBuilder(LookupError):
    pass


def builder_for(target):
    """The :class:`~.builder.ReportBuilder` of ``target``, named by its model's
    ``report_builder`` (a dotted path)."""
    path = getattr(type(target), "report_builder", None)
    if not path:
        raise NoReportBuilder(f"{type(target).__name__} has no report_builder")
    return import_string(path)(target)


def report_language():
    """Reports are written in the site's language, whoever asks for them."""
    return django_settings.LANGUAGE_CODE


@contextlib.contextmanager
def report_locale():
    """The report's language and the site's time zone, whatever the request activated (an
    editor may read the admin in English, in another time zone)."""
    with (
        translation.override(report_language()),
        timezone.override(timezone.get_default_timezone()),
    ):
        yield


@dataclass(frozen=True)
class Commune:
    name: str
    # The logo as a data: URL (read through its own storage, whatever it is), or "".
    logo: str
    logo_alt: str
    paper_return: str
    # What changes the documents when it changes.
    version: tuple


def commune_identity():
    """The commune's name and logo, from the report settings of the default site."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        name = getattr(django_settings, "WAGTAIL_SITE_NAME", "") or ""
        return Commune(name, "", "", "", (name,))
    report_settings = ReportSettings.for_site(site)
    logo, logo_name = "", ""
    if report_settings.logo is not None:
        try:
            logo, logo_name = _logo_data_url(report_settings.logo)
        except (OSError, ValueError):
            # A logo whose file is gone should not stop the report: it is printed without.
            logger.warning("PDF report: the commune's logo could not be read", exc_info=True)
    name = report_settings.display_name()
    return Commune(
        name=name,
        logo=logo,
        logo_alt=_("Logo of %(commune)s") % {"commune": name},
        paper_return=report_settings.paper_return,
        version=(name, logo_name, report_settings.paper_return),
    )


def _logo_data_url(image):
    rendition = image.get_rendition(LOGO_RENDITION)
    name = rendition.file.name
    content_type = mimetypes.guess_type(name)[0] or "image/png"
    with rendition.file.open("rb") as file:
        return f"data:{content_type};base64,{base64.b64encode(file.read()).decode()}", name


def data_key_parts(target, builder, commune):
    """Everything a report depends on, as JSON-serialisable values."""
    return [
        LAYOUT_VERSION,
        wagtail_participation.__version__,
        report_language(),
        target._meta.label_lower,
        target.pk,
        window_state(builder),
        list(commune.version),
        builder.data_version(),
    ]


def static_url(path):
    """The URL a document gives to a static file of the app: read back by the fetcher from
    the static files finders (never through a hashed or remote URL)."""
    prefix = django_settings.STATIC_URL or "/static/"
    if "://" in prefix:
        return prefix + path
    return BASE_URL + prefix.lstrip("/") + path


def page_counter_css():
    """``"Page " counter(page) " of " counter(pages)`` in the report's language, for the CSS
    ``content`` of the page footer."""
    pieces = []
    for part in re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s")):
        if part == "%(page)s":
            pieces.append("counter(page)")
        elif part == "%(pages)s":
            pieces.append("counter(pages)")
        elif part:
            pieces.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(pieces)


def _finish(html):
    return french_html(html) if formats.is_french() else html


def _base_context(target, builder, commune):
    return {
        "target": target,
        "commune": commune,
        "language": report_language(),
        "stylesheet": static_url("wagtail_participation/reports/report.css"),
        "page_counter": mark_safe(page_counter_css()),
        "kind_label": builder.kind_label,
        "title": builder.title(),
        "introduction": builder.introduction(),
    }


def window_state(builder):
    """Where the participation the report is about stands (builder.participation_window)."""
    opens_at, closes_at = builder.participation_window()
    now = timezone.now()
    if now < opens_at:
        return ParticipationState.NOT_OPEN
    if now >= closes_at:
        return ParticipationState.CLOSED
    return ParticipationState.OPEN


def _dates(builder):
    opens_at, closes_at = builder.participation_window()
    state = window_state(builder)
    return {
        "opens_at": formats.long_datetime(opens_at),
        "closes_at": formats.long_datetime(closes_at),
        "state": state,
        "is_open": state == ParticipationState.OPEN,
        "not_open": state == ParticipationState.NOT_OPEN,
    }


def _render_sections(sections, base, prefix):
    rendered = []
    for number, section in enumerate(sections, start=1):
        anchor = f"{prefix}-{number}"
        html = render_to_string(section.template, {**base, **section.context, "section_id": anchor})
        rendered.append({"title": section.title, "anchor": anchor, "html": mark_safe(html)})
    return rendered


def over_time_chart(unit, periods):
    points = [(formats.short_date(period.start), period.count) for period in periods]
    chart = column_chart(points)
    peak = chart.peak()
    peak_period = periods[chart.columns.index(peak)] if peak else None
    return {
        "unit": unit,
        "chart": chart,
        "first": formats.long_date(periods[0].start) if periods else "",
        "last": formats.long_date(periods[-1].start) if periods else "",
        "peak": peak,
        "peak_date": formats.long_date(peak_period.start) if peak_period else "",
        "total": chart.total,
    }


def neighbourhood_tally(counts):
    if counts is None:
        return None
    channels = (("all", _("Participants")),)
    tally = build_tally(
        [(str(index), item.name) for index, item in enumerate(counts)],
        {(str(index), "all"): item.count for index, item in enumerate(counts)},
        channels,
        sum(item.count for item in counts),
    )
    return {"tally": tally, "chart": bar_chart(tally)}


def report_html(target, *, generated_at, export_name, export_description, fingerprint):
    """The HTML of ``target``'s result report. Call inside :func:`report_locale`."""
    builder = builder_for(target)
    commune = commune_identity()
    base = _base_context(target, builder, commune)
    counts = builder.participation_counts()
    unit, periods = builder.participation_over_time()
    results = _render_sections(builder.result_sections(), base, "results")
    free_text = _render_sections(builder.free_text_sections(), base, "free-text")
    neighbourhoods = neighbourhood_tally(builder.participation_per_neighbourhood())
    context = {
        **base,
        **_dates(builder),
        "identity": target.identity_method().label,
        "ways": builder.ways_to_take_part(),
        "counts": counts,
        "over_time": over_time_chart(unit, periods),
        "neighbourhoods": neighbourhoods,
        "results": results,
        "free_text": free_text,
        "method": builder.method(),
        "generated_at": formats.long_datetime(generated_at),
        "export_name": export_name,
        "export_description": export_description,
        "fingerprint": fingerprint,
        "fingerprint_printed": printed(fingerprint),
        "results_visibility": target.get_results_visibility_display()
        if hasattr(target, "get_results_visibility_display")
        else "",
    }
    return _finish(render_to_string("wagtail_participation/reports/report.html", context))


def paper_form_html(target):
    """The HTML of ``target``'s printable paper form. Call inside :func:`report_locale`."""
    builder = builder_for(target)
    commune = commune_identity()
    context = {
        **_base_context(target, builder, commune),
        **_dates(builder),
        "form": builder.paper_form(),
    }
    return _finish(render_to_string("wagtail_participation/reports/paper_form.html", context))
