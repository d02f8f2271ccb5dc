"""Strategy pack downloads: one company's PDF, a workshop's ZIP with progress."""

urlpatterns = []
