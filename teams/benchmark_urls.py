"""Facilitator pages for reference benchmark sets (CSV import) and the room comparison."""

urlpatterns = []
