from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HostingRequest
from .models.hosting import ATTENDEES_MAX, ATTENDEES_MIN, MESSAGE_MAX


class HostingRequestForm(forms.ModelForm):
    # Honeypot: hidden from people, filled in by bots that complete every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = HostingRequest
        fields = [
            "community_name",
            "city",
            "country",
            "contact_name",
            "contact_email",
            "expected_attendees",
            "preferred_dates",
            "message",
        ]
        widgets = {
            "expected_attendees": forms.NumberInput(
                attrs={"min": ATTENDEES_MIN, "max": ATTENDEES_MAX}
            ),
            "preferred_dates": forms.TextInput(
                attrs={"placeholder": _("e.g. March or April 2027")}
            ),
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX}),
        }
        help_texts = {
            "community_name": _("Your PMO community of practice, network or chapter."),
            "expected_attendees": _("A rough number is fine (1–1000)."),
            "message": _("Optional: who would come, what you hope to take away, a venue idea."),
        }
        error_messages = {
            "contact_email": {
                "invalid": _("Enter an e-mail address we can answer, like name@example.org.")
            },
            "expected_attendees": {
                "min_value": _("Expect at least one attendee."),
                "max_value": _("We run this workshop for up to 1000 people."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["country"].widget.attrs["autocomplete"] = "country-name"

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class HostingAnswerForm(forms.ModelForm):
    class Meta:
        model = HostingRequest
        fields = ["status", "organiser_notes"]
        widgets = {"organiser_notes": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "status": {"invalid_choice": _("Choose new, contacted, scheduled or declined.")}
        }
