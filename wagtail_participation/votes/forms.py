from dataclasses import dataclass

from django import forms

from .models import NOT_AN_OPTION


@dataclass(frozen=True)
class OfferedChoice:
    key: str
    label: str
    # Ticked: chosen in the ballot being shown again with its errors.
    checked: bool


class BallotForm(forms.Form):
    """The ballot as a form: shows the options, and a submitted ballot with its errors."""

    def __init__(self, vote, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.options = vote.active_options()
        choices = [(option.key, option.label) for option in self.options]
        if vote.is_multiple:
            field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, required=False
            )
        else:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)
        field.label = vote.question
        field.error_messages["invalid_choice"] = NOT_AN_OPTION
        self.fields["choice"] = field

    def submitted_keys(self):
        """Every option key the submitted ballot named, in order (none for a blank form)."""
        return self.data.getlist("choice") if hasattr(self.data, "getlist") else []

    def clean_choice(self):
        self.cleaned_data["options"] = self.vote.chosen_options(self.submitted_keys())
        return [option.key for option in self.cleaned_data["options"]]

    @property
    def choices(self):
        submitted = set(self.submitted_keys())
        return [
            OfferedChoice(key=option.key, label=option.label, checked=option.key in submitted)
            for option in self.options
        ]
