from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LABEL_MAX, NOTE_MAX, CausalLink, Factor, Topic


class FactorForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=2000, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Factor.Kind.choices, initial=Factor.Kind.ENABLER
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["label"].widget.attrs.update({"maxlength": LABEL_MAX, "autocomplete": "off"})


class LinkForm(forms.Form):
    cause = forms.ModelChoiceField(label=_("Cause"), queryset=Factor.objects.none())
    effect = forms.ModelChoiceField(label=_("Effect"), queryset=Factor.objects.none())
    polarity = forms.TypedChoiceField(
        label=_("Effect of the cause"),
        choices=CausalLink.Polarity.choices,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
    )
    strength = forms.TypedChoiceField(
        label=_("Strength"),
        choices=[(1, _("1 · weak")), (2, _("2 · medium")), (3, _("3 · strong"))],
        coerce=int,
        initial=2,
    )
    note = forms.CharField(
        label=_("Rationale or evidence"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, factors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = factors
        self.fields["effect"].queryset = factors
        for name in ("cause", "effect"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose a factor your team can see in this workshop."
            )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    comment = forms.CharField(required=False, max_length=NOTE_MAX)


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, max_length=NOTE_MAX)


class TopicChoices(forms.ModelMultipleChoiceField):
    """Refuses ids no database integer holds like any unknown choice: SQLite cannot even
    compare them (OverflowError in the `__in` lookup, a server error)."""

    def clean(self, value):
        for raw in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(raw).strip())
            except ValueError:
                continue  # not a number: the field says so itself
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": raw},
                )
        return super().clean(value)


class TeamTopicsForm(forms.Form):
    topics = TopicChoices(queryset=Topic.objects.none(), required=False)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = workshop.topics.all()


class MergeForm(forms.Form):
    merged = forms.ModelChoiceField(label=_("Duplicate"), queryset=Factor.objects.none())
    kept = forms.ModelChoiceField(label=_("Merge into"), queryset=Factor.objects.none())

    def __init__(self, *args, factors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged"].queryset = factors
        self.fields["kept"].queryset = factors


class FactorChoiceForm(forms.Form):
    factor = forms.ModelChoiceField(queryset=Factor.objects.none(), required=False)

    def __init__(self, *args, factors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor"].queryset = factors


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("Map template (JSON)"))
