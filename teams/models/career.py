"""Career planning: one private plan per participant — where they are on a PMO career
ladder and where they aim, a competence self-assessment, education steps and
milestones.

Private to the attendee: no team, facilitator, organiser or projector view reads it.
The attendee keeps it after the workshop through `private_token` (a keep-link that
works without a session); making a new link revokes the old one.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from workshop.history import HistoryAuthor

from ..career_content import COMPETENCE_CHOICES, ROLE_CHOICES, RUNGS
from . import companies

STATEMENT_MAX = 1500
NOTES_MAX = 5000
TITLE_MAX = 120
PROVIDER_MAX = 120
NOTE_MAX = 200
YEAR_MIN, YEAR_MAX = 1900, 2200  # the database's sanity bounds; forms are stricter


def new_private_token() -> str:
    return secrets.token_urlsafe(24)


class ActiveQuerySet(companies.ActiveQuerySet):
    def removed(self):
        return self.filter(removed_at__isnull=False)


class CareerPlan(models.Model):
    participant = models.OneToOneField(
        "teams.Participant", on_delete=models.CASCADE, related_name="career_plan"
    )
    current_role = models.CharField(
        _("where I am now"), max_length=32, blank=True, choices=ROLE_CHOICES
    )
    target_role = models.CharField(
        _("where I want to be"), max_length=32, blank=True, choices=ROLE_CHOICES
    )
    target_year = models.PositiveSmallIntegerField(_("by the year"), null=True, blank=True)
    statement = models.TextField(
        _("where I want to be, in my words"), blank=True, max_length=STATEMENT_MAX
    )
    notes = models.TextField(_("notes"), blank=True, max_length=NOTES_MAX)
    private_token = models.CharField(max_length=64, unique=True, default=new_private_token)
    # Optimistic concurrency: the same person may have the plan open in two tabs.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Revoked links must not live on in the history tables.
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["private_token"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__isnull=True)
                | Q(target_year__gte=YEAR_MIN, target_year__lte=YEAR_MAX),
                name="career_plan_target_year_sane",
            ),
            models.CheckConstraint(
                condition=Q(current_role="") | Q(current_role__in=list(RUNGS)),
                name="career_plan_current_role_on_ladder",
            ),
            models.CheckConstraint(
                condition=Q(target_role="") | Q(target_role__in=list(RUNGS)),
                name="career_plan_target_role_on_ladder",
            ),
        ]

    def __str__(self):
        return f"Career plan of participant {self.participant_id}"


class CompetenceRating(models.Model):
    """Today's and the target proficiency (1–5) in one competence of the built-in list."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="ratings")
    competence = models.CharField(_("competence"), max_length=40, choices=COMPETENCE_CHOICES)
    current = models.PositiveSmallIntegerField(_("today"), null=True, blank=True)
    target = models.PositiveSmallIntegerField(_("target"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[HistoryAuthor])

    class Meta:
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint("plan", "competence", name="competence_rating_unique"),
            models.CheckConstraint(
                condition=Q(current__isnull=True) | Q(current__gte=1, current__lte=5),
                name="competence_rating_current_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=1, target__lte=5),
                name="competence_rating_target_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.competence}: {self.current or '–'} → {self.target or '–'}"


class EducationStep(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATION = "certification", _("Certification")
        COURSE = "course", _("Course")
        MSC = "msc", _("Degree — MSc")
        DBA = "dba", _("Degree — DBA")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("education step", "Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="education_steps")
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.CERTIFICATION
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    provider = models.CharField(_("provider"), max_length=PROVIDER_MAX, blank=True)
    # Month precision: always the first day of the month.
    target_date = models.DateField(_("target month"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["position"])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self):
        return self.title


class CareerMilestone(models.Model):
    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=TITLE_MAX)
    target_date = models.DateField(_("target month"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["position"])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self):
        return self.title
