"""The team workspace: where attendees edit together."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vision.briefing_selectors import finding_cards
from workshop import selectors as room_selectors
from workshop.access import facilitator_required, session_participant, team_member_required
from workshop.editing import Author
from workshop.map_views_context import team_map
from workshop.models import Workshop
from workshop.views.fragments import client_id_of, live_field, new_client_id

from . import part2_selectors, selectors, services
from .forms import TeamFieldForm
from .models import Team


@team_member_required
def workspace(request, workshop, team):
    team = room_selectors.team_with_members(team)
    context = {
        **room_selectors.room(workshop),
        **selectors.workspace(team),
        "fields": selectors.team_fields(team),
        **part2_selectors.team_companies(team),
        **finding_cards(workshop),
        "participant": request.participant,
        "client_id": new_client_id(),
    }
    context.update(team_map(team))
    return render(request, "teams/workspace.html", context)


def lobby(request, pk):
    """Attendees wait here until the facilitator puts them in a team."""
    workshop = get_object_or_404(Workshop, pk=pk)
    participant = session_participant(request.session, workshop)
    if participant is None:  # not the join code: ids are guessable, codes must not leak
        return redirect("join")
    if participant.team_id:
        return redirect("teams:workspace", workshop.pk, participant.team_id)
    context = {
        **room_selectors.room(workshop),
        "participant": participant,
        "client_id": new_client_id(),
    }
    return render(request, "teams/lobby.html", context)


@team_member_required
def field(request, workshop, team, field_name):
    """GET: the field as it is now (e.g. 'use their text'). POST: one autosave."""
    if field_name not in selectors.TEAM_FIELDS:
        raise Http404("No such field")
    team = Team.objects.select_related("workshop__current_phase").get(pk=team.pk)
    author = Author(
        participant=request.participant, user=None if request.participant else request.user
    )

    def field_for(instance=None, **overrides):
        return selectors.team_field(instance or team, field_name, **overrides)

    def save(value, version):
        form = TeamFieldForm({"value": value, "version": version}, field_name=field_name)
        if not form.is_valid():
            raise ValidationError({"value": form.errors.get("value", [])})
        return services.edit_team_field(
            team, field_name, form.cleaned_data["value"], version, author, client_id_of(request)
        )

    return live_field(request, field_for, save)


@facilitator_required
def history(request, workshop, team_id):
    team = get_object_or_404(Team, pk=team_id, workshop=workshop)
    records = team.history.select_related("history_user", "history_participant").order_by(
        "-history_id"
    )
    return render(
        request,
        "teams/history.html",
        {"workshop": workshop, "team": team, "records": records[:200]},
    )


@require_POST
@facilitator_required
def restore(request, workshop, team_id, history_id):
    team = get_object_or_404(Team, pk=team_id, workshop=workshop)
    get_object_or_404(team.history.model, history_id=history_id, id=team.pk)
    try:
        restored = services.restore_team_version(team, history_id, request.user)
        messages.success(
            request, _("Restored. This is now version %(v)d.") % {"v": restored.version}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("teams:history", workshop.pk, team.pk)
