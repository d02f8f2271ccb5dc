import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workshop.history import HistoryAuthor


def new_rejoin_token() -> str:
    return secrets.token_urlsafe(24)


class Team(models.Model):
    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("team name"), max_length=60)
    notes = models.TextField(_("team notes"), blank=True, max_length=20000)
    # Optimistic concurrency: every save bumps it; a writer who started from an
    # older version of a field someone else changed gets a conflict, not a silent overwrite.
    version = models.PositiveIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["position"])

    class Meta:
        ordering = ["workshop", "position", "id"]
        constraints = [
            models.UniqueConstraint("workshop", Lower("name"), name="team_name_unique_in_workshop"),
        ]

    def __str__(self):
        return self.name


class Participant(models.Model):
    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="participants"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="participants"
    )
    display_name = models.CharField(_("display name"), max_length=40)
    rejoin_token = models.CharField(max_length=64, unique=True, default=new_rejoin_token)
    # Open sockets of this participant, across all server processes.
    connections = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name", "id"]

    def __str__(self):
        return self.display_name

    @property
    def is_online(self) -> bool:
        return self.connections > 0
