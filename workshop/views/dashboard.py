from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render

from .. import services
from ..access import facilitator_required
from ..forms import WorkshopForm
from ..models import Workshop


@login_required
def dashboard(request):
    workshops = (
        Workshop.objects.filter(Q(facilitators=request.user) | Q(organisers=request.user))
        .distinct()
        .prefetch_related("teams", "participants")
    )
    facilitated = set(request.user.facilitated_workshops.values_list("pk", flat=True))
    return render(
        request, "workshop/dashboard.html", {"workshops": workshops, "facilitated": facilitated}
    )


@login_required
def create(request):
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = services.create_workshop(created_by=request.user, **form.cleaned_data)
        return redirect("workshop:console", workshop.pk)
    return render(request, "workshop/workshop_form.html", {"form": form, "creating": True})


@facilitator_required
def edit(request, workshop):
    # The form works on a copy: validation writes the new values onto its instance,
    # and update_workshop must still see the old date to move when joining closes.
    form = WorkshopForm(request.POST or None, instance=Workshop.objects.get(pk=workshop.pk))
    if request.method == "POST" and form.is_valid():
        services.update_workshop(workshop, **form.cleaned_data)
        return redirect("workshop:console", workshop.pk)
    return render(
        request,
        "workshop/workshop_form.html",
        {"form": form, "workshop": workshop, "creating": False},
    )
