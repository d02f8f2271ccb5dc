"""Strategy pack downloads: one company's PDF, a workshop's ZIP with progress."""

from django.urls import path

from . import pack_views

urlpatterns = [
    path(
        "w/<int:pk>/teams/<int:team_id>/companies/<int:company_id>/pack.pdf",
        pack_views.team_pack,
        name="team_pack",
    ),
    path("workshops/<int:pk>/packs/", pack_views.packs, name="packs"),
    path("workshops/<int:pk>/packs/<int:company_id>.pdf", pack_views.company_pack, name="pack"),
    path("workshops/<int:pk>/packs/exports/", pack_views.export_start, name="pack_export"),
    path(
        "workshops/<int:pk>/packs/exports/<str:token>/",
        pack_views.export_progress,
        name="pack_export_progress",
    ),
    path(
        "workshops/<int:pk>/packs/exports/<str:token>/download/",
        pack_views.export_download,
        name="pack_export_download",
    ),
]
