"""Template tags and filters of the app: ``{% load wagtail_participation %}``."""

from django import template
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

from ..conf import settings
from ..reports import formats

register = template.Library()

# Set on the request once the stylesheet's <link> has been written in its response.
STYLES_WRITTEN = "_wagtail_participation_styles_written"

# The parameters of each component (templates/wagtail_participation/ui/<name>.html); the
# body between the tags is ``content``. A template pack gives the same names other markup.
COMPONENTS = {
    # A message: level is "info", "success", "warning" or "error"; role "status" or
    # "alert" (or none); focus makes it focusable (an error summary moved to).
    "notice": ("level", "role", "id", "focus"),
    # A button, or a link that looks like one (href); kind "primary" or "secondary";
    # hidden_label: words only screen readers get, after the visible ones.
    "button": ("kind", "type", "name", "value", "href", "hidden_label"),
    # A table (the content), with its caption's id when it may scroll on a small screen.
    "table": ("labelledby",),
    # One radio button or checkbox; the content is its label.
    "choice": ("type", "name", "value", "id", "checked", "disabled", "describedby", "inline"),
    # A row of radio buttons with its own legend, in a question's fieldset (a table
    # question's row, a majority judgment's option).
    "choice_row": ("legend",),
}


@register.filter
def wp_number(value):
    """A count with its thousands grouped as the active language writes them (``1 234``)."""
    return formats.number(value)


@register.filter
def wp_percent(value):
    """A share in percent with one decimal place, as the active language writes it."""
    return formats.percent(value)


@register.filter
def wp_datetime(value):
    """A moment as the active language writes it in a sentence: ``1er décembre 2025 à 14 h 05``,
    ``December 1, 2025 at 2:05 p.m.``; the same words as the printed report."""
    return formats.long_datetime(value)


@register.filter
def wp_lines(value):
    """Hints given as one text or as several lines, as a list of lines."""
    if not value:
        return []
    if isinstance(value, str | Promise):  # a form field's help text is often a lazy one
        return [value]
    return list(value)


@register.simple_tag(takes_context=True)
def participation_styles(context):
    """The app's stylesheet (``wagtail_participation/styles.html``), once per request.

    The app's pages and blocks call it; a host may call it first in its ``<head>``, and the
    later calls of the same request then write nothing. ``STYLESHEET = False`` turns it off.
    """
    if not settings.STYLESHEET:
        return ""
    request = context.get("request")
    if request is not None:
        if getattr(request, STYLES_WRITTEN, False):
            return ""
        setattr(request, STYLES_WRITTEN, True)
    return render_to_string("wagtail_participation/styles.html")


class ComponentNode(template.Node):
    def __init__(self, name, arguments, nodelist):
        self.name = name
        self.arguments = arguments
        self.nodelist = nodelist

    def render(self, context):
        values = dict.fromkeys(COMPONENTS[self.name])
        values.update((key, value.resolve(context)) for key, value in self.arguments.items())
        values["content"] = mark_safe(self.nodelist.render(context).strip())
        component = context.template.engine.get_template(
            f"wagtail_participation/ui/{self.name}.html"
        )
        # Only its own parameters: nothing of the page's context leaks into a component.
        return component.render(context.new(values))


@register.tag
def component(parser, token):
    """``{% component "notice" level="error" role="alert" %}…{% endcomponent %}``

    Renders ``wagtail_participation/ui/<name>.html`` with the body as ``content`` and the
    named arguments (``COMPONENTS`` lists them). The design of every notice, button, table
    and choice of the app is in those few templates, which a template pack overrides."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% component %} needs the component's name.")
    name = bits[1].strip("\"'")
    if name not in COMPONENTS:
        raise template.TemplateSyntaxError(f"Unknown component: {name}")
    arguments = {}
    for bit in bits[2:]:
        key, sep, value = bit.partition("=")
        if not sep or key not in COMPONENTS[name]:
            raise template.TemplateSyntaxError(f"Component {name} takes no argument {bit!r}.")
        arguments[key] = parser.compile_filter(value)
    nodelist = parser.parse(("endcomponent",))
    parser.delete_first_token()
    return ComponentNode(name, arguments, nodelist)


@register.simple_tag(takes_context=True)
def form_control(context, field):
    """The widget of a Django form field (``forms/field.html``), with the class the form's
    layout gives its kind (``input_class``, ``select_class``, ``upload_class``: set by
    ``forms/_field.html``), described by its hint and errors (``hint_id``, ``error_id``), and
    ``aria-invalid`` when it has errors."""
    widget_type = field.widget_type
    if widget_type == "select":
        css_class = context.get("select_class")
    elif widget_type.endswith("file"):
        css_class = context.get("upload_class")
    else:
        css_class = context.get("input_class")
    attrs = {}
    if css_class:
        attrs["class"] = css_class
    described_by = [context["hint_id"]] if field.help_text else []
    if field.errors:
        described_by.append(context["error_id"])
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
