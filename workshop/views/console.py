"""The facilitator's console: agenda, timer, lock, teams and who joined.

Every action answers an htmx request with the console's refreshed fragments
(and pushes them to every other screen after commit); without htmx it redirects.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teams import part2_selectors
from teams import services as team_services
from teams.forms import MoveParticipantForm, TeamForm
from teams.models import Participant, Team
from workshop.inputs import whole_number

from .. import selectors, services
from ..access import facilitator_required
from ..forms import PhaseForm, TimerExtendForm
from ..models import Phase
from .fragments import fragments, new_client_id


def console_context(workshop, **extra) -> dict:
    return {
        **selectors.room(workshop),
        **selectors.roster(workshop),
        **part2_selectors.progress(workshop),
        "team_form": TeamForm(workshop=workshop),
        "phase_form": PhaseForm(),
        "client_id": new_client_id(),
        **extra,
    }


@facilitator_required
def console(request, workshop):
    return render(request, "workshop/console.html", console_context(workshop))


def _agenda_response(request, workshop, **extra):
    if not request.htmx:
        return redirect("workshop:console", workshop.pk)
    workshop.refresh_from_db()
    context = {**selectors.room(workshop), **extra}
    return fragments(
        request,
        [
            ("workshop/console.html#console-agenda", context),
            ("workshop/_room.html#phase-status", context),
            ("workshop/_room.html#timer", context),
        ],
    )


def _teams_response(request, workshop, **extra):
    if not request.htmx:
        return redirect("workshop:console", workshop.pk)
    context = {**selectors.roster(workshop), "team_form": TeamForm(workshop=workshop), **extra}
    parts = [("workshop/console.html#console-teams", context)]
    parts.append(("workshop/console.html#team-add-errors", context))
    return fragments(request, parts, status=422 if context["team_form"].errors else 200)


def _phase(workshop, phase_id) -> Phase:
    return get_object_or_404(Phase, pk=phase_id, workshop=workshop)


@require_POST
@facilitator_required
def step(request, workshop, direction):
    expected = request.POST.get("from_phase")
    moved = services.step_phase(
        workshop,
        1 if direction == "next" else -1,
        expected_current_id=whole_number(expected),
    )
    notice = "" if moved else _("The room had already moved on; nothing changed.")
    return _agenda_response(request, workshop, agenda_notice=notice)


@require_POST
@facilitator_required
def go_to(request, workshop, phase_id):
    services.go_to_phase(workshop, _phase(workshop, phase_id))
    return _agenda_response(request, workshop)


@require_POST
@facilitator_required
def timer(request, workshop, action):
    phase = workshop.current_phase
    if phase is None:
        return _agenda_response(request, workshop)
    if action == "start":
        services.start_timer(phase)
    elif action == "pause":
        services.pause_timer(phase)
    elif action == "reset":
        services.reset_timer(phase)
    elif action == "extend":
        form = TimerExtendForm(request.POST)
        if form.is_valid():
            services.extend_timer(phase, form.cleaned_data["minutes"])
    return _agenda_response(request, workshop)


@require_POST
@facilitator_required
def lock(request, workshop):
    if workshop.current_phase:
        services.set_locked(workshop.current_phase, request.POST.get("locked") == "1")
    return _agenda_response(request, workshop)


@require_POST
@facilitator_required
def phase_add(request, workshop):
    form = PhaseForm(request.POST)
    if form.is_valid():
        services.add_phase(workshop, **form.cleaned_data)
        form = PhaseForm()
    return _agenda_response(request, workshop, phase_form=form)


@require_POST
@facilitator_required
def phase_edit(request, workshop, phase_id):
    phase = _phase(workshop, phase_id)
    form = PhaseForm(request.POST, instance=Phase.objects.get(pk=phase.pk))
    if form.is_valid():
        services.update_phase(phase, **form.cleaned_data)
        return _agenda_response(request, workshop)
    return _agenda_response(request, workshop, phase_errors={phase.pk: form.errors})


@require_POST
@facilitator_required
def phase_move(request, workshop, phase_id, direction):
    services.move_phase(_phase(workshop, phase_id), -1 if direction == "up" else 1)
    return _agenda_response(request, workshop)


@require_POST
@facilitator_required
def phase_remove(request, workshop, phase_id):
    try:
        services.remove_phase(_phase(workshop, phase_id))
    except ValueError:
        return _agenda_response(
            request, workshop, agenda_notice=_("A workshop keeps at least one phase.")
        )
    return _agenda_response(request, workshop)


@require_POST
@facilitator_required
def joining(request, workshop, action):
    if action == "close":
        services.set_joining_open(workshop, False)
    elif action == "open":
        services.set_joining_open(workshop, True)
    elif action == "new-code":
        services.new_code(workshop)
        messages.success(request, _("New join code: %(code)s") % {"code": workshop.display_code})
    if request.htmx:
        context = {"workshop": workshop, "controls": True}
        return fragments(request, [("workshop/_room.html#join-panel", context)])
    return redirect("workshop:console", workshop.pk)


@require_POST
@facilitator_required
def team_add(request, workshop):
    form = TeamForm(request.POST, workshop=workshop)
    if form.is_valid():
        try:
            team_services.create_team(workshop, form.cleaned_data["name"])
            form = TeamForm(workshop=workshop)
        except ValidationError as exc:
            form.add_error("name", exc.message_dict.get("name"))
    return _teams_response(request, workshop, team_form=form)


@require_POST
@facilitator_required
def team_delete(request, workshop, team_id):
    team_services.delete_team(get_object_or_404(Team, pk=team_id, workshop=workshop))
    return _teams_response(request, workshop)


@require_POST
@facilitator_required
def participant_move(request, workshop, participant_id):
    participant = get_object_or_404(Participant, pk=participant_id, workshop=workshop)
    form = MoveParticipantForm(request.POST, workshop=workshop)
    if form.is_valid():
        team_services.move_participant(participant, form.cleaned_data["team"])
    return _teams_response(request, workshop)


@facilitator_required
def participant_rejoin(request, workshop, participant_id):
    participant = get_object_or_404(Participant, pk=participant_id, workshop=workshop)
    if request.method == "POST":
        participant = team_services.new_rejoin_link(participant)
    return render(
        request,
        "workshop/rejoin_link.html",
        {"workshop": workshop, "participant": participant},
    )
