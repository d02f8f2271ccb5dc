"""The team's strategy pages (gaps, initiatives, roadmap, extras, traceability)."""

urlpatterns = []
