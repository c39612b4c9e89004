"""What every screen that enters one paper form asks besides the participation's own fields:
the sheet's reference number and the form's one-time token.

A staff member copies one sheet (a survey's questionnaire, a proposal written on paper) into a
form that subclasses :class:`PaperEntryForm`; the view stores it with
:func:`~..participation.pipeline.store_paper_submission`, passing ``entry_token`` and
``paper_reference``: the same form sent twice stores once, and a sheet whose number was already
entered for this participation is refused.
"""

import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from ..participation.pipeline import normalise_paper_reference

ENTRY_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
EXPIRED = _("This form has expired: please enter it again.")


class PaperEntryForm(forms.Form):
    entry_token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": EXPIRED})
    paper_reference = forms.CharField(
        label=_("Reference number"),
        required=False,
        max_length=30,
        help_text=_(
            "The number written in the “For the town hall” box of the sheet. A number already "
            "entered for this participation is refused, so that no sheet is entered twice."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("entry_token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)

    def clean_entry_token(self):
        token = self.cleaned_data["entry_token"]
        if not ENTRY_TOKEN_RE.match(token):
            raise forms.ValidationError(EXPIRED)
        return token

    def clean_paper_reference(self):
        return normalise_paper_reference(self.cleaned_data["paper_reference"])

    def paper_fields(self):
        """The keyword arguments of ``store_paper_submission`` this form gives."""
        return {
            "entry_token": self.cleaned_data["entry_token"],
            "paper_reference": self.cleaned_data["paper_reference"],
        }
