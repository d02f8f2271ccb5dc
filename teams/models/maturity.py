"""The yardstick of Part 2: a maturity framework, a services catalogue and the
reference benchmark sets the room is compared with. All per workshop."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

LEVELS = (1, 2, 3, 4, 5)
LEVEL_NAMES = {
    1: _("Initial"),
    2: _("Repeatable"),
    3: _("Defined"),
    4: _("Managed"),
    5: _("Optimised"),
}
level_validators = [MinValueValidator(1), MaxValueValidator(5)]


class Framework(models.Model):
    """One per workshop; facilitators edit it or import another (JSON)."""

    workshop = models.OneToOneField(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="framework"
    )
    name = models.CharField(_("framework name"), max_length=120)
    # Where the framework's perspectives come from, shown under it.
    sources = models.TextField(_("what it draws on"), blank=True, max_length=4000)

    def __str__(self):
        return self.name


class Dimension(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Short name used in CSV and JSON files.")
    )
    name = models.CharField(_("name"), max_length=80)
    short_name = models.CharField(
        _("short name"), max_length=24, blank=True, help_text=_("For chart labels.")
    )
    description = models.TextField(_("what it covers"), blank=True, max_length=1000)
    # Five descriptors, level 1 (initial) … level 5 (optimised).
    level_1 = models.TextField(_("level 1 — initial"), max_length=600)
    level_2 = models.TextField(_("level 2 — repeatable"), max_length=600)
    level_3 = models.TextField(_("level 3 — defined"), max_length=600)
    level_4 = models.TextField(_("level 4 — managed"), max_length=600)
    level_5 = models.TextField(_("level 5 — optimised"), max_length=600)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint("framework", "key", name="dimension_key_unique"),
            models.UniqueConstraint("framework", Lower("name"), name="dimension_name_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def descriptor(self, level: int) -> str:
        return getattr(self, f"level_{level}")

    @property
    def levels(self) -> list[tuple[int, str, str]]:
        """[(level, level name, descriptor)] from 1 to 5."""
        return [(n, LEVEL_NAMES[n], self.descriptor(n)) for n in LEVELS]


class Service(models.Model):
    """An entry of the workshop's PMO services catalogue (baseline and vision pick from it)."""

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("service"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "position", "id"]
        constraints = [
            models.UniqueConstraint("workshop", Lower("name"), name="service_name_unique"),
        ]

    def __str__(self):
        return self.name


class ReferenceSet(models.Model):
    """A benchmark profile the room is compared with, imported from CSV."""

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="reference_sets"
    )
    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("source"), max_length=300, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=True,
        help_text=_("Made-up example data, labelled as such wherever it is shown."),
    )
    shown = models.BooleanField(_("shown on the projector"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "position", "id"]
        constraints = [
            models.UniqueConstraint("workshop", Lower("name"), name="reference_set_name_unique"),
        ]

    def __str__(self):
        return self.name


class ReferenceValue(models.Model):
    reference_set = models.ForeignKey(ReferenceSet, on_delete=models.CASCADE, related_name="values")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="+")
    mean = models.DecimalField(max_digits=3, decimal_places=2, validators=level_validators)
    spread = models.DecimalField(
        max_digits=3, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(4)]
    )
    respondents = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("reference_set", "dimension", name="reference_value_unique"),
        ]

    def __str__(self):
        return f"{self.reference_set} · {self.dimension}: {self.mean} ± {self.spread}"
