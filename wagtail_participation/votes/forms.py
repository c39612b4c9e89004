from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import VoteKind


class BallotForm(forms.Form):
    """Validates a ballot on the server, whatever the browser sent."""

    def __init__(self, vote, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.options = vote.active_options()
        choices = [(option.key, option.label) for option in self.options]
        if vote.kind == VoteKind.MULTIPLE:
            field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, required=False
            )
        else:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)
        field.label = vote.question
        field.error_messages["invalid_choice"] = _(
            "This option is not part of this vote. Please choose among the options shown."
        )
        self.fields["choice"] = field

    def clean_choice(self):
        raw = self.data.getlist("choice") if hasattr(self.data, "getlist") else []
        minimum, maximum = self.vote.choice_limits()
        value = self.cleaned_data.get("choice")
        if self.vote.kind != VoteKind.MULTIPLE:
            if len(raw) > 1:
                raise forms.ValidationError(_("Please choose only one option."))
            if not value:
                raise forms.ValidationError(_("Please choose an option."))
            return [value]
        keys = list(dict.fromkeys(value or []))
        if len(keys) < minimum:
            raise forms.ValidationError(
                ngettext(
                    "Please choose at least %(count)d option.",
                    "Please choose at least %(count)d options.",
                    minimum,
                )
                % {"count": minimum}
            )
        if len(keys) > maximum:
            raise forms.ValidationError(
                ngettext(
                    "Please choose at most %(count)d option.",
                    "Please choose at most %(count)d options.",
                    maximum,
                )
                % {"count": maximum}
            )
        return keys

    def clean(self):
        cleaned = super().clean()
        by_key = {option.key: option for option in self.options}
        if "choice" in cleaned:
            cleaned["options"] = [by_key[key] for key in cleaned["choice"]]
        return cleaned
