from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from .. import selectors
from ..access import facilitator_required
from ..qr import qr_svg
from .fragments import new_client_id


@facilitator_required
def projector(request, workshop):
    context = {
        **selectors.room(workshop),
        **selectors.roster(workshop),
        **selectors.activity(workshop),
        **selectors.stage(workshop),
        "client_id": new_client_id(),
    }
    return render(request, "workshop/projector.html", context)


@never_cache
@facilitator_required
def join_qr(request, workshop):
    """The QR code opens the join page with the code already filled in."""
    url = request.build_absolute_uri(reverse("join_code", args=[workshop.code]))
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")
