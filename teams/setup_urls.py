"""Facilitator set-up of Part 2: maturity framework, services catalogue, reference sets."""

from django.urls import path

from . import setup_views as views

FRAMEWORK = "workshops/<int:pk>/framework/"
DIMENSION = FRAMEWORK + "dimensions/<int:dimension_id>/"
SERVICE = FRAMEWORK + "services/<int:service_id>/"

urlpatterns = [
    path(FRAMEWORK, views.framework_page, name="framework"),
    path(FRAMEWORK + "settings/", views.framework_settings, name="framework_settings"),
    path(FRAMEWORK + "import/", views.framework_import, name="framework_import"),
    path(FRAMEWORK + "export/", views.framework_export, name="framework_export"),
    path(FRAMEWORK + "dimensions/add/", views.dimension_add, name="framework_dimension_add"),
    path(DIMENSION, views.dimension_card, name="framework_dimension"),
    path(DIMENSION + "edit/", views.dimension_edit, name="framework_dimension_edit"),
    path(
        DIMENSION + "move/<slug:direction>/",
        views.dimension_move,
        name="framework_dimension_move",
    ),
    path(DIMENSION + "delete/", views.dimension_delete, name="framework_dimension_delete"),
    path(FRAMEWORK + "services/add/", views.service_add, name="framework_service_add"),
    path(SERVICE, views.service_row, name="framework_service"),
    path(SERVICE + "edit/", views.service_edit, name="framework_service_edit"),
    path(SERVICE + "move/<slug:direction>/", views.service_move, name="framework_service_move"),
    path(SERVICE + "delete/", views.service_delete, name="framework_service_delete"),
]
