"""Part 3: each company's strategy, linked to its baseline and vision.

Gaps are per dimension (target − primary baseline level, computed, never stored);
the team sets their priority. Initiatives close gaps and depend on each other;
goals and KPIs measure them. Every editable row carries `version` and history
(workshop/editing.py); removing an initiative, goal or KPI is soft, so it can be
undone.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teams.models.companies import ActiveQuerySet
from workshop.history import HistoryAuthor

# A quarter is stored as one integer: year * 4 + (quarter - 1), so ranges compare
# and sort naturally. 2027 Q1 = 8108.
QUARTER_MIN = 2000 * 4
QUARTER_MAX = 2100 * 4 + 3
quarter_validators = [MinValueValidator(QUARTER_MIN), MaxValueValidator(QUARTER_MAX)]


def quarter_index(year: int, quarter: int) -> int:
    return year * 4 + (quarter - 1)


def quarter_label(index: int | None) -> str:
    if index is None:
        return ""
    return f"{index // 4} Q{index % 4 + 1}"


class Strategy(models.Model):
    """The company-wide texts of the strategy (one per company)."""

    company = models.OneToOneField(
        "teams.Company", on_delete=models.CASCADE, related_name="strategy"
    )
    mission = models.TextField(_("PMO mission"), blank=True, max_length=1500)
    principles = models.TextField(
        _("principles"), blank=True, max_length=4000, help_text=_("One principle per line.")
    )
    services_note = models.TextField(_("how the services change"), blank=True, max_length=3000)
    summary = models.TextField(
        _("executive summary"),
        blank=True,
        max_length=3000,
        help_text=_("Three to five sentences for the executives who read the pack."),
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[HistoryAuthor])

    def __str__(self):
        return f"strategy of {self.company}"

    @property
    def principle_lines(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.principles.splitlines() if line.strip(" -•\t")]


class Gap(models.Model):
    """The team's priority for closing one dimension's gap."""

    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    company = models.ForeignKey("teams.Company", on_delete=models.CASCADE, related_name="gaps")
    dimension = models.ForeignKey("teams.Dimension", on_delete=models.CASCADE, related_name="+")
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[HistoryAuthor])

    class Meta:
        ordering = ["company", "dimension__position", "dimension_id"]
        constraints = [
            models.UniqueConstraint("company", "dimension", name="gap_unique"),
        ]

    def __str__(self):
        return f"{self.company} · {self.dimension}"


class Band(models.TextChoices):
    """Effort and cost in one rough band: enough to compare initiatives."""

    SMALL = "S", _("S — weeks, within budget")
    MEDIUM = "M", _("M — a quarter, a small budget")
    LARGE = "L", _("L — several quarters, a project budget")
    XLARGE = "XL", _("XL — a programme")


class Initiative(models.Model):
    company = models.ForeignKey(
        "teams.Company", on_delete=models.CASCADE, related_name="initiatives"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    start_quarter = models.PositiveIntegerField(
        _("start"), null=True, blank=True, validators=quarter_validators
    )
    end_quarter = models.PositiveIntegerField(
        _("end"), null=True, blank=True, validators=quarter_validators
    )
    band = models.CharField(_("effort and cost"), max_length=2, choices=Band.choices, blank=True)
    gaps = models.ManyToManyField(
        Gap, blank=True, related_name="initiatives", verbose_name=_("gaps it closes")
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("depends on"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["position"])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["company", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def start_label(self) -> str:
        return quarter_label(self.start_quarter)

    @property
    def end_label(self) -> str:
        return quarter_label(self.end_quarter)


class Goal(models.Model):
    company = models.ForeignKey("teams.Company", on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["position"])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["company", "position", "id"]

    def __str__(self):
        return self.title


class Kpi(models.Model):
    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Every six months")
        YEARLY = "yearly", _("Yearly")

    company = models.ForeignKey("teams.Company", on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("KPI"), max_length=160)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    frequency = models.CharField(
        _("measured"), max_length=12, choices=Frequency.choices, blank=True
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis"
    )
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis"
    )
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(bases=[HistoryAuthor], excluded_fields=["position"])

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["company", "position", "id"]
        verbose_name = "KPI"

    def __str__(self):
        return self.name


def pack_path(instance, filename: str) -> str:
    return f"packs/{instance.company_id}/{instance.content_hash}.pdf"


class PackRender(models.Model):
    """A rendered strategy pack, keyed by a hash of everything it shows: an unchanged
    company is never rendered twice (strategy/pack.py)."""

    company = models.ForeignKey("teams.Company", on_delete=models.CASCADE, related_name="packs")
    content_hash = models.CharField(max_length=64)
    file = models.FileField(upload_to=pack_path)
    pages = models.PositiveSmallIntegerField(default=0)
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint("company", "content_hash", name="pack_render_unique"),
        ]

    def __str__(self):
        return f"pack of {self.company} ({self.content_hash[:8]})"


def export_path(instance, filename: str) -> str:
    return f"exports/{instance.workshop_id}/{instance.token}.zip"


class PackExport(models.Model):
    """One ZIP of every pack of a workshop, built in the background with progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Producing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    workshop = models.ForeignKey(
        "workshop.Workshop", on_delete=models.CASCADE, related_name="pack_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=32, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to=export_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"export of {self.workshop} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
