"""Company visions: the team's editor (Part 2c) and the facilitator's gallery."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teams.company_views import _company, author_of
from workshop import selectors as room_selectors
from workshop.access import facilitator_required, team_member_required
from workshop.editing import EditingLocked
from workshop.inputs import whole_number
from workshop.views.fragments import client_id_of, fragments, new_client_id

from . import selectors, services
from .models import Vision


@team_member_required
def vision(request, workshop, team, company_id):
    company = _company(team, company_id)
    vision = services.ensure_vision(company)
    context = {
        **room_selectors.room(workshop),
        **selectors.vision_page(selectors.fresh_vision(vision.pk)),
        "participant": request.participant,
        "client_id": new_client_id(),
        "tab": "vision",
    }
    return render(request, "vision/company_vision.html", context)


def _tick(request, team, company_id, action, partial_name, context_for):
    company = _company(team, company_id)
    vision = get_object_or_404(Vision, company=company)
    error, status = "", 200
    try:
        item_id = int(request.POST.get("item", ""))
        action(
            vision,
            item_id,
            request.POST.get("on") == "on",
            author_of(request),
            client_id_of(request),
        )
    except (ValueError, ValidationError) as exc:
        messages = getattr(exc, "messages", None)
        error, status = (
            (" ".join(messages) if messages else _("Choose one of the items shown.")),
            422,
        )
    except EditingLocked:
        error, status = _("Editing is locked by the facilitator right now."), 423
    context = {**context_for(selectors.fresh_vision(vision.pk)), "error": error}
    return fragments(request, [(f"vision/company_vision.html#{partial_name}", context)], status)


@team_member_required
@require_POST
def vision_service(request, workshop, team, company_id):
    return _tick(
        request,
        team,
        company_id,
        services.set_service,
        "vision-services",
        selectors.vision_services,
    )


@team_member_required
@require_POST
def vision_finding(request, workshop, team, company_id):
    return _tick(
        request,
        team,
        company_id,
        services.set_finding,
        "vision-findings",
        selectors.vision_findings,
    )


@facilitator_required
def gallery(request, workshop):
    context = {**selectors.gallery(workshop), "client_id": new_client_id()}
    return render(request, "vision/gallery.html", context)


@facilitator_required
@require_POST
def spotlight(request, workshop):
    """?vision=<id> spotlights it; ?step=next|prev walks the gallery; nothing: back to all."""
    step = request.POST.get("step", "")
    if step in ("next", "prev"):
        services.step_spotlight(workshop, 1 if step == "next" else -1)
    else:
        raw = request.POST.get("vision", "")
        chosen = None
        if raw:
            chosen = Vision.objects.filter(
                pk=whole_number(raw) or 0,
                company__team__workshop=workshop,
                company__removed_at__isnull=True,
            ).first()
            if chosen is None:
                raise Http404("No such vision in this workshop")
        services.spotlight(workshop, chosen)
    context = selectors.gallery(workshop)
    return fragments(request, [("vision/gallery.html#gallery-controls", context)])
