"""Forms of the reference-set page: the CSV upload and the two switches of a set."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .benchmarks import MAX_BYTES


class ReferenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Reference sets (CSV file)"),
        help_text=_(
            "Columns set, dimension, mean, spread; optional respondents, source, illustrative. "
            "A set with the same name as one already here is replaced."
        ),
        error_messages={"required": _("Choose a CSV file to import.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB. Split it into smaller files.")
            )
        return upload.read()


class ReferenceSetSwitchForm(forms.Form):
    """Either switch may be sent alone; a missing one stays as it is."""

    shown = forms.NullBooleanField(required=False)
    illustrative = forms.NullBooleanField(required=False)
