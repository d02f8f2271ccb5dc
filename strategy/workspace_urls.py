"""The team's strategy pages (gaps, initiatives, roadmap, extras, traceability)."""

from django.urls import path

from . import views

STRATEGY = "w/<int:pk>/teams/<int:team_id>/companies/<int:company_id>/strategy/"
INITIATIVE = STRATEGY + "initiatives/<int:item_id>/"
GOAL = STRATEGY + "goals/<int:item_id>/"
KPI = STRATEGY + "kpis/<int:item_id>/"

urlpatterns = [
    path(STRATEGY, views.strategy, name="strategy"),
    path(STRATEGY + "initiatives/add/", views.initiative_add, name="initiative_add"),
    path(
        INITIATIVE + "remove/", views.item_remove, {"kind": "initiative"}, name="initiative_remove"
    ),
    path(
        INITIATIVE + "restore/",
        views.item_restore,
        {"kind": "initiative"},
        name="initiative_restore",
    ),
    path(INITIATIVE + "move/", views.item_move, {"kind": "initiative"}, name="initiative_move"),
    path(INITIATIVE + "gaps/", views.initiative_gap, name="initiative_gap"),
    path(INITIATIVE + "dependencies/", views.initiative_dependency, name="initiative_dependency"),
    path(STRATEGY + "goals/add/", views.goal_add, name="goal_add"),
    path(GOAL + "remove/", views.item_remove, {"kind": "goal"}, name="goal_remove"),
    path(GOAL + "restore/", views.item_restore, {"kind": "goal"}, name="goal_restore"),
    path(GOAL + "move/", views.item_move, {"kind": "goal"}, name="goal_move"),
    path(STRATEGY + "kpis/add/", views.kpi_add, name="kpi_add"),
    path(KPI + "remove/", views.item_remove, {"kind": "kpi"}, name="kpi_remove"),
    path(KPI + "restore/", views.item_restore, {"kind": "kpi"}, name="kpi_restore"),
    path(KPI + "move/", views.item_move, {"kind": "kpi"}, name="kpi_move"),
]
