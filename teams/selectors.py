"""Reads for the team workspace and its live fragments."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workshop.editing import LiveField

from .models import Team

TEAM_FIELDS = {
    "name": {"label": _("Team name"), "multiline": False, "max_length": 60},
    "notes": {
        "label": _("Team notes"),
        "multiline": True,
        "max_length": 20000,
        "help_text": _("Shared with your team mates. Saves as you type."),
    },
}


def workspace(team: Team) -> dict:
    return {
        "team": team,
        "workshop": team.workshop,
        "members": list(team.participants.order_by("display_name")),
    }


def team_field(team: Team, field_name: str, **overrides) -> LiveField:
    spec = TEAM_FIELDS[field_name]
    phase = team.workshop.current_phase
    values = {
        "dom_id": f"team-{team.pk}-{field_name}",
        "label": spec["label"],
        "value": getattr(team, field_name),
        "version": team.version,
        "url": reverse("teams:field", args=[team.workshop_id, team.pk, field_name]),
        "multiline": spec["multiline"],
        "max_length": spec["max_length"],
        "help_text": spec.get("help_text", ""),
        "readonly": bool(phase and phase.locked),
    }
    values.update(overrides)
    return LiveField(**values)


def team_fields(team: Team) -> list[LiveField]:
    return [team_field(team, name) for name in TEAM_FIELDS]
