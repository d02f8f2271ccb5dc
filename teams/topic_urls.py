"""Discussion topics: attendee actions under the team URL, moderation under the workshop."""

from django.urls import path

from . import topic_views as views

TEAM = "w/<int:pk>/teams/<int:team_id>/topics/"

urlpatterns = [
    path(TEAM + "raise/", views.topic_raise, name="topic_raise"),
    path(TEAM + "<int:topic_id>/vote/", views.topic_vote, name="topic_vote"),
    path(TEAM + "<int:topic_id>/unvote/", views.topic_unvote, name="topic_unvote"),
    path(
        "w/<int:pk>/topics/<int:topic_id>/<slug:action>/",
        views.topic_moderate,
        name="topic_moderate",
    ),
]
