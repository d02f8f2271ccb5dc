from django.contrib import admin
from django.urls import include, path

from .views import console, dashboard, health, joining, map_room, map_team, projector
from .views import exchange as workshop_exchange
from .views.hosting import hosting_request, hosting_request_answer, hosting_requests

room_patterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("new/", dashboard.create, name="create"),
    path("import/", workshop_exchange.import_workshop, name="import"),
    path("<int:pk>/export.json", workshop_exchange.export, name="export"),
    path("<int:pk>/template.json", workshop_exchange.export_template, name="export_template"),
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

map_patterns = [
    # Part 1 — the causal map, facilitator side
    path("<int:pk>/map/", map_room.map_page, name="map"),
    path("<int:pk>/map/view/", map_room.room_map_view, name="room_map_view"),
    path("<int:pk>/map/links/<int:link_id>/review/", map_room.review, name="link_review"),
    path("<int:pk>/map/topics/add/", map_room.topic_add, name="topic_add"),
    path("<int:pk>/map/teams/<int:team_id>/topics/", map_room.team_topics, name="team_topics"),
    path("<int:pk>/map/factors/add/", map_room.factor_add, name="room_factor_add"),
    path("<int:pk>/map/factors/<int:factor_id>/label/", map_room.factor_label, name="factor_label"),
    path("<int:pk>/map/merge/", map_room.merge, name="merge"),
    path("<int:pk>/map/merges/<int:merge_id>/undo/", map_room.undo_merge, name="undo_merge"),
    path("<int:pk>/map/outcome/", map_room.outcome, name="outcome"),
    path("<int:pk>/map/path/propose/", map_room.path_propose, name="path_propose"),
    path("<int:pk>/map/path/add/", map_room.path_add, name="path_add"),
    path(
        "<int:pk>/map/path/<int:step_id>/move/<str:direction>/",
        map_room.path_move,
        name="path_move",
    ),
    path("<int:pk>/map/path/<int:step_id>/remove/", map_room.path_remove, name="path_remove"),
    path("<int:pk>/map/path/<int:step_id>/role/", map_room.path_role, name="path_role"),
    path("<int:pk>/map/path/print/", map_room.path_print, name="path_print"),
    path("<int:pk>/map.svg", map_room.export_svg, name="map_svg"),
    path("<int:pk>/map.png", map_room.export_png, name="map_png"),
    path("<int:pk>/map.json", map_room.export_json, name="map_json"),
    path("<int:pk>/map/template/import/", map_room.template_import, name="map_import"),
    # Part 1 — a team's side (team members and the workshop's facilitators)
    path("<int:pk>/teams/<int:team_id>/map/factors/", map_team.factor_add, name="team_factor_add"),
    path(
        "<int:pk>/teams/<int:team_id>/map/search/",
        map_team.factor_search,
        name="team_factor_search",
    ),
    path("<int:pk>/teams/<int:team_id>/map/links/", map_team.link_add, name="team_link_add"),
    path("<int:pk>/teams/<int:team_id>/map/view/", map_team.map_view, name="team_map_view"),
]

workshop_patterns = room_patterns + map_patterns

urlpatterns = [
    path("", joining.join, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("join/", joining.join, name="join"),
    path("join/<str:code>/", joining.join_code, name="join_code"),
    path("rejoin/<str:token>/", joining.rejoin, name="rejoin"),
    path("w/<int:pk>/", joining.attendee_home, name="attendee_home"),
    path("host/", hosting_request, name="hosting_request"),
    path("workshops/hosting/", hosting_requests, name="hosting_requests"),
    path(
        "workshops/hosting/<int:request_id>/answer/",
        hosting_request_answer,
        name="hosting_request_answer",
    ),
    path("workshops/", include((workshop_patterns, "workshop"))),
    path("", include("teams.urls")),
    path("", include("vision.urls")),
    path("", include("strategy.urls")),
]
