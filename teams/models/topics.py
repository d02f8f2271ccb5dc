"""Discussion topics: attendees raise them at any time and upvote; the facilitator
puts one on the projector, marks it discussed, or hides it (moderation)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TOPIC_MAX_LENGTH = 280


class DiscussionTopic(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ON_SCREEN = "on_screen", _("On screen")
        DISCUSSED = "discussed", _("Discussed")
        HIDDEN = "hidden", _("Hidden")

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="discussion_topics"
    )
    # Null when a facilitator raised it (or the attendee's row is gone).
    raised_by = models.ForeignKey(
        "teams.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raised_topics",
    )
    text = models.CharField(_("topic"), max_length=TOPIC_MAX_LENGTH)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop"],
                condition=Q(status="on_screen"),
                name="one_topic_on_screen_per_workshop",
            ),
        ]

    def __str__(self):
        return self.text


class TopicVote(models.Model):
    topic = models.ForeignKey(DiscussionTopic, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        "teams.Participant", on_delete=models.CASCADE, related_name="topic_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "participant"], name="one_vote_per_topic"),
        ]

    def __str__(self):
        return f"{self.participant_id} → {self.topic_id}"
