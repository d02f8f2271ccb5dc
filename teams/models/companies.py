"""Part 2a: the companies a team plans for, and their baselines (current state).

Every editable row carries `version` and history (workshop/editing.py), so two
team mates editing one baseline at once never overwrite each other silently.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workshop.history import HistoryAuthor

from .maturity import Dimension, Service, level_validators


class PmoType(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    CONTROLLING = "controlling", _("Controlling")
    DIRECTIVE = "directive", _("Directive")


class PmoScope(models.TextChoices):
    PROJECT = "project", _("Project")
    PROGRAMME = "programme", _("Programme")
    PORTFOLIO = "portfolio", _("Portfolio")
    ENTERPRISE = "enterprise", _("Enterprise")


PMO_TYPE_HELP = {
    PmoType.SUPPORTIVE: _("Offers templates, training and advice; projects choose to use them."),
    PmoType.CONTROLLING: _("Sets standards and checks compliance; reports on projects."),
    PmoType.DIRECTIVE: _("Manages projects directly; project managers report to the PMO."),
}


class ActiveQuerySet(models.QuerySet):
    def active(self):
        """Rows not removed. Removing keeps the row, so it can be undone."""
        return self.filter(removed_at__isnull=True)


class Company(models.Model):
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(_("company name"), max_length=120)
    sector = models.CharField(_("sector"), max_length=80, blank=True)
    version = models.PositiveIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["position"])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["team", "position", "id"]
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(
                "team",
                Lower("name"),
                condition=Q(removed_at__isnull=True),
                name="company_name_unique_in_team",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def workshop_id(self) -> int:
        return self.team.workshop_id

    def primary_baseline(self):
        return self.baselines.active().filter(is_primary=True).first()


class Baseline(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="baselines")
    label = models.CharField(
        _("baseline name"),
        max_length=80,
        help_text=_("E.g. the whole company, or one business unit."),
    )
    is_primary = models.BooleanField(_("primary"), default=False)
    pmo_type = models.CharField(_("PMO type"), max_length=12, choices=PmoType.choices, blank=True)
    scope = models.CharField(_("PMO scope"), max_length=12, choices=PmoScope.choices, blank=True)
    size = models.CharField(
        _("PMO size"),
        max_length=80,
        blank=True,
        help_text=_("E.g. “4 people, 2 of them part time”."),
    )
    sponsor = models.CharField(_("sponsor"), max_length=120, blank=True)
    strengths = models.TextField(_("strengths"), blank=True, max_length=5000)
    pain_points = models.TextField(_("pain points"), blank=True, max_length=5000)
    services = models.ManyToManyField(
        Service, blank=True, related_name="+", verbose_name=_("current services")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(bases=[HistoryAuthor])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["company", "-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(
                "company", condition=Q(is_primary=True), name="one_primary_baseline_per_company"
            ),
            models.UniqueConstraint(
                "company",
                Lower("label"),
                condition=Q(removed_at__isnull=True),
                name="baseline_label_unique",
            ),
        ]

    def __str__(self):
        return f"{self.company} — {self.label}"


class Assessment(models.Model):
    """One dimension of one baseline: the level chosen and the evidence for it."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="assessments")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="assessments")
    level = models.PositiveSmallIntegerField(null=True, blank=True, validators=level_validators)
    evidence = models.TextField(_("evidence"), blank=True, max_length=3000)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[HistoryAuthor])

    class Meta:
        ordering = ["baseline", "dimension__position", "dimension_id"]
        constraints = [
            models.UniqueConstraint("baseline", "dimension", name="assessment_unique"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="assessment_level_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.baseline} · {self.dimension}: {self.level or '–'}"
