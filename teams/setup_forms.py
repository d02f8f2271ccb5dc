"""Forms of the facilitator's framework page. Each checks what a facilitator can get
wrong (an empty descriptor, a name or key already taken) and says so beside the field."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import framework as framework_file
from .models import Dimension, Framework, Service
from .models.maturity import LEVEL_NAMES
from .setup_services import DIMENSION_FIELDS


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["name", "sources"]
        widgets = {"sources": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "sources": _(
                "Which published perspectives it draws on, and that its wording is your own."
            )
        }
        error_messages = {"name": {"required": _("The framework needs a name.")}}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "framework-%s")
        super().__init__(*args, **kwargs)

    def clean_name(self):
        return framework_file.normalise(self.cleaned_data["name"])


class DimensionForm(forms.ModelForm):
    class Meta:
        model = Dimension
        fields = list(DIMENSION_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            **{f"level_{n}": forms.Textarea(attrs={"rows": 6}) for n in LEVEL_NAMES},
        }
        help_texts = {
            "key": _(
                "Letters, digits and hyphens; used in JSON and CSV files. Empty: from the name."
            ),
            "short_name": _("For chart labels; 14 characters read best."),
        }
        error_messages = {
            "name": {"required": _("A dimension needs a name.")},
            "key": {"invalid": _("Use only letters, digits, hyphens and underscores.")},
        }

    def __init__(self, *args, framework: Framework | None, **kwargs):
        instance = kwargs.get("instance")
        kwargs.setdefault(
            "auto_id", f"dimension-{instance.pk}-%s" if instance else "new-dimension-%s"
        )
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.fields["key"].required = False
        for n, level_name in LEVEL_NAMES.items():
            self.fields[f"level_{n}"].error_messages["required"] = gettext(
                "Describe what level %(n)d (%(name)s) looks like."
            ) % {"n": n, "name": str(level_name).lower()}

    def level_fields(self):
        """The five descriptors, level 1 first, for the template's ladder of fields."""
        return [self[f"level_{n}"] for n in LEVEL_NAMES]

    def _others(self):
        if self.framework is None:
            return Dimension.objects.none()
        return self.framework.dimensions.exclude(pk=self.instance.pk)

    def clean_name(self):
        name = framework_file.normalise(self.cleaned_data["name"])
        if self._others().filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Another dimension already has this name."))
        return name

    def clean_short_name(self):
        return framework_file.normalise(self.cleaned_data["short_name"])

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if key and self._others().filter(key=key).exists():
            raise forms.ValidationError(_("Another dimension already uses this key."))
        return key

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("key") and cleaned.get("name") and "key" not in self.errors:
            cleaned["key"] = self._key_from_name(cleaned["name"])
        return cleaned

    def _key_from_name(self, name: str) -> str:
        base = slugify(name)[: framework_file.KEY_MAX - 3] or "dimension"
        taken = set(self._others().values_list("key", flat=True))
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        return key


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "description"]
        error_messages = {"name": {"required": _("A service needs a name.")}}

    def __init__(self, *args, workshop, **kwargs):
        instance = kwargs.get("instance")
        kwargs.setdefault("auto_id", f"service-{instance.pk}-%s" if instance else "new-service-%s")
        super().__init__(*args, **kwargs)
        self.workshop = workshop

    def clean_name(self):
        name = framework_file.normalise(self.cleaned_data["name"])
        others = Service.objects.filter(workshop=self.workshop).exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("The catalogue already has a service with this name."))
        return name

    def clean_description(self):
        return self.cleaned_data["description"].strip()


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file (JSON)"),
        help_text=_(
            "Replaces this workshop's framework. Dimensions with the same key keep the levels "
            "teams chose; a file with services replaces the catalogue too."
        ),
        error_messages={"required": _("Choose a JSON file to import.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "import-%s")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return framework_file.parse_upload(upload.read(framework_file.MAX_UPLOAD_BYTES + 1))
