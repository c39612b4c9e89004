from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import VoteKind

NOT_AN_OPTION = _("This option is not part of this vote. Please choose among the options shown.")


def chosen_options(vote, keys):
    """The options of ``vote`` that the submitted ``keys`` name, in the order given, or a
    ValidationError telling the resident what is wrong.

    The rules of a ballot, in one place: the form uses them, and so does the pipeline, which
    needs no form to accept a valid ballot. ``keys`` are the submitted values, in order (for a
    single choice the last one counts, as Django's own ChoiceField takes it).
    """
    by_key = {option.key: option for option in vote.active_options()}
    if vote.kind != VoteKind.MULTIPLE:
        key = keys[-1] if keys else ""
        if key and key not in by_key:
            raise forms.ValidationError(NOT_AN_OPTION, code="invalid_choice")
        if len(keys) > 1:
            raise forms.ValidationError(_("Please choose only one option."))
        if not key:
            raise forms.ValidationError(_("Please choose an option."))
        return [by_key[key]]
    if any(key not in by_key for key in keys):
        raise forms.ValidationError(NOT_AN_OPTION, code="invalid_choice")
    keys = list(dict.fromkeys(keys))
    minimum, maximum = vote.choice_limits()
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
    return [by_key[key] for key in keys]


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
        field.error_messages["invalid_choice"] = NOT_AN_OPTION
        self.fields["choice"] = field

    def clean_choice(self):
        raw = self.data.getlist("choice") if hasattr(self.data, "getlist") else []
        self.cleaned_data["options"] = chosen_options(self.vote, raw)
        return [option.key for option in self.cleaned_data["options"]]
