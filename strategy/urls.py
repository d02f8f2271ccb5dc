from . import pack_urls, workspace_urls

app_name = "strategy"

urlpatterns = [
    *workspace_urls.urlpatterns,
    *pack_urls.urlpatterns,
]
