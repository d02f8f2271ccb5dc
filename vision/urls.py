from . import briefing_urls

app_name = "vision"

urlpatterns = [
    *briefing_urls.urlpatterns,
]
