"""Facilitator pages for reference benchmark sets (CSV import) and the room comparison."""

from django.urls import path

from . import benchmark_views as views

urlpatterns = [
    path("workshops/<int:pk>/benchmarks/", views.benchmarks, name="benchmarks"),
    path("workshops/<int:pk>/benchmarks/import/", views.import_csv, name="benchmarks_import"),
    path(
        "workshops/<int:pk>/benchmarks/import-demo/",
        views.import_demo,
        name="benchmarks_import_demo",
    ),
    path("workshops/<int:pk>/benchmarks/demo.csv", views.demo_csv, name="benchmarks_demo_csv"),
    path(
        "workshops/<int:pk>/benchmarks/<int:set_id>/",
        views.update_set,
        name="benchmark_set_update",
    ),
    path(
        "workshops/<int:pk>/benchmarks/<int:set_id>/delete/",
        views.delete_set,
        name="benchmark_set_delete",
    ),
]
