"""Attendees: code → name → team → workspace. No account; a signed session remembers them.

Only failed attempts (a wrong or expired code, a wrong rejoin link) count
towards the rate limit, so a whole room behind one venue address can join at once.
"""

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from teams import services as team_services
from teams.forms import JoinForm
from teams.models import Participant

from ..access import remember_participant, session_participant
from ..forms import JoinCodeForm
from ..i18n import use_workshop_language
from ..models import Workshop, normalise_code

THROTTLED = gettext_lazy("Too many attempts from this device. Wait a minute, then try again.")


def _throttled(request, *, count: bool) -> bool:
    """Counting a failure, or asking whether this client already used up its failures."""
    usage = get_usage(
        request, group="join", key="ip", rate=settings.JOIN_RATE, method=ALL, increment=count
    )
    return bool(usage and usage["count"] >= usage["limit"])


def _code_problem(workshop: Workshop | None) -> str:
    if workshop is None:
        return _("No workshop has this code. Check the code on the projector and try again.")
    if not workshop.joining_open:
        return _("This code has expired: joining this workshop is closed. Ask the facilitator.")
    return ""


def join(request):
    """Step 1: the code (typed, or arriving from the QR code / a link)."""
    form = JoinCodeForm(request.POST or request.GET or None)
    status = 200
    if form.is_bound:
        if _throttled(request, count=False):
            form.is_valid()
            form.add_error("code", THROTTLED)
            return render(
                request, "workshop/join.html", {"form": form, "throttled": True}, status=429
            )
        if form.is_valid():
            workshop = Workshop.objects.filter(code=form.cleaned_data["code"]).first()
            problem = _code_problem(workshop)
            if not problem:
                return redirect("join_code", workshop.code)
            _throttled(request, count=True)
            form.add_error("code", problem)
            status = 404 if workshop is None else 410
        else:
            _throttled(request, count=True)
    return render(request, "workshop/join.html", {"form": form}, status=status)


def join_code(request, code):
    """Step 2: your name and team. A browser that already joined goes straight in."""
    if _throttled(request, count=False):
        form = JoinCodeForm({"code": code})
        form.is_valid()
        form.add_error("code", THROTTLED)
        return render(request, "workshop/join.html", {"form": form, "throttled": True}, status=429)
    workshop = Workshop.objects.filter(code=normalise_code(code)).first()
    if workshop is not None and session_participant(request.session, workshop):
        return redirect("attendee_home", workshop.pk)
    problem = _code_problem(workshop)
    if problem:
        _throttled(request, count=True)
        form = JoinCodeForm({"code": code})
        form.is_valid()
        form.add_error("code", problem)
        return render(
            request, "workshop/join.html", {"form": form}, status=404 if workshop is None else 410
        )

    use_workshop_language(request, workshop)
    form = JoinForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            participant = team_services.join_workshop(
                workshop,
                display_name=form.cleaned_data["display_name"],
                team=form.cleaned_data.get("team"),
            )
        remember_participant(request.session, participant)
        return redirect("attendee_home", workshop.pk)
    return render(request, "workshop/join_name.html", {"form": form, "workshop": workshop})


def rejoin(request, token):
    """A facilitator's rejoin link: this browser becomes that participant again."""
    if _throttled(request, count=False):
        context = {"form": JoinCodeForm(), "throttled": True, "link_problem": THROTTLED}
        return render(request, "workshop/join.html", context, status=429)
    participant = Participant.objects.filter(rejoin_token=token).select_related("workshop").first()
    if participant is None:
        _throttled(request, count=True)
        form = JoinCodeForm()
        return render(
            request,
            "workshop/join.html",
            {
                "form": form,
                "link_problem": _(
                    "This rejoin link is no longer valid. Ask the facilitator for a new one."
                ),
            },
            status=404,
        )
    remember_participant(request.session, participant)
    return redirect("attendee_home", participant.workshop_id)


def attendee_home(request, pk):
    """Where an attendee belongs now: their team's workspace or the waiting room."""
    workshop = get_object_or_404(Workshop, pk=pk)
    participant = session_participant(request.session, workshop)
    if participant is None:  # not the join code: ids are guessable, codes must not leak
        return redirect("join")
    if participant.team_id:
        return redirect("teams:workspace", workshop.pk, participant.team_id)
    return redirect("teams:lobby", workshop.pk)
