"""Writes for teams and participants: joining, moving, presence, team edits."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from workshop import broadcasts
from workshop.editing import Author, EditingLocked, restore_version, save_field
from workshop.live import push_on_commit
from workshop.models import Workshop
from workshop.services import record_activity

from .models import Participant, Team, new_rejoin_token


def _push_participant(participant: Participant, *old_team_ids) -> None:
    """A participant joined or moved: every list that shows them."""
    push_on_commit(partial(broadcasts.roster, participant.workshop_id))
    for team_id in {participant.team_id, *old_team_ids} - {None}:
        push_on_commit(partial(broadcasts.team_header, team_id))


# --- teams ----------------------------------------------------------------------


@transaction.atomic
def create_team(workshop: Workshop, name: str) -> Team:
    last = workshop.teams.aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            team = Team.objects.create(workshop=workshop, name=name, position=(last or 0) + 1)
    except IntegrityError as exc:
        raise ValidationError({"name": _("A team with this name already exists.")}) from exc
    push_on_commit(partial(broadcasts.roster, workshop.pk))
    return team


@transaction.atomic
def delete_team(team: Team) -> None:
    """Members go back to 'waiting for a team'; nothing they wrote elsewhere is lost."""
    members = list(team.participants.all())
    team.participants.update(team=None)
    team.delete()
    push_on_commit(partial(broadcasts.roster, team.workshop_id))
    for member in members:
        transaction.on_commit(partial(broadcasts.participant_scope_changed, member.pk), robust=True)


def edit_team_field(
    team: Team, field_name: str, value: str, base_version: int, author: Author, client_id: str = ""
) -> Team:
    """Autosave of a team's name or notes, version-checked (raises EditConflict)."""
    with transaction.atomic():
        workshop = Workshop.objects.select_related("current_phase").get(pk=team.workshop_id)
        if (
            author.participant is not None
            and workshop.current_phase
            and workshop.current_phase.locked
        ):
            raise EditingLocked
        try:
            with transaction.atomic():
                saved = save_field(team, field_name, value, base_version, author)
        except IntegrityError as exc:
            raise ValidationError({"value": _("Another team already has this name.")}) from exc
        push_on_commit(partial(broadcasts.team_fields, team.pk, exclude_client=client_id or None))
        if field_name == "name":
            push_on_commit(partial(broadcasts.team_header, team.pk))
            push_on_commit(partial(broadcasts.roster, team.workshop_id))
    return saved


@transaction.atomic
def restore_team_version(team: Team, history_id: int, user) -> Team:
    try:
        restored = restore_version(team, history_id, ["name", "notes"], Author(user=user))
    except IntegrityError as exc:
        raise ValidationError(_("Another team now has that name; rename it first.")) from exc
    push_on_commit(partial(broadcasts.team_fields, team.pk))
    push_on_commit(partial(broadcasts.team_header, team.pk))
    push_on_commit(partial(broadcasts.roster, team.workshop_id))
    return restored


# --- participants -----------------------------------------------------------------


@transaction.atomic
def join_workshop(workshop: Workshop, *, display_name: str, team: Team | None) -> Participant:
    if workshop.team_choice == Workshop.TeamChoice.ASSIGN:
        team = None
    if team is not None and team.workshop_id != workshop.pk:
        raise ValidationError({"team": _("That team is not part of this workshop.")})
    participant = Participant.objects.create(
        workshop=workshop, team=team, display_name=display_name
    )
    if team:
        record_activity(workshop, "joined_team", name=display_name, team=team.name)
    else:
        record_activity(workshop, "joined_waiting", name=display_name)
    _push_participant(participant)
    return participant


@transaction.atomic
def move_participant(participant: Participant, team: Team | None) -> Participant:
    if team is not None and team.workshop_id != participant.workshop_id:
        raise ValidationError({"team": _("That team is not part of this workshop.")})
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    old_team_id = participant.team_id
    if old_team_id == (team.pk if team else None):
        return participant
    participant.team = team
    participant.save(update_fields=["team"])
    _push_participant(participant, old_team_id)
    transaction.on_commit(
        partial(broadcasts.participant_scope_changed, participant.pk), robust=True
    )
    return participant


@transaction.atomic
def new_rejoin_link(participant: Participant) -> Participant:
    """Invalidates the old link, e.g. after it was shared by mistake."""
    participant.rejoin_token = new_rejoin_token()
    participant.save(update_fields=["rejoin_token"])
    return participant


def participant_connected(participant_id: int) -> None:
    _count_connection(participant_id, +1)


def participant_disconnected(participant_id: int) -> None:
    _count_connection(participant_id, -1)


@transaction.atomic
def _count_connection(participant_id: int, delta: int) -> None:
    updated = Participant.objects.filter(pk=participant_id).update(
        connections=Greatest(F("connections") + delta, 0), last_seen_at=timezone.now()
    )
    if updated:
        participant = Participant.objects.get(pk=participant_id)
        # Only a change of online/offline is worth a push, not every extra tab.
        if (delta > 0 and participant.connections == 1) or (
            delta < 0 and participant.connections == 0
        ):
            push_on_commit(partial(broadcasts.presence, participant.pk))
