"""Part 1: topics, factors, causal links, merges and the path to a profession."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workshop.history import HistoryAuthor

LABEL_MAX = 80
NOTE_MAX = 2000


class Topic(models.Model):
    """What a team works on in Part 1, e.g. "Inhibitors of a PMO career"."""

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=NOTE_MAX)
    position = models.PositiveSmallIntegerField(default=0)
    teams = models.ManyToManyField("teams.Team", related_name="topics", blank=True)

    class Meta:
        ordering = ["workshop", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                "workshop", Lower("title"), name="topic_title_unique_in_workshop"
            )
        ]

    def __str__(self):
        return self.title


class Factor(models.Model):
    """A node of the causal map. Merged factors stay (merged_into set) so a merge can be undone."""

    class Kind(models.TextChoices):
        INHIBITOR = "inhibitor", _("Inhibitor")
        ENABLER = "enabler", _("Enabler")
        BUILDING_BLOCK = "building_block", _("Building block")
        OUTCOME = "outcome", _("Outcome")

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="factors"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="factors"
    )
    label = models.CharField(_("label"), max_length=LABEL_MAX)
    description = models.TextField(_("description"), blank=True, max_length=NOTE_MAX)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ENABLER)
    author_team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_factors"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[HistoryAuthor])

    class Meta:
        ordering = ["label", "id"]
        constraints = [
            models.UniqueConstraint(
                "workshop",
                Lower("label"),
                condition=Q(merged_into__isnull=True),
                name="active_factor_label_unique_in_workshop",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None


class CausalLink(models.Model):
    """cause → effect. Teams propose; the facilitator accepts into the room map or rejects."""

    class Polarity(models.IntegerChoices):
        REINFORCES = 1, _("+ reinforces")
        WEAKENS = -1, _("− weakens")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="links"
    )
    cause = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="links_out")
    effect = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="links_in")
    polarity = models.SmallIntegerField(
        _("polarity"), choices=Polarity.choices, default=Polarity.REINFORCES
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    note = models.TextField(_("rationale or evidence"), blank=True, max_length=NOTE_MAX)
    author_team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    review_comment = models.TextField(_("comment"), blank=True, max_length=NOTE_MAX)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Set while a merge made this link a self-loop or a duplicate: it is kept, not
    # drawn, and comes back when the merge is undone.
    absorbed_by = models.ForeignKey(
        "FactorMerge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="absorbed_links",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[HistoryAuthor])

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(cause=F("effect")), name="link_not_to_itself"),
            models.CheckConstraint(
                condition=Q(strength__gte=1, strength__lte=3), name="link_strength_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=[1, -1]), name="link_polarity_plus_or_minus"
            ),
            models.UniqueConstraint(
                "cause",
                "effect",
                condition=Q(absorbed_by__isnull=True),
                name="one_link_per_cause_effect",
            ),
        ]

    def __str__(self):
        sign = "+" if self.polarity > 0 else "−"
        return f"{self.cause} →({sign}) {self.effect}"


class FactorMerge(models.Model):
    """One merge of a duplicate factor into another, with what it changed, so it can be undone."""

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="merges"
    )
    kept = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="merges_kept")
    merged = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="merges_merged")
    # [{"link": id, "end": "cause" | "effect"}]: the link ends re-pointed from merged to kept.
    repointed = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.merged} → {self.kept}"


class PathStep(models.Model):
    """One step of the path to a profession, with "your role to realise it"."""

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="path_steps"
    )
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="path_steps")
    position = models.PositiveSmallIntegerField(default=0)
    role_text = models.TextField(_("your role to realise it"), blank=True, max_length=NOTE_MAX)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["position"])

    class Meta:
        ordering = ["workshop", "position", "id"]
        constraints = [models.UniqueConstraint("workshop", "factor", name="factor_once_in_path")]

    def __str__(self):
        return f"{self.position + 1}. {self.factor}"
