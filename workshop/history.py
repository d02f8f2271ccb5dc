"""Who made each historical change.

Attendees are not Django users, so django-simple-history's own `history_user`
cannot name them. Every versioned model's history carries a nullable
`history_participant` beside it; services set `instance._history_participant`
before saving and this receiver copies it onto the historical row.
"""

from django.db import models
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record


class HistoryAuthor(models.Model):
    history_participant = models.ForeignKey(
        "teams.Participant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def author_name(self) -> str:
        if self.history_participant_id:
            return self.history_participant.display_name
        if self.history_user_id:
            return self.history_user.get_full_name() or self.history_user.get_username()
        return "system"


@receiver(pre_create_historical_record)
def copy_participant_author(sender, instance, history_instance, **kwargs):
    if hasattr(history_instance, "history_participant_id"):
        history_instance.history_participant = getattr(instance, "_history_participant", None)
