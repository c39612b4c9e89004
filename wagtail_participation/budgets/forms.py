"""The forms of a participatory budget: a resident's project, the town hall's review, a
project added by the town hall, news of the works, a pabulib file to import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..participation.models import Neighbourhood
from ..proposals.forms import DESCRIPTION_MAX, TITLE_MAX, ProposalForm
from ..proposals.images import ACCEPT_ATTRIBUTE, clean_image
from .choices import Feasibility, WorksStatus
from .money import MAX_AMOUNT, euros, parse_euros


class EurosField(forms.IntegerField):
    """A whole number of euros, as people type it: ``12 000``, ``12000 €``, ``12.000``."""

    widget = forms.TextInput

    default_error_messages = {
        "invalid": _("Enter an amount in whole euros, for example 12000."),
        "min_value": _("An amount must be at least 1 euro."),
        "max_value": _("This amount is not realistic: at most 10 billion euros."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # A text input (a number input refuses "12 000"), with the numeric keyboard on phones.
        return {"inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parsed = parse_euros(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def check_envelope(form, envelope, cost, neighbourhood, cost_field):
    """The errors of a project's envelope, cost and neighbourhood, added to ``form``."""
    if envelope is None:
        return
    if cost is not None and cost > envelope.max_cost_of_projects():
        if envelope.max_project_cost and envelope.max_project_cost < envelope.amount:
            message = _("A project of “%(envelope)s” may cost at most %(limit)s.")
        else:
            message = _(
                "This project would cost more than its envelope “%(envelope)s” (%(limit)s): "
                "it could never be funded."
            )
        form.add_error(
            cost_field,
            message % {"envelope": envelope.name, "limit": euros(envelope.max_cost_of_projects())},
        )
    if envelope.neighbourhood_id and neighbourhood != envelope.neighbourhood:
        form.add_error(
            "neighbourhood",
            _("A project of “%(envelope)s” must be in the neighbourhood “%(neighbourhood)s”.")
            % {"envelope": envelope.name, "neighbourhood": envelope.neighbourhood},
        )


class EnvelopeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, envelope):
        label = f"{envelope.name} – {euros(envelope.amount)}"
        return f"{label} ({envelope.description})" if envelope.description else label


class BudgetProjectForm(ProposalForm):
    """A resident's project: a proposal with its estimated cost and, where the budget has
    several envelopes, the one it belongs to."""

    estimated_cost = EurosField(
        label=_("Estimated cost (euros)"),
        help_text=_("An estimate is enough: the town hall works out the real cost."),
    )

    def __init__(self, *args, envelopes, **kwargs):
        """``envelopes``: the budget's envelopes (a queryset)."""
        super().__init__(*args, **kwargs)
        self.envelopes = list(envelopes)
        self.fields["title"].label = _("Title of your project")
        self.fields["title"].help_text = _("In a few words: what you propose.")
        self.fields["image"].label = _("Photo or drawing (optional)")
        if len(self.envelopes) > 1:
            self.fields["envelope"] = EnvelopeChoiceField(
                label=_("Envelope"),
                queryset=envelopes,
                empty_label=_("Choose an envelope"),
                error_messages={"required": _("Choose the envelope of your project.")},
            )
        self.order_fields(["title", "description", "envelope", "estimated_cost", "neighbourhood"])
        self.fields["estimated_cost"].error_messages["required"] = _(
            "Give an estimate of the cost, even a rough one."
        )

    def clean(self):
        cleaned = super().clean()
        envelope = cleaned.get("envelope")
        if envelope is None and len(self.envelopes) == 1:
            envelope = cleaned["envelope"] = self.envelopes[0]
        check_envelope(
            self,
            envelope,
            cleaned.get("estimated_cost"),
            cleaned.get("neighbourhood"),
            "estimated_cost",
        )
        return cleaned


class ReviewForm(forms.Form):
    """The town hall's review of a project: feasible or not, why, at what cost, in which
    envelope. Residents see the decision and its reason."""

    feasibility = forms.ChoiceField(
        label=_("Feasibility"),
        choices=[
            (Feasibility.FEASIBLE, _("Feasible: it goes to the vote")),
            (Feasibility.NOT_FEASIBLE, _("Not feasible")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason, shown to residents"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the project is not feasible: say why, in plain words."),
    )
    cost = EurosField(
        label=_("Cost estimated by the town hall (euros)"),
        required=False,
        help_text=_("Required for a feasible project: it is the cost on the ballot."),
    )
    envelope = EnvelopeChoiceField(label=_("Envelope"), queryset=None, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["envelope"].queryset = project.target.envelopes.all()
        self.fields["envelope"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        feasible = cleaned.get("feasibility") == Feasibility.FEASIBLE
        if feasible:
            if cleaned.get("cost") is None and "cost" not in self.errors:
                self.add_error("cost", _("Give the town hall's estimate of the cost."))
            if cleaned.get("envelope") is None and "envelope" not in self.errors:
                self.add_error("envelope", _("Choose the envelope of the project."))
            check_envelope(
                self,
                cleaned.get("envelope"),
                cleaned.get("cost"),
                self.project.neighbourhood,
                "cost",
            )
        elif cleaned.get("feasibility") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the project is not feasible."))
        return cleaned

    def add_error(self, field, error):
        # The neighbourhood is the resident's: its error is said on the envelope.
        if field == "neighbourhood":
            field = "envelope"
        super().add_error(field, error)


class StaffProjectForm(forms.Form):
    """A project the town hall adds itself: published and reviewed at once."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    envelope = EnvelopeChoiceField(label=_("Envelope"), queryset=None)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        required=False,
        empty_label=_("The whole commune"),
    )
    cost = EurosField(label=_("Cost estimated by the town hall (euros)"))
    feasibility_reason = forms.CharField(
        label=_("Note on its feasibility (optional, shown to residents)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    author_name = forms.CharField(
        label=_("Signed"),
        max_length=80,
        required=False,
        help_text=_("Shown with the project; empty: “The town hall”."),
    )
    image = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    image_description = forms.CharField(
        label=_("What the photo shows"), max_length=200, required=False
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["envelope"].queryset = page.envelopes.all()
        self.fields["envelope"].empty_label = None

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return clean_image(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        check_envelope(
            self, cleaned.get("envelope"), cleaned.get("cost"), cleaned.get("neighbourhood"), "cost"
        )
        return cleaned


class WorksForm(forms.Form):
    works_status = forms.ChoiceField(label=_("Where the works stand"), choices=WorksStatus.choices)


class WorksUpdateForm(forms.Form):
    """News of a funded project's works, shown on its page."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    text = forms.CharField(
        label=_("News"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    image = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    image_description = forms.CharField(
        label=_("What the photo shows"),
        max_length=200,
        required=False,
        help_text=_("For people who cannot see it."),
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return clean_image(upload) if upload else None


class PabulibImportForm(forms.Form):
    envelope = EnvelopeChoiceField(label=_("Envelope"), queryset=None)
    file = forms.FileField(
        label=_("pabulib file (.pb)"),
        help_text=_(
            "A participatory budget in the format of pabulib.org (approval ballots). Its "
            "projects and ballots are added to the envelope, which must be empty and have "
            "the file's budget."
        ),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["envelope"].queryset = page.envelopes.all()
        self.fields["envelope"].empty_label = None
