"""The Vision 2030 briefing: findings, their images, and revealing them."""

from django.urls import path

from . import briefing_views as views

BRIEFING = "workshops/<int:pk>/briefing/"
FINDING = BRIEFING + "findings/<int:finding_id>/"

urlpatterns = [
    path(BRIEFING, views.briefing, name="briefing"),
    path(BRIEFING + "live/", views.live_fragments, name="briefing_live"),
    path(BRIEFING + "present/<str:action>/", views.present, name="briefing_present"),
    path(BRIEFING + "demo/", views.demo, name="briefing_demo"),
    path(BRIEFING + "findings/add/", views.finding_add, name="finding_add"),
    path(BRIEFING + "findings/undo/", views.finding_undo, name="finding_undo"),
    path(FINDING + "edit/", views.finding_edit, name="finding_edit"),
    path(FINDING + "delete/", views.finding_delete, name="finding_delete"),
    path(FINDING + "move/<str:direction>/", views.finding_move, name="finding_move"),
    path(FINDING + "show/", views.finding_show, name="finding_show"),
    path(FINDING + "image/", views.finding_image, name="finding_image"),
]
