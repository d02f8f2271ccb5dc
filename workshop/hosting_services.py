"""Hosting requests: storing one, telling the organisers, answering it (writes and reads)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string

from .models import HostingRequest


def runs_workshops(user) -> bool:
    """Who sees and answers hosting requests: staff, and anyone who runs a workshop."""
    if not (user and user.is_authenticated):
        return False
    return user.is_staff or user.facilitated_workshops.exists() or user.organised_workshops.exists()


def notification_recipients() -> list[str]:
    """`HOSTING_NOTIFY` when set; otherwise the people who can answer the request."""
    if settings.HOSTING_NOTIFY:
        return list(settings.HOSTING_NOTIFY)
    users = get_user_model().objects.filter(
        Q(is_staff=True)
        | Q(facilitated_workshops__isnull=False)
        | Q(organised_workshops__isnull=False),
        is_active=True,
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def send_notification(hosting_request: HostingRequest, *, list_url: str = "") -> int:
    recipients = notification_recipients()
    if not recipients:
        return 0
    context = {"hosting_request": hosting_request, "list_url": list_url}
    subject = render_to_string("workshop/hosting_notification_subject.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("workshop/hosting_notification.txt", context),
        to=recipients,
        reply_to=[hosting_request.contact_email],
    )
    return message.send()


def submit_hosting_request(*, list_url: str = "", **fields) -> HostingRequest:
    """Stores the request; the organisers' e-mail goes out only once it is committed."""
    with transaction.atomic():
        hosting_request = HostingRequest(**fields)
        hosting_request.full_clean()
        hosting_request.save()
        transaction.on_commit(lambda: send_notification(hosting_request, list_url=list_url))
    return hosting_request


def answer_hosting_request(
    hosting_request: HostingRequest, *, status: str, organiser_notes: str, by
) -> HostingRequest:
    hosting_request.status = status
    hosting_request.organiser_notes = organiser_notes
    hosting_request.handled_by = by
    hosting_request.full_clean()
    hosting_request.save(update_fields=["status", "organiser_notes", "handled_by"])
    return hosting_request


def hosting_requests(status: str = "") -> QuerySet[HostingRequest]:
    requests = HostingRequest.objects.select_related("handled_by")
    return requests.filter(status=status) if status else requests
