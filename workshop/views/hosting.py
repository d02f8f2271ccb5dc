"""Hosting requests: the public "bring this workshop to your community" form, and the
organisers' list where each request is answered.

Every submission counts towards the per-client rate limit (not only failed ones): the form
has no legitimate reason to be sent more than a few times a minute from one address.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from .. import hosting_services as services
from ..hosting_forms import HostingAnswerForm, HostingRequestForm
from ..models import HostingRequest

LIST_TEMPLATE = "workshop/hosting_requests.html"


def _over_rate(request) -> bool:
    usage = get_usage(
        request, group="hosting", key="ip", rate=settings.HOSTING_RATE, method=ALL, increment=True
    )
    return bool(usage and usage["should_limit"])


def runs_workshops_required(view):
    """Staff and people who run a workshop; anonymous users go to login, others get a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.runs_workshops(request.user):
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def hosting_request(request):
    if request.method == "GET":
        context = {"form": HostingRequestForm(), "sent": "sent" in request.GET}
        return render(request, "workshop/hosting_request.html", context)

    form = HostingRequestForm(request.POST)
    if _over_rate(request):
        problem = _("Too many requests from this address. Wait a minute, then send it again.")
        context = {"form": form, "problem": problem}
        return render(request, "workshop/hosting_request.html", context, status=429)
    thanks = redirect(reverse("hosting_request") + "?sent=1")
    if form.is_spam:
        return thanks  # a bot sees the same thank-you; nothing is stored or sent
    if not form.is_valid():
        return render(request, "workshop/hosting_request.html", {"form": form}, status=400)
    services.submit_hosting_request(
        list_url=request.build_absolute_uri(reverse("hosting_requests")), **form.request_fields()
    )
    return thanks


def _list_context(status: str) -> dict:
    return {
        "hosting_requests": services.hosting_requests(status),
        "status_filter": status,
        "statuses": HostingRequest.Status.choices,
    }


@runs_workshops_required
def hosting_requests(request):
    status = request.GET.get("status", "")
    if status not in HostingRequest.Status.values:
        status = ""
    return render(request, LIST_TEMPLATE, _list_context(status))


@require_POST
@runs_workshops_required
def hosting_request_answer(request, request_id):
    hosting_request = get_object_or_404(HostingRequest, pk=request_id)
    form = HostingAnswerForm(request.POST, instance=HostingRequest.objects.get(pk=request_id))
    if form.is_valid():
        services.answer_hosting_request(
            hosting_request,
            status=form.cleaned_data["status"],
            organiser_notes=form.cleaned_data["organiser_notes"],
            by=request.user,
        )
        if not request.htmx:
            return redirect("hosting_requests")
        context = {"hr": hosting_request, "saved": True, "statuses": HostingRequest.Status.choices}
        return render(request, f"{LIST_TEMPLATE}#request-row", context)

    context = {"hr": hosting_request, "answer_errors": form.errors, "error_for": hosting_request.pk}
    if request.htmx:
        context["statuses"] = HostingRequest.Status.choices
        return render(request, f"{LIST_TEMPLATE}#request-row", context, status=400)
    return render(request, LIST_TEMPLATE, {**_list_context(""), **context}, status=400)
