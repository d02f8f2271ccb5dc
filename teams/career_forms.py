"""Career plan forms: every bad input becomes a message beside its field."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshop.inputs import is_whole_number

from .career_content import LEVELS, ROLE_CHOICES
from .models import CareerMilestone, EducationStep
from .models.career import NOTE_MAX, NOTES_MAX, PROVIDER_MAX, STATEMENT_MAX, TITLE_MAX

MONTH_FORMATS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})(?:-\d{1,2})?$"),  # 2026-09, 2026-09-15
    re.compile(r"^(?P<year>\d{4})/(?P<month>\d{1,2})$"),  # 2026/9
    re.compile(r"^(?P<month>\d{1,2})[/.](?P<year>\d{4})$"),  # 09/2026, 9.2026
)
EARLIEST_YEAR = 1970
YEARS_AHEAD = 50  # how far ahead a month or target year may be
TOO_LONG = _("Keep this to %(limit_value)d characters (it has %(show_value)d).")
NOT_AN_OPTION = _("Choose one of the options shown.")


def _text(max_length: int, *, required: bool = False, label="", error_messages=None):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={"max_length": TOO_LONG, **(error_messages or {})},
    )


def _choice(choices, *, label="", required=True, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={"invalid_choice": NOT_AN_OPTION, "required": NOT_AN_OPTION},
        **kwargs,
    )


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


class MonthField(forms.CharField):
    """A month: "2026-09" (what `<input type="month">` sends), "09/2026" or "2026/9".
    Stored as the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {
        "invalid": _("Enter a month like 2026-09."),
        "range": _("Choose a month between %(first)d and %(last)d."),
    }

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        for pattern in MONTH_FORMATS:
            match = pattern.match(text)
            if match:
                year, month = int(match["year"]), int(match["month"])
                break
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not 1 <= month <= 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        last = timezone.localdate().year + YEARS_AHEAD
        if not EARLIEST_YEAR <= year <= last:
            raise forms.ValidationError(
                self.error_messages["range"],
                code="range",
                params={"first": EARLIEST_YEAR, "last": last},
            )
        return datetime.date(year, month, 1)


def _version(minimum: int = 1):
    return forms.IntegerField(
        min_value=minimum,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This page is out of date. Reload it to keep editing."),
            "invalid": _("This page is out of date. Reload it to keep editing."),
            "min_value": _("This page is out of date. Reload it to keep editing."),
        },
    )


# --- the plan's own fields -------------------------------------------------------------------


def parse_target_year(raw: str) -> int | None:
    text = (raw or "").strip()
    if not text:
        return None
    first, last = timezone.localdate().year, timezone.localdate().year + YEARS_AHEAD
    if not is_whole_number(text):
        raise forms.ValidationError(_("Enter a year like %(year)d.") % {"year": first + 3})
    year = int(text)
    if not first <= year <= last:
        raise forms.ValidationError(
            _("Choose a year between %(first)d and %(last)d.") % {"first": first, "last": last}
        )
    return year


class PlanTextForm(forms.Form):
    """One autosaving field of the plan: the statement, the notes or the target year."""

    FIELDS = ("statement", "notes", "target_year")
    LIMITS = {"statement": STATEMENT_MAX, "notes": NOTES_MAX}

    value = forms.CharField(required=False, strip=False)

    def __init__(self, *args, field_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = field_name

    def clean_value(self):
        value = self.cleaned_data["value"]
        if self.field_name == "target_year":
            return parse_target_year(value)
        limit = self.LIMITS[self.field_name]
        if len(value) > limit:
            raise forms.ValidationError(TOO_LONG % {"limit_value": limit, "show_value": len(value)})
        return value


class LadderForm(forms.Form):
    current_role = _choice([("", "")] + ROLE_CHOICES, required=False)
    target_role = _choice([("", "")] + ROLE_CHOICES, required=False)
    version = _version()


LEVEL_CHOICES = [("", "–")] + [(str(level), str(level)) for level in LEVELS]


class RatingForm(forms.Form):
    current = forms.TypedChoiceField(
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a level from 1 to 5.")},
    )
    target = forms.TypedChoiceField(
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a level from 1 to 5.")},
    )
    note = _text(NOTE_MAX, label=_("Note"))
    version = _version(minimum=0)

    def clean_note(self):
        return _one_line(self.cleaned_data["note"])


# --- education steps and milestones ----------------------------------------------------------


class StepForm(forms.Form):
    kind = _choice(EducationStep.Kind.choices, label=_("Kind"))
    title = _text(
        TITLE_MAX,
        required=True,
        label=_("Title"),
        error_messages={"required": _("Name the certification, course or degree.")},
    )
    provider = _text(PROVIDER_MAX, label=_("Provider"))
    target_date = MonthField(label=_("Target month"), required=False)
    status = _choice(EducationStep.Status.choices, label=_("Status"))

    def clean_title(self):
        title = _one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Name the certification, course or degree."))
        return title

    def clean_provider(self):
        return _one_line(self.cleaned_data["provider"])

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.base_fields if name != "version"}


class StepEditForm(StepForm):
    version = _version()


class MilestoneForm(forms.Form):
    title = _text(
        TITLE_MAX,
        required=True,
        label=_("Milestone"),
        error_messages={"required": _("Write the milestone.")},
    )
    target_date = MonthField(label=_("Target month"), required=False)

    def clean_title(self):
        title = _one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Write the milestone."))
        return title

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "target_date")}


class MilestoneEditForm(MilestoneForm):
    done = forms.BooleanField(label=_("Done"), required=False)
    version = _version()

    def values(self) -> dict:
        return {**super().values(), "done": self.cleaned_data["done"]}


class MilestoneDoneForm(forms.Form):
    done = forms.BooleanField(required=False)
    version = _version()


def step_initial(step: EducationStep) -> dict:
    return {
        "kind": step.kind,
        "title": step.title,
        "provider": step.provider,
        "target_date": step.target_date,
        "status": step.status,
        "version": step.version,
    }


def milestone_initial(milestone: CareerMilestone) -> dict:
    return {
        "title": milestone.title,
        "target_date": milestone.target_date,
        "done": milestone.done,
        "version": milestone.version,
    }
