"""Part 2b/2c: the Vision 2030 briefing and each company's PMO vision."""

import uuid
from pathlib import Path

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teams.models import Dimension, Service
from teams.models.companies import PmoScope, PmoType
from teams.models.maturity import level_validators
from workshop.history import HistoryAuthor


def finding_image_path(instance, filename: str) -> str:
    # Never the uploaded name: it is user content. The extension comes from the
    # validated image format (vision/forms.py).
    return f"findings/{instance.workshop_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Finding(models.Model):
    """One item of the Vision 2030 briefing, revealed on the projector in order."""

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="findings"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("text"), max_length=4000)
    image = models.ImageField(_("image"), upload_to=finding_image_path, blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


class Showcase(models.Model):
    """What the facilitator has put on the projector in Part 2: the finding being
    presented and the company vision in the spotlight."""

    workshop = models.OneToOneField(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="showcase"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    spotlight = models.ForeignKey(
        "Vision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"showcase of {self.workshop}"


class Vision(models.Model):
    company = models.OneToOneField("teams.Company", on_delete=models.CASCADE, related_name="vision")
    statement = models.TextField(_("vision statement"), blank=True, max_length=2000)
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        help_text=_("The workshop's horizon year unless you choose another."),
    )
    pmo_type = models.CharField(
        _("target PMO type"), max_length=12, choices=PmoType.choices, blank=True
    )
    scope = models.CharField(
        _("target PMO scope"), max_length=12, choices=PmoScope.choices, blank=True
    )
    success = models.TextField(
        _("what success looks like"),
        blank=True,
        max_length=4000,
        help_text=_("One statement per line."),
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="+", verbose_name=_("target services")
    )
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="visions",
        verbose_name=_("Vision 2030 findings it answers"),
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[HistoryAuthor])

    def __str__(self):
        return f"{self.company} vision"

    @property
    def success_statements(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.success.splitlines() if line.strip(" -•\t")]

    @property
    def is_written(self) -> bool:
        return bool(self.statement.strip())


class Target(models.Model):
    """The level a vision aims for in one dimension."""

    vision = models.ForeignKey(Vision, on_delete=models.CASCADE, related_name="targets")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True, validators=level_validators)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[HistoryAuthor])

    class Meta:
        ordering = ["vision", "dimension__position", "dimension_id"]
        constraints = [
            models.UniqueConstraint("vision", "dimension", name="target_unique"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="target_level_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.vision} · {self.dimension}: {self.level or '–'}"
