"""Discussion topics: raising (validated, rate-limited), voting once, moderation, what
each screen shows, and who may do what."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teams import topics
from teams.models import DiscussionTopic, TopicVote
from workshop import live

from ..conftest import attendee_client_for
from ..factories import ParticipantFactory, TeamFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(workshop, anna):
    return topics.raise_topic(workshop, "  How do we   prove PMO value? ", anna)


def pushed(workshop) -> dict[str, str]:
    return {group: html for group, html, _ in topics.topic_pushes(workshop.pk)}


# --- services ---------------------------------------------------------------------------


def test_raising_keeps_the_text_tidy(topic, anna):
    assert (topic.text, topic.raised_by, topic.status) == (
        "How do we prove PMO value?",
        anna,
        DiscussionTopic.Status.OPEN,
    )


@pytest.mark.parametrize("text", ["", "   ", "x" * 281])
def test_empty_or_too_long_topics_are_refused(workshop, anna, text):
    with pytest.raises(ValidationError) as error:
        topics.raise_topic(workshop, text, anna)
    assert "text" in error.value.message_dict
    assert not DiscussionTopic.objects.exists()


def test_a_topic_of_280_characters_is_fine(workshop, anna):
    assert len(topics.raise_topic(workshop, "x" * 280, anna).text) == 280


def test_an_attendee_may_raise_ten_topics_in_ten_minutes_not_eleven(workshop, anna):
    for n in range(10):
        topics.raise_topic(workshop, f"Topic {n}", anna)
    with pytest.raises(ValidationError, match="ten minutes"):
        topics.raise_topic(workshop, "One too many", anna)


def test_a_facilitator_may_raise_a_topic(workshop):
    assert topics.raise_topic(workshop, "From the front", None).raised_by is None


def test_a_participant_votes_once(topic, bo):
    topics.vote(topic, bo)
    topics.vote(topic, bo)
    assert TopicVote.objects.filter(topic=topic).count() == 1


def test_a_vote_can_be_taken_back(topic, bo):
    topics.vote(topic, bo)
    topics.unvote(topic, bo)
    assert not TopicVote.objects.exists()


def test_a_hidden_topic_cannot_be_voted(topic, bo):
    topics.moderate(topic, "hide")
    with pytest.raises(ValidationError):
        topics.vote(topic, bo)
    assert not TopicVote.objects.exists()


def test_only_one_topic_is_on_screen(workshop, topic, bo):
    other = topics.raise_topic(workshop, "Career ladders", bo)
    topics.moderate(topic, "screen")
    topics.moderate(other, "screen")
    on_screen = DiscussionTopic.objects.filter(status=DiscussionTopic.Status.ON_SCREEN)
    assert list(on_screen) == [other]
    topic.refresh_from_db()
    assert topic.status == DiscussionTopic.Status.OPEN


def test_topics_are_listed_by_votes_then_age(workshop, anna, bo, alex):
    first = topics.raise_topic(workshop, "First", anna)
    second = topics.raise_topic(workshop, "Second", anna)
    third = topics.raise_topic(workshop, "Third", anna)
    topics.vote(third, bo)
    assert topics.topics(workshop) == [third, first, second]


# --- what screens show ---------------------------------------------------------------------


def test_every_screen_is_sent_the_new_topic(workshop, topic, anna, bo):
    screens = pushed(workshop)
    for group in (
        live.participant_group(anna.pk),
        live.participant_group(bo.pk),
        live.projector_group(workshop.pk),
        live.console_group(workshop.pk),
        topics.facilitator_group(workshop.pk),
    ):
        assert "How do we prove PMO value?" in screens[group], group


def test_each_attendee_sees_their_own_vote(workshop, topic, anna, bo):
    topics.vote(topic, bo)
    screens = pushed(workshop)
    assert 'aria-pressed="true"' in screens[live.participant_group(bo.pk)]
    assert 'aria-pressed="true"' not in screens[live.participant_group(anna.pk)]


def test_a_hidden_topic_disappears_from_attendees_and_projector(workshop, topic, anna):
    topics.moderate(topic, "screen")
    topics.moderate(topic, "hide")
    screens = pushed(workshop)
    assert topic.text not in screens[live.participant_group(anna.pk)]
    assert topic.text not in screens[live.projector_group(workshop.pk)]
    assert f'data-topic="{topic.pk}"' not in screens[live.projector_group(workshop.pk)]
    console = screens[live.console_group(workshop.pk)]
    assert topic.text in console and 'data-action="unhide"' in console


def test_the_on_screen_topic_is_shown_large_on_the_projector(workshop, topic):
    topics.moderate(topic, "screen")
    context = topics.projector_topics(workshop)
    assert context["on_screen"] == topic
    assert "Now discussing" in pushed(workshop)[live.projector_group(workshop.pk)]


def test_pushes_wait_for_the_commit(workshop, anna, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        topics.raise_topic(workshop, "After commit", anna)
    assert len(callbacks) == 1


# --- views and access ------------------------------------------------------------------------


def raise_url(team):
    return reverse("teams:topic_raise", args=[team.workshop_id, team.pk])


def vote_url(team, topic):
    return reverse("teams:topic_vote", args=[team.workshop_id, team.pk, topic.pk])


def test_attendee_raises_a_topic_from_the_workspace(client, team_a, anna):
    attendee = attendee_client_for(client, anna)
    response = attendee.post(raise_url(team_a), {"text": "Mentoring"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Mentoring" in response.content.decode()
    assert DiscussionTopic.objects.get().raised_by == anna


def test_an_empty_topic_gets_its_message_beside_the_field(client, team_a, anna):
    attendee = attendee_client_for(client, anna)
    response = attendee.post(raise_url(team_a), {"text": " "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert 'id="topic-error"' in response.content.decode()
    assert "Write the topic" in response.content.decode()


def test_the_workspace_shows_the_topics_on_first_load(client, workshop, team_a, anna, topic):
    page = attendee_client_for(client, anna).get(
        reverse("teams:workspace", args=[workshop.pk, team_a.pk])
    )
    assert 'id="discussion-topics"' in page.content.decode()
    assert topic.text in page.content.decode()


def test_attendee_of_another_workshop_cannot_vote_here(client, topic):
    stranger_team = TeamFactory(workshop=WorkshopFactory())
    stranger = ParticipantFactory(team=stranger_team)
    attendee = attendee_client_for(client, stranger)
    # Their own team's URL with this workshop's topic: the topic is not in their workshop.
    assert attendee.post(vote_url(stranger_team, topic)).status_code == 404
    # This workshop's URL: not their team.
    assert attendee.post(vote_url(topic.raised_by.team, topic)).status_code == 403
    assert not TopicVote.objects.exists()


def test_attendee_cannot_moderate(client, workshop, topic, anna):
    attendee = attendee_client_for(client, anna)
    url = reverse("teams:topic_moderate", args=[workshop.pk, topic.pk, "hide"])
    response = attendee.post(url)
    assert response.status_code == 302 and "login" in response["Location"]
    topic.refresh_from_db()
    assert topic.status == DiscussionTopic.Status.OPEN


def test_facilitator_of_another_workshop_cannot_moderate(client, other_facilitator, topic):
    client.force_login(other_facilitator)
    url = reverse("teams:topic_moderate", args=[topic.workshop_id, topic.pk, "hide"])
    assert client.post(url).status_code == 404


def test_facilitator_hides_a_topic_from_the_console(facilitator_client, workshop, topic):
    url = reverse("teams:topic_moderate", args=[workshop.pk, topic.pk, "hide"])
    response = facilitator_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    topic.refresh_from_db()
    assert topic.status == DiscussionTopic.Status.HIDDEN
