"""The facilitator's reference-set page: import benchmark sets from CSV, choose which
the projector shows, and preview the room comparison exactly as the projector draws it."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from workshop.access import facilitator_required
from workshop.views.fragments import fragments

from . import benchmarks as service
from .benchmark_forms import ReferenceSetSwitchForm, ReferenceUploadForm
from .models import ReferenceSet
from .stats import room_profile_context


def _context(workshop, **extra) -> dict:
    return {
        "workshop": workshop,
        "upload_form": ReferenceUploadForm(),
        **service.reference_sets_overview(workshop),
        **room_profile_context(workshop),
        **extra,
    }


def _imported(request, saved) -> None:
    names = ", ".join(s.name for s in saved)
    messages.success(
        request,
        ngettext("Imported %(n)d set: %(names)s.", "Imported %(n)d sets: %(names)s.", len(saved))
        % {"n": len(saved), "names": names},
    )


def _sets_response(request, workshop):
    """htmx: the set list and the preview, swapped out of band; otherwise back to the page."""
    if not request.htmx:
        return redirect("teams:benchmarks", workshop.pk)
    context = _context(workshop)
    return fragments(
        request,
        [
            ("teams/benchmarks.html#benchmark-sets", context),
            ("teams/room_profile.html#room-profile", context),
        ],
    )


@facilitator_required
def benchmarks(request, workshop):
    return render(request, "teams/benchmarks.html", _context(workshop))


@require_POST
@facilitator_required
def import_csv(request, workshop):
    form = ReferenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            saved = service.import_reference_csv(workshop, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            _imported(request, saved)
            return redirect("teams:benchmarks", workshop.pk)
    context = _context(workshop, upload_form=form)
    return render(request, "teams/benchmarks.html", context, status=422)


@require_POST
@facilitator_required
def import_demo(request, workshop):
    try:
        _imported(request, service.import_demo_sets(workshop))
    except ValidationError as error:
        messages.error(request, _("Nothing was imported: ") + " ".join(error.messages[:5]))
    return redirect("teams:benchmarks", workshop.pk)


@facilitator_required
def demo_csv(request, workshop):
    return FileResponse(
        io.BytesIO(service.demo_reference_bytes(workshop.language)),
        as_attachment=True,
        filename="demo-reference-sets.csv",
        content_type="text/csv; charset=utf-8",
    )


@require_POST
@facilitator_required
def update_set(request, workshop, set_id):
    reference_set = get_object_or_404(ReferenceSet, pk=set_id, workshop=workshop)
    form = ReferenceSetSwitchForm(request.POST)
    if form.is_valid():
        service.update_reference_set(reference_set, **form.cleaned_data)
    return _sets_response(request, workshop)


@require_POST
@facilitator_required
def delete_set(request, workshop, set_id):
    reference_set = get_object_or_404(ReferenceSet, pk=set_id, workshop=workshop)
    service.delete_reference_set(reference_set)
    if not request.htmx:
        messages.success(request, _("Deleted “%(name)s”.") % {"name": reference_set.name})
    return _sets_response(request, workshop)
