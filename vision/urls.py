from django.urls import path

from . import briefing_urls, views

app_name = "vision"

COMPANY = "w/<int:pk>/teams/<int:team_id>/companies/<int:company_id>/"

urlpatterns = [
    *briefing_urls.urlpatterns,
    path(COMPANY + "vision/", views.vision, name="vision"),
    path(COMPANY + "vision/services/", views.vision_service, name="vision_service"),
    path(COMPANY + "vision/findings/", views.vision_finding, name="vision_finding"),
    path("workshops/<int:pk>/visions/", views.gallery, name="gallery"),
    path("workshops/<int:pk>/visions/spotlight/", views.spotlight, name="spotlight"),
]
