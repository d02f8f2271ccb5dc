import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: codes are read off a projector and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes; with rate-limited attempts, not guessable


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What an attendee typed → the stored form: no spaces or dashes, upper case."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


class Workshop(models.Model):
    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SWEDISH = "sv", _("Swedish")

    class TeamChoice(models.TextChoices):
        CHOOSE = "choose", _("Attendees choose their team")
        ASSIGN = "assign", _("The facilitator assigns teams")

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    horizon_year = models.PositiveSmallIntegerField(
        _("vision horizon year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year company visions aim for."),
    )
    team_choice = models.CharField(
        _("teams"), max_length=10, choices=TeamChoice.choices, default=TeamChoice.CHOOSE
    )
    code = models.CharField(
        max_length=CODE_LENGTH, unique=True, default=new_join_code, editable=False
    )
    code_expires_at = models.DateTimeField(
        _("joining closes"), help_text=_("After this moment the join code no longer works.")
    )
    current_phase = models.ForeignKey(
        "Phase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.ForeignKey(
        "Factor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The factor the path to a profession leads to."),
    )
    # Bumped by every change to the accepted room map: renders are cached by it.
    map_version = models.PositiveIntegerField(default=1)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_workshops", blank=True
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_workshops", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.code_expires_at is None and self.date:
            self.code_expires_at = self.default_code_expiry(self.date)
        super().save(*args, **kwargs)

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def joining_open(self) -> bool:
        return timezone.now() < self.code_expires_at

    @staticmethod
    def default_code_expiry(date: datetime.date) -> datetime.datetime:
        """Joining stays open until the end of the day after the workshop."""
        end = datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time(23, 59))
        return timezone.make_aware(end)


class Phase(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome & join")
        CAUSAL_MAP = "causal_map", _("Part 1 — Path to a profession")
        BASELINE = "baseline", _("Part 2a — Company PMO baselines")
        BRIEFING = "briefing", _("Part 2b — PMO Vision 2030 briefing")
        VISION = "vision", _("Part 2c — Company PMO vision")
        STRATEGY = "strategy", _("Part 3 — Strategy")
        WRAP_UP = "wrap_up", _("Wrap-up")
        OTHER = "other", _("Other")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=120)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    locked = models.BooleanField(_("editing locked"), default=False)
    # Timer: running while timer_ends_at is set; otherwise timer_remaining holds the
    # seconds left (null = not started, full planned duration).
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_remaining = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def timer_state(self) -> str:
        if self.timer_ends_at:
            return "running"
        if self.timer_remaining is not None:
            return "paused"
        return "idle"

    def seconds_left(self, now: datetime.datetime | None = None) -> int:
        if self.timer_ends_at:
            return int((self.timer_ends_at - (now or timezone.now())).total_seconds())
        if self.timer_remaining is not None:
            return self.timer_remaining
        return self.planned_minutes * 60


DEFAULT_AGENDA = [
    (Phase.Kind.WELCOME, 15),
    (Phase.Kind.CAUSAL_MAP, 60),
    (Phase.Kind.BASELINE, 40),
    (Phase.Kind.BRIEFING, 20),
    (Phase.Kind.VISION, 40),
    (Phase.Kind.STRATEGY, 75),
    (Phase.Kind.WRAP_UP, 30),
]


class Activity(models.Model):
    """A line in the projector's activity strip ("Anna joined Team Aurora").

    Stored as an event and its parameters, worded when shown, so every screen
    reads it in its own language; `message` keeps the English wording for
    events this version does not know.
    """

    EVENTS = {
        "phase": _("Now: %(phase)s"),
        "joined_team": _("%(name)s joined %(team)s"),
        "joined_waiting": _("%(name)s joined the waiting list"),
        "company_added": _("%(team)s added a company"),
        "initiative_added": _("%(team)s added an initiative"),
    }

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="activities")
    event = models.CharField(max_length=40, blank=True)
    params = models.JSONField(default=dict, blank=True)
    message = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """The line in the active language."""
        wording = self.EVENTS.get(self.event)
        if wording is None:
            return self.message
        try:
            return str(wording) % self.params
        except (KeyError, TypeError, ValueError):
            return self.message
