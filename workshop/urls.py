from django.contrib import admin
from django.urls import include, path

from .views import console, dashboard, health, joining, projector

workshop_patterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("new/", dashboard.create, name="create"),
    path("<int:pk>/", console.console, name="console"),
    path("<int:pk>/settings/", dashboard.edit, name="edit"),
    path("<int:pk>/projector/", projector.projector, name="projector"),
    path("<int:pk>/join-qr.svg", projector.join_qr, name="join_qr"),
    path("<int:pk>/phase/<str:direction>/", console.step, name="step"),
    path("<int:pk>/phases/<int:phase_id>/go/", console.go_to, name="go_to"),
    path("<int:pk>/phases/add/", console.phase_add, name="phase_add"),
    path("<int:pk>/phases/<int:phase_id>/edit/", console.phase_edit, name="phase_edit"),
    path(
        "<int:pk>/phases/<int:phase_id>/move/<str:direction>/",
        console.phase_move,
        name="phase_move",
    ),
    path("<int:pk>/phases/<int:phase_id>/remove/", console.phase_remove, name="phase_remove"),
    path("<int:pk>/timer/<str:action>/", console.timer, name="timer"),
    path("<int:pk>/lock/", console.lock, name="lock"),
    path("<int:pk>/joining/<str:action>/", console.joining, name="joining"),
    path("<int:pk>/teams/add/", console.team_add, name="team_add"),
    path("<int:pk>/teams/<int:team_id>/delete/", console.team_delete, name="team_delete"),
    path(
        "<int:pk>/participants/<int:participant_id>/move/",
        console.participant_move,
        name="participant_move",
    ),
    path(
        "<int:pk>/participants/<int:participant_id>/rejoin/",
        console.participant_rejoin,
        name="participant_rejoin",
    ),
]

urlpatterns = [
    path("", joining.join, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("join/", joining.join, name="join"),
    path("join/<str:code>/", joining.join_code, name="join_code"),
    path("rejoin/<str:token>/", joining.rejoin, name="rejoin"),
    path("w/<int:pk>/", joining.attendee_home, name="attendee_home"),
    path("workshops/", include((workshop_patterns, "workshop"))),
    path("", include("teams.urls")),
]
