"""Discussion topics: raising, voting and moderation (services), what each screen
shows (selectors) and the pushes after commit.

Vote state is per viewer ("I voted"), so the attendee list is rendered once per
participant and pushed to that participant's own group; the projector and the
console get their own renders. A workshop has tens of attendees, so rendering one
small list each is cheap, and no client-side script has to patch the markup.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from workshop import live
from workshop.inputs import refuse_nul
from workshop.live import push_on_commit
from workshop.models import Workshop

from .models import DiscussionTopic, Participant, TopicVote
from .models.topics import TOPIC_MAX_LENGTH

Status = DiscussionTopic.Status
RATE_LIMIT = 10  # topics per participant ...
RATE_WINDOW = timedelta(minutes=10)  # ... per this long
PROJECTOR_TOP = 5
STATUS_ORDER = {Status.ON_SCREEN: 0, Status.OPEN: 1, Status.DISCUSSED: 2, Status.HIDDEN: 3}


def facilitator_group(workshop_id: int) -> str:
    """Facilitators looking at a team workspace: they see the list without vote marks."""
    return f"topics-{workshop_id}"


# --- selectors ------------------------------------------------------------------------


def topics(workshop: Workshop, *, include_hidden: bool = False) -> list[DiscussionTopic]:
    """On screen first, then open, then discussed; most votes first, then oldest first."""
    rows = DiscussionTopic.objects.filter(workshop=workshop).annotate(vote_count=Count("votes"))
    if not include_hidden:
        rows = rows.exclude(status=Status.HIDDEN)
    rows = rows.select_related("raised_by")
    return sorted(rows, key=lambda t: (STATUS_ORDER[t.status], -t.vote_count, t.created_at, t.pk))


def _my_votes(participant: Participant | None) -> set[int]:
    if participant is None:
        return set()
    return set(participant.topic_votes.values_list("topic_id", flat=True))


def attendee_topics(workshop: Workshop, participant: Participant | None, team=None) -> dict:
    return {
        "workshop": workshop,
        "team": team or (participant.team if participant else None),
        "participant": participant,
        "topics": topics(workshop),
        "my_votes": _my_votes(participant),
    }


def projector_topics(workshop: Workshop) -> dict:
    rows = topics(workshop)
    return {
        "workshop": workshop,
        "on_screen": next((t for t in rows if t.status == Status.ON_SCREEN), None),
        "top_topics": [t for t in rows if t.status == Status.OPEN][:PROJECTOR_TOP],
    }


def console_topics(workshop: Workshop) -> dict:
    return {"workshop": workshop, "topics": topics(workshop, include_hidden=True)}


def team_fragments(workshop: Workshop, participant: Participant | None) -> list[tuple[str, dict]]:
    return [("teams/topics.html#topic-list", attendee_topics(workshop, participant))]


# --- pushes ----------------------------------------------------------------------------


def topic_pushes(workshop_id: int) -> Iterator[tuple[str, str, str | None]]:
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return
    rows = topics(workshop)
    votes = defaultdict(set)
    pairs = TopicVote.objects.filter(topic__workshop=workshop).values_list(
        "topic_id", "participant_id"
    )
    for topic_id, participant_id in pairs:
        votes[participant_id].add(topic_id)
    base = {"workshop": workshop, "topics": rows}
    attendees = Participant.objects.filter(workshop=workshop, team__isnull=False)
    for participant in attendees.select_related("team"):
        context = {
            **base,
            "participant": participant,
            "team": participant.team,
            "my_votes": votes[participant.pk],
        }
        html = live.render_fragment("teams/topics.html#topic-list", context)
        yield live.participant_group(participant.pk), html, None
    html = live.render_fragment(
        "teams/topics.html#topic-list", {**base, "participant": None, "my_votes": set()}
    )
    yield facilitator_group(workshop_id), html, None
    html = live.render_fragment("teams/topics.html#projector-topics", projector_topics(workshop))
    yield live.projector_group(workshop_id), html, None
    html = live.render_fragment("teams/topics.html#console-topics", console_topics(workshop))
    yield live.console_group(workshop_id), html, None


def _push(workshop_id: int) -> None:
    push_on_commit(partial(topic_pushes, workshop_id))


# --- services --------------------------------------------------------------------------


@transaction.atomic
def raise_topic(workshop: Workshop, text: str, participant: Participant | None) -> DiscussionTopic:
    """`participant` None: a facilitator raised it (no rate limit)."""
    refuse_nul(text, "text")
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write the topic you would like to discuss.")})
    if len(text) > TOPIC_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep the topic to %(max)d characters (this one has %(n)d).")
                % {"max": TOPIC_MAX_LENGTH, "n": len(text)}
            }
        )
    if participant is not None:
        # The lock makes two quick raises by one person count one after the other.
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        recent = DiscussionTopic.objects.filter(
            raised_by=participant, created_at__gte=timezone.now() - RATE_WINDOW
        ).count()
        if recent >= RATE_LIMIT:
            raise ValidationError(
                {
                    "text": _(
                        "You have raised %(n)d topics in the last ten minutes. "
                        "Give the room a moment, then try again."
                    )
                    % {"n": recent}
                }
            )
    topic = DiscussionTopic.objects.create(workshop=workshop, raised_by=participant, text=text)
    _push(workshop.pk)
    return topic


def _locked(topic: DiscussionTopic) -> DiscussionTopic:
    return DiscussionTopic.objects.select_for_update().get(pk=topic.pk)


@transaction.atomic
def vote(topic: DiscussionTopic, participant: Participant) -> TopicVote:
    """Once per participant: voting again changes nothing."""
    topic = _locked(topic)
    if topic.status in (Status.HIDDEN, Status.DISCUSSED):
        raise ValidationError(_("This topic is no longer open for votes."))
    try:
        with transaction.atomic():
            row, created = TopicVote.objects.get_or_create(topic=topic, participant=participant)
    except IntegrityError:  # the same person's second click, a moment earlier
        return TopicVote.objects.get(topic=topic, participant=participant)
    if created:
        _push(topic.workshop_id)
    return row


@transaction.atomic
def unvote(topic: DiscussionTopic, participant: Participant) -> None:
    deleted, _rows = TopicVote.objects.filter(topic=topic, participant=participant).delete()
    if deleted:
        _push(topic.workshop_id)


@transaction.atomic
def moderate(topic: DiscussionTopic, action: str) -> DiscussionTopic:
    """A facilitator's action: "screen", "off_screen", "discussed", "hide", "unhide"."""
    # Locking the workshop serialises moderators: only one topic is ever on screen.
    Workshop.objects.select_for_update().filter(pk=topic.workshop_id).first()
    topic = _locked(topic)
    if action == "screen":
        DiscussionTopic.objects.filter(
            workshop_id=topic.workshop_id, status=Status.ON_SCREEN
        ).exclude(pk=topic.pk).update(status=Status.OPEN)
        status = Status.ON_SCREEN
    elif action in ("off_screen", "unhide"):
        status = Status.OPEN
    elif action == "discussed":
        status = Status.DISCUSSED
    elif action == "hide":
        status = Status.HIDDEN
    else:
        raise ValueError(action)
    topic.status = status
    topic.save(update_fields=["status"])
    _push(topic.workshop_id)
    return topic


MODERATION_ACTIONS = ("screen", "off_screen", "discussed", "hide", "unhide")
