"""Whole-workshop export (organisers and facilitators of the workshop) and import
(any signed-in facilitator or organiser: the import creates a new workshop, as
"New workshop" does). docs/workshop-format.md describes the file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import exchange
from ..access import organiser_or_facilitator_required
from ..exchange.forms import WorkshopImportForm
from ..exchange.importer import import_plan


def _download(workshop, *, template: bool) -> HttpResponse:
    text = exchange.dumps(exchange.export_workshop(workshop, template=template))
    response = HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")
    name = exchange.file_name(workshop, template=template)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@organiser_or_facilitator_required
def export(request, workshop):
    return _download(workshop, template=False)


@require_GET
@organiser_or_facilitator_required
def export_template(request, workshop):
    return _download(workshop, template=True)


@login_required
def import_workshop(request):
    posted = request.method == "POST"
    form = WorkshopImportForm(*((request.POST, request.FILES) if posted else ()))
    if posted and form.is_valid():
        try:
            workshop = import_plan(
                form.plan,
                user=request.user,
                title=form.cleaned_data["title"],
                date=form.cleaned_data["date"],
            )
        except ValidationError as error:
            form.add_error("file", exchange.shown(error.messages))
        else:
            messages.success(
                request,
                _("Imported “%(title)s”. You facilitate it; attendees join with its new code.")
                % {"title": workshop.title},
            )
            return redirect("workshop:console", workshop.pk)
    status = 422 if form.errors else 200
    return render(request, "workshop/exchange_import.html", {"form": form}, status=status)
