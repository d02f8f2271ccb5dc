"""Hosting requests: a PMO community of practice asks to run this workshop locally."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

ATTENDEES_MIN = 1
ATTENDEES_MAX = 1000
MESSAGE_MAX = 3000


class HostingRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        SCHEDULED = "scheduled", _("Scheduled")
        DECLINED = "declined", _("Declined")

    community_name = models.CharField(_("community name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100)
    contact_name = models.CharField(_("your name"), max_length=150)
    contact_email = models.EmailField(_("your e-mail"))
    expected_attendees = models.PositiveSmallIntegerField(
        _("expected attendees"),
        validators=[MinValueValidator(ATTENDEES_MIN), MaxValueValidator(ATTENDEES_MAX)],
    )
    preferred_dates = models.CharField(_("preferred dates"), max_length=200)
    message = models.TextField(
        _("message"),
        max_length=MESSAGE_MAX,
        blank=True,
        validators=[MaxLengthValidator(MESSAGE_MAX)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_hosting_requests",
    )
    organiser_notes = models.TextField(_("notes for organisers"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_attendees__gte=ATTENDEES_MIN)
                & models.Q(expected_attendees__lte=ATTENDEES_MAX),
                name="hosting_attendees_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "contacted", "scheduled", "declined"]),
                name="hosting_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community_name} ({self.city}, {self.country})"
