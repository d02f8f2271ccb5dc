"""The team workspace: where attendees edit together."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshop import selectors as room_selectors
from workshop.access import facilitator_required, session_participant, team_member_required
from workshop.editing import Author, EditConflict
from workshop.map_views_context import team_map
from workshop.models import Workshop
from workshop.views.fragments import client_id_of, fragments, new_client_id

from . import selectors, services
from .forms import TeamFieldForm
from .models import Team


@team_member_required
def workspace(request, workshop, team):
    team = room_selectors.team_with_members(team)
    context = {
        **room_selectors.room(workshop),
        **selectors.workspace(team),
        "fields": selectors.team_fields(team),
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


def _field_parts(live_field, *pieces):
    return [(f"live/field.html#{piece}", {"f": live_field}) for piece in pieces]


@team_member_required
def field(request, workshop, team, field_name):
    """GET: the field as it is now (e.g. 'use their text'). POST: one autosave."""
    if field_name not in selectors.TEAM_FIELDS:
        raise Http404("No such field")
    team = Team.objects.select_related("workshop__current_phase").get(pk=team.pk)
    if request.method == "GET":
        return fragments(
            request, [("live/field.html", {"f": selectors.team_field(team, field_name)})]
        )
    if request.method != "POST":
        return fragments(request, [], status=405)

    form = TeamFieldForm(request.POST, field_name=field_name)
    if not form.is_valid():
        error = " ".join(form.errors.get("value", []) or form.errors.get("version", []))
        if "version" in form.errors and "value" not in form.errors:
            error = _("This page is out of date. Reload it to keep editing.")
        live_field = selectors.team_field(team, field_name, error=error)
        return fragments(request, _field_parts(live_field, "error", "status"), status=422)

    author = Author(
        participant=request.participant, user=None if request.participant else request.user
    )
    try:
        saved = services.edit_team_field(
            team,
            field_name,
            form.cleaned_data["value"],
            form.cleaned_data["version"],
            author,
            client_id=client_id_of(request),
        )
    except EditConflict as conflict:
        live_field = selectors.team_field(team, field_name, conflict=conflict)
        return fragments(request, [("live/field.html", {"f": live_field})], status=409)
    except services.EditingLocked:
        live_field = selectors.team_field(
            team,
            field_name,
            error=_(
                "Editing is locked by the facilitator right now. Your text is kept on this screen."
            ),
        )
        return fragments(request, _field_parts(live_field, "error", "status"), status=423)
    except ValidationError as exc:
        message = " ".join(exc.message_dict.get("value", exc.messages))
        live_field = selectors.team_field(team, field_name, error=message)
        return fragments(request, _field_parts(live_field, "error", "status"), status=422)

    saved_at = formats.time_format(timezone.localtime(), "H:i")
    live_field = selectors.team_field(
        saved, field_name, status=_("Saved at %(time)s") % {"time": saved_at}
    )
    if request.POST.get("resolve"):  # leaving conflict mode: the whole field, autosaving again
        return fragments(request, [("live/field.html", {"f": live_field})])
    # While typing, only the version and status change: the author's text is not replaced.
    return fragments(request, _field_parts(live_field, "version", "error", "status"))


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
