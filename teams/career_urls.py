"""Career planning: every page and action twice — under the workshop for this browser's
participant (`/w/<pk>/career/…`, names `career…`) and under the private link
(`/career/<token>/…`, names `career_private…`). Templates build action URLs from the
page URL they were reached by (`base`), so a page opened through the link stays on it."""

from django.urls import path

from . import career_views as views

ACTIONS = [
    ("", views.page, "", {}),
    ("pdf/", views.pdf, "_pdf", {}),
    ("link/new/", views.new_link, "_new_link", {}),
    ("fields/<slug:field_name>/", views.field, "_field", {}),
    ("ladder/", views.ladder, "_ladder", {}),
    ("competences/<slug:key>/", views.competence, "_competence", {}),
    ("milestones/<int:item_id>/done/", views.milestone_done, "_milestone_done", {}),
]
for kind in ("step", "milestone"):
    ACTIONS += [
        (f"{kind}s/add/", views.item_add, f"_{kind}_add", {"kind": kind}),
        (f"{kind}s/<int:item_id>/", views.item, f"_{kind}", {"kind": kind}),
        (f"{kind}s/<int:item_id>/edit/", views.item_edit, f"_{kind}_edit", {"kind": kind}),
        (f"{kind}s/<int:item_id>/remove/", views.item_remove, f"_{kind}_remove", {"kind": kind}),
        (f"{kind}s/<int:item_id>/restore/", views.item_restore, f"_{kind}_restore", {"kind": kind}),
    ]

urlpatterns = [
    path(f"w/<int:pk>/career/{suffix}", view, extra, name=f"career{name}")
    for suffix, view, name, extra in ACTIONS
] + [
    path(f"career/<slug:token>/{suffix}", view, extra, name=f"career_private{name}")
    for suffix, view, name, extra in ACTIONS
]
