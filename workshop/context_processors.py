from django.conf import settings


def assets(request):
    """Vendored script names (version in the file name), in one place."""
    return {"HTMX_JS": settings.HTMX_JS, "HTMX_WS_JS": settings.HTMX_WS_JS}
