"""The form residents post a proposal with, and the moderators' decision forms."""

from django import forms
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from ..participation.models import Neighbourhood
from ..participation.text import clean_text
from .images import ACCEPT_ATTRIBUTE, clean_image
from .models import Answer, ReportReason

TITLE_MAX = 150
DESCRIPTION_MAX = 5000


class ProposalForm(forms.Form):
    """Title, description, neighbourhood, optional image, how to sign and be reached.

    A participation type adds its own fields in a subclass (a budget project's estimated
    cost); ``themes`` (a queryset) adds a required theme where the participation has some.
    Everything is plain text: what a resident types is stored as typed and always shown as
    text, never as HTML.
    """

    title = forms.CharField(
        label=_("Title of your proposal"),
        max_length=TITLE_MAX,
        validators=[MinLengthValidator(5)],
        help_text=_("In a few words: what you propose."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        validators=[MinLengthValidator(20)],
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        required=False,
        empty_label=_("The whole commune"),
    )
    image = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    image_description = forms.CharField(
        label=_("What the photo shows (optional)"),
        max_length=200,
        required=False,
        help_text=_("For people who cannot see it."),
    )
    author_name = forms.CharField(
        label=_("Signature (optional)"),
        max_length=80,
        required=False,
        help_text=_("Shown with your proposal: a first name, a nickname, an association."),
    )
    author_email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_(
            "The town hall uses it only to tell you what becomes of your proposal "
            "(published, merged, answered). It is never shown on the site nor in any export."
        ),
    )

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["theme"] = forms.ModelChoiceField(
                label=_("Theme"), queryset=themes, empty_label=_("Choose a theme")
            )
            self.order_fields(["title", "theme"])
        # Interpolated here, in the resident's language: at class level it would be worked
        # out once, in the language active when the module was imported.
        self.fields["description"].help_text = _(
            "What, where, why. Leave a blank line between paragraphs. %(max)s characters at most."
        ) % {"max": DESCRIPTION_MAX}
        for name in ("title", "description"):
            # Fields the browser leaves empty are refused by the server, with our message.
            self.fields[name].error_messages["required"] = _("This field is required.")

    def clean_title(self):
        title = " ".join(clean_text(self.cleaned_data["title"]).split())
        return self._checked_again("title", title)

    def clean_description(self):
        # Line breaks kept (they make the paragraphs), trailing spaces and excess blank lines
        # dropped.
        text = clean_text(self.cleaned_data["description"])
        text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        return self._checked_again("description", text)

    def _checked_again(self, name, text):
        """The field's rules (required, length) applied to the text as it will be stored:
        what cleaning took out must not let an empty or too short text through."""
        field = self.fields[name]
        if not text:
            raise forms.ValidationError(field.error_messages["required"], code="required")
        field.run_validators(text)
        return text

    def clean_image_description(self):
        return clean_text(self.cleaned_data["image_description"])

    def clean_author_name(self):
        return clean_text(self.cleaned_data["author_name"])

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return clean_image(upload)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is this proposal abusive?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Details (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- the moderators' forms ---------------------------------------------------------------


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to the author"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: not within the commune's powers, insulting, a private matter."),
    )


class DuplicateForm(forms.Form):
    original = forms.ModelChoiceField(
        label=_("Proposal it repeats"),
        queryset=None,
        help_text=_(
            "Its supports are added to the one chosen here; a person who supported both "
            "counts once."
        ),
    )

    def __init__(self, *args, originals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = originals


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("The commune's answer"), choices=Answer.choices)
    answer_text = forms.CharField(
        label=_("Explanation, shown with the proposal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
