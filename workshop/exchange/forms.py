"""The import form on the dashboard: a workshop file, and optionally a new title and
date (a template used for the next event). The whole file is checked in `clean`, so
every problem is shown beside the file field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Workshop
from . import checks, read_upload, shown


class WorkshopImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workshop file (JSON)"),
        help_text=_(
            "A file exported from this app (a whole workshop or a template). It becomes a "
            "new workshop that you facilitate; nothing else changes."
        ),
        error_messages={"required": _("Choose a workshop file (.json) to import.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    title = forms.CharField(
        label=_("New title (optional)"),
        max_length=Workshop._meta.get_field("title").max_length,
        required=False,
        help_text=_("Leave empty to keep the title in the file."),
    )
    date = forms.DateField(
        label=_("New date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Leave empty to keep the file's date. A new date moves the vision horizon with it."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "import-%s")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        try:
            self.plan = checks.check(read_upload(self.cleaned_data["file"]))
        except ValidationError as error:
            raise ValidationError(shown(error.messages)) from None
        return self.cleaned_data["file"]
