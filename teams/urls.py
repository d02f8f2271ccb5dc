from django.urls import path

from . import benchmark_urls, career_urls, company_urls, setup_urls, topic_urls, views

app_name = "teams"

urlpatterns = [
    path("w/<int:pk>/teams/<int:team_id>/", views.workspace, name="workspace"),
    path("w/<int:pk>/teams/<int:team_id>/fields/<slug:field_name>/", views.field, name="field"),
    path("w/<int:pk>/lobby/", views.lobby, name="lobby"),
    path("workshops/<int:pk>/teams/<int:team_id>/history/", views.history, name="history"),
    path(
        "workshops/<int:pk>/teams/<int:team_id>/history/<int:history_id>/restore/",
        views.restore,
        name="restore",
    ),
    *setup_urls.urlpatterns,
    *benchmark_urls.urlpatterns,
    *company_urls.urlpatterns,
    *topic_urls.urlpatterns,
    *career_urls.urlpatterns,
]
