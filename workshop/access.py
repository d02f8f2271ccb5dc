"""Who may see and change what: one set of checks for views and consumers.

A facilitator acts on the workshops they facilitate; an organiser sees the
workshops they organise; an attendee is a Participant tied to this browser's
signed session and sees only their own team of their own workshop.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from teams.models import Participant, Team

from .models import Workshop

SESSION_KEY = "participants"  # {str(workshop_id): participant_id}


def is_facilitator(user, workshop: Workshop) -> bool:
    return bool(
        user and user.is_authenticated and workshop.facilitators.filter(pk=user.pk).exists()
    )


def is_organiser(user, workshop: Workshop) -> bool:
    return bool(user and user.is_authenticated and workshop.organisers.filter(pk=user.pk).exists())


def _participant_id(session, workshop_id) -> int | None:
    """The participant this browser joined workshop `workshop_id` as, if any."""
    return (session.get(SESSION_KEY) or {}).get(str(workshop_id))


def session_participant(session, workshop: Workshop) -> Participant | None:
    participant_id = _participant_id(session, workshop.pk)
    if not participant_id:
        return None
    return (
        Participant.objects.select_related("team")
        .filter(pk=participant_id, workshop=workshop)
        .first()
    )


def remember_participant(session, participant: Participant) -> None:
    known = dict(session.get(SESSION_KEY) or {})
    known[str(participant.workshop_id)] = participant.pk
    session[SESSION_KEY] = known


def can_see_team(user, session, team: Team) -> bool:
    if is_facilitator(user, team.workshop):
        return True
    participant = session_participant(session, team.workshop)
    return participant is not None and participant.team_id == team.pk


def facilitator_required(view):
    """Loads `workshop` from the URL's `pk`; anonymous users go to login.

    A signed-in user who does not facilitate the workshop gets a 404, so the
    existence of other people's workshops is not revealed.
    """

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        workshop = get_object_or_404(Workshop, pk=pk)
        if not is_facilitator(request.user, workshop):
            raise Http404("No such workshop")
        return view(request, workshop, *args, **kwargs)

    return wrapper


def team_member_required(view):
    """Loads `workshop` and `team` from the URL; the caller must be in that team.

    Facilitators of the workshop may open any of its teams. The check uses the
    participant's team as stored now, so a moved attendee loses the old team at once.
    """

    @wraps(view)
    def wrapper(request, pk, team_id, *args, **kwargs):
        participant = _own_team_member(request.session, pk, team_id)
        if participant is not None:  # the common case, an attendee in their team: one query
            request.participant = participant
            return view(request, participant.team.workshop, participant.team, *args, **kwargs)
        workshop = get_object_or_404(Workshop, pk=pk)
        team = get_object_or_404(Team, pk=team_id, workshop=workshop)
        if is_facilitator(request.user, workshop):
            request.participant = None
        else:
            raise PermissionDenied("This workspace belongs to another team.")
        return view(request, workshop, team, *args, **kwargs)

    return wrapper


def _own_team_member(session, workshop_id, team_id) -> Participant | None:
    """This browser's participant of workshop `workshop_id`, if they are in team `team_id`
    now; with their team and workshop loaded."""
    participant_id = _participant_id(session, workshop_id)
    if not participant_id:
        return None
    return (
        Participant.objects.select_related("team__workshop")
        .filter(
            pk=participant_id,
            workshop_id=workshop_id,
            team_id=team_id,
            team__workshop_id=workshop_id,
        )
        .order_by()
        .first()
    )


def organiser_or_facilitator_required(view):
    """Loads `workshop` from the URL's `pk` for its organisers and facilitators.

    Anonymous users go to login; anyone else signed in gets a 404, as with
    `facilitator_required`.
    """

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        workshop = get_object_or_404(Workshop, pk=pk)
        if not (is_organiser(request.user, workshop) or is_facilitator(request.user, workshop)):
            raise Http404("No such workshop")
        return view(request, workshop, *args, **kwargs)

    return wrapper
