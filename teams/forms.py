from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Participant, Team


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name"]

    def __init__(self, *args, workshop, **kwargs):
        self.workshop = workshop
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = self.workshop.teams.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A team with this name already exists."))
        return name


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=40,
        help_text=_("As your team mates and the facilitator will see it."),
        error_messages={"required": _("Please type the name your team mates know you by.")},
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "autofocus": True}),
    )
    team = forms.ModelChoiceField(
        label=_("Your team"), queryset=Team.objects.none(), empty_label=None, required=True
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        if workshop.team_choice == workshop.TeamChoice.ASSIGN or not workshop.teams.exists():
            del self.fields["team"]
        else:
            self.fields["team"].queryset = workshop.teams.all()
            self.fields["team"].widget = forms.RadioSelect()
            self.fields["team"].widget.choices = self.fields["team"].choices

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Please type the name your team mates know you by."))
        if Participant.objects.filter(workshop=self.workshop, display_name__iexact=name).exists():
            raise forms.ValidationError(
                _("Someone here already uses “%(name)s”. Add an initial or a surname.")
                % {"name": name}
            )
        return name


class MoveParticipantForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = workshop.teams.all()


class TeamFieldForm(forms.Form):
    """The body of one autosave: the text and the version it was typed on."""

    value = forms.CharField(required=False, strip=False)
    version = forms.IntegerField(min_value=1)

    def __init__(self, *args, field_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = field_name

    def clean_value(self):
        value = self.cleaned_data["value"]
        if self.field_name == "name":
            value = " ".join(value.split())
            if not value:
                raise forms.ValidationError(_("A team needs a name."))
            if len(value) > 60:
                raise forms.ValidationError(
                    _("Keep the team name to 60 characters (this one has %(n)d).")
                    % {"n": len(value)}
                )
        elif len(value) > 20000:
            raise forms.ValidationError(
                _("Notes are limited to 20,000 characters (these have %(n)d).") % {"n": len(value)}
            )
        return value
