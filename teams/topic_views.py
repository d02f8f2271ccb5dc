"""Discussion topics: attendees raise and vote in their own workshop
(`team_member_required`); facilitators moderate (`facilitator_required`).
Topics are looked up inside the URL's workshop, so another workshop's id answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from workshop.access import facilitator_required, team_member_required
from workshop.views.fragments import fragments

from . import topics
from .models import DiscussionTopic


def _reason(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(exc.message_dict.get("text", exc.messages))
    return " ".join(exc.messages)


def _topic(workshop, topic_id) -> DiscussionTopic:
    return get_object_or_404(DiscussionTopic, pk=topic_id, workshop=workshop)


def _list_answer(request, workshop, team, status=200):
    context = topics.attendee_topics(workshop, request.participant, team)
    return fragments(request, [("teams/topics.html#topic-list", context)], status=status)


@team_member_required
@require_POST
def topic_raise(request, workshop, team):
    text = request.POST.get("text", "")
    form = {"workshop": workshop, "team": team}
    try:
        topics.raise_topic(workshop, text, request.participant)
    except ValidationError as exc:
        if not request.htmx:
            messages.error(request, _reason(exc))
            return redirect("teams:workspace", workshop.pk, team.pk)
        context = {**form, "topic_text": text, "topic_error": _reason(exc)}
        return fragments(request, [("teams/topics.html#topic-form", context)], status=422)
    if not request.htmx:
        return redirect("teams:workspace", workshop.pk, team.pk)
    context = topics.attendee_topics(workshop, request.participant, team)
    return fragments(
        request,
        [("teams/topics.html#topic-form", form), ("teams/topics.html#topic-list", context)],
    )


def _voting(action):
    @team_member_required
    @require_POST
    def view(request, workshop, team, topic_id):
        if request.participant is None:
            raise PermissionDenied("Only attendees vote.")
        topic = _topic(workshop, topic_id)
        try:
            action(topic, request.participant)
        except ValidationError as exc:
            if not request.htmx:
                messages.error(request, _reason(exc))
                return redirect("teams:workspace", workshop.pk, team.pk)
            # The topic was hidden or discussed meanwhile: the fresh list shows why.
            return _list_answer(request, workshop, team, status=422)
        if not request.htmx:
            return redirect("teams:workspace", workshop.pk, team.pk)
        return _list_answer(request, workshop, team)

    return view


topic_vote = _voting(topics.vote)
topic_unvote = _voting(topics.unvote)


@facilitator_required
@require_POST
def topic_moderate(request, workshop, topic_id, action):
    if action not in topics.MODERATION_ACTIONS:
        raise Http404("No such action")
    topics.moderate(_topic(workshop, topic_id), action)
    if not request.htmx:
        return redirect("workshop:console", workshop.pk)
    context = topics.console_topics(workshop)
    return fragments(request, [("teams/topics.html#console-topics", context)])
