import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CODE_LENGTH, Phase, Workshop, normalise_code


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "date", "venue", "language", "horizon_year", "team_choice"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "title": forms.TextInput(
                attrs={"placeholder": _("PMO as a Profession — Vision & Strategy")}
            ),
        }
        help_texts = {
            "horizon_year": _("Company visions aim for this year. Default: three years ahead."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["horizon_year"].required = False
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()

    def clean_horizon_year(self):
        year = self.cleaned_data.get("horizon_year")
        date = self.cleaned_data.get("date")
        if year and date and year < date.year:
            raise forms.ValidationError(
                _("The vision horizon cannot lie before the workshop date.")
            )
        return year

    def clean(self):
        data = super().clean()
        if not data.get("horizon_year") and data.get("date"):
            data["horizon_year"] = data["date"].year + 3
        return data


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["title", "planned_minutes"]


class TimerExtendForm(forms.Form):
    minutes = forms.IntegerField(min_value=-60, max_value=120)


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "placeholder": "ABCD-EFGH",
            }
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A workshop code has %(n)d letters and digits, like ABCD-EFGH.")
                % {"n": CODE_LENGTH}
            )
        return code


def today() -> datetime.date:
    return timezone.localdate()
