"""A team's companies, baselines and the one edit endpoint of Parts 2 and 3."""

from django.urls import path

from . import company_views as views

TEAM = "w/<int:pk>/teams/<int:team_id>/"
COMPANY = TEAM + "companies/<int:company_id>/"
BASELINE = COMPANY + "baselines/<int:baseline_id>/"

urlpatterns = [
    path(TEAM + "companies/add/", views.company_add, name="company_add"),
    path(COMPANY, views.company, name="company"),
    path(COMPANY + "remove/", views.company_remove, name="company_remove"),
    path(COMPANY + "restore/", views.company_restore, name="company_restore"),
    path(COMPANY + "baselines/add/", views.baseline_add, name="baseline_add"),
    path(BASELINE, views.baseline, name="baseline"),
    path(BASELINE + "primary/", views.baseline_primary, name="baseline_primary"),
    path(BASELINE + "remove/", views.baseline_remove, name="baseline_remove"),
    path(BASELINE + "restore/", views.baseline_restore, name="baseline_restore"),
    path(BASELINE + "services/", views.baseline_service, name="baseline_service"),
    path(TEAM + "edit/<slug:kind>/<int:obj_id>/<slug:field_name>/", views.edit, name="edit"),
]
