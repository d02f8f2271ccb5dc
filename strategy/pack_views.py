"""Strategy pack downloads.

A team downloads its own company's pack; a workshop's organisers and facilitators
download any of its packs, or all of them as a ZIP produced in the background.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from teams.models import Company
from workshop.access import organiser_or_facilitator_required, team_member_required

from . import pack_exports
from .models import PackExport
from .pack import render_pack


def _pdf_response(company: Company) -> FileResponse:
    pack = render_pack(company, translation.get_language())  # in the reader's language
    response = FileResponse(pack.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = pack_exports.content_disposition(
        *pack_exports.pack_filename(company)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@team_member_required
def team_pack(request, workshop, team, company_id):
    company = get_object_or_404(Company.objects.active(), pk=company_id, team=team)
    return _pdf_response(company)


@organiser_or_facilitator_required
def packs(request, workshop):
    return render(request, "strategy/packs.html", pack_exports.packs_page(workshop))


@organiser_or_facilitator_required
def company_pack(request, workshop, company_id):
    company = get_object_or_404(Company.objects.active(), pk=company_id, team__workshop=workshop)
    return _pdf_response(company)


@require_POST
@organiser_or_facilitator_required
def export_start(request, workshop):
    export = pack_exports.start_export(workshop, request.user, translation.get_language())
    if not request.htmx:
        return redirect("strategy:packs", workshop.pk)
    return render(request, "strategy/packs.html#pack-export", pack_exports.export_progress(export))


@organiser_or_facilitator_required
def export_progress(request, workshop, token):
    export = get_object_or_404(PackExport, workshop=workshop, token=token)
    return render(request, "strategy/packs.html#pack-export", pack_exports.export_progress(export))


@organiser_or_facilitator_required
def export_download(request, workshop, token):
    export = get_object_or_404(PackExport, workshop=workshop, token=token)
    if export.status != PackExport.Status.DONE or not export.file:
        raise Http404("This ZIP is not ready.")
    name = pack_exports.ascii_slug(workshop.title, "workshop")
    response = FileResponse(export.file.open("rb"), content_type="application/zip")
    response["Content-Disposition"] = pack_exports.content_disposition(
        f"{name}-strategy-packs.zip",
        f"{pack_exports.readable_name(workshop.title)} - strategy packs.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
