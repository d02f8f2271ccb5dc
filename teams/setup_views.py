"""The facilitator's framework page: the maturity framework, its dimensions and the
PMO services catalogue of a workshop, with JSON import and export.

Every action answers an htmx request with the one section it changed (the same named
partial the page draws on first load; `hx-target` says where it goes); without htmx
it redirects back to the page, or draws the page with the form's errors (422).
"""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workshop.access import facilitator_required
from workshop.inputs import whole_number
from workshop.views.fragments import fragments

from . import framework as frameworks
from . import setup_services as services
from .models import Dimension, Framework, Service
from .setup_forms import DimensionForm, FrameworkForm, FrameworkImportForm, ServiceForm

PAGE = "teams/framework.html"
OFFSETS = {"up": -1, "down": 1}


@dataclass(frozen=True)
class DimensionRow:
    dimension: Dimension
    number: int
    is_first: bool
    is_last: bool
    use: frameworks.DimensionUse | None
    use_text: str


@dataclass(frozen=True)
class ServiceRow:
    service: Service
    number: int
    is_first: bool
    is_last: bool
    use: frameworks.ServiceUse | None
    use_text: str


def dimension_rows(framework: Framework | None) -> list[DimensionRow]:
    if framework is None:
        return []
    dimensions = list(framework.dimensions.order_by("position", "id"))
    uses = frameworks.dimension_uses(framework)
    return [
        DimensionRow(
            d,
            i + 1,
            i == 0,
            i == len(dimensions) - 1,
            uses.get(d.pk),
            frameworks.describe_dimension_use(uses[d.pk]) if d.pk in uses else "",
        )
        for i, d in enumerate(dimensions)
    ]


def service_rows(workshop) -> list[ServiceRow]:
    catalogue = list(Service.objects.filter(workshop=workshop).order_by("position", "id"))
    uses = frameworks.service_uses(workshop)
    return [
        ServiceRow(
            s,
            i + 1,
            i == 0,
            i == len(catalogue) - 1,
            uses.get(s.pk),
            frameworks.describe_service_use(uses[s.pk]) if s.pk in uses else "",
        )
        for i, s in enumerate(catalogue)
    ]


def _framework(workshop) -> Framework | None:
    return Framework.objects.filter(workshop=workshop).first()


def _dimension(workshop, dimension_id) -> Dimension:
    return get_object_or_404(
        Dimension.objects.select_related("framework__workshop"),
        pk=dimension_id,
        framework__workshop=workshop,
    )


def _service(workshop, service_id) -> Service:
    return get_object_or_404(
        Service.objects.select_related("workshop"), pk=service_id, workshop=workshop
    )


def _offset(direction: str) -> int:
    if direction not in OFFSETS:
        raise Http404("No such direction")
    return OFFSETS[direction]


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return whole_number(value)


def page_context(workshop, **extra) -> dict:
    framework = _framework(workshop)
    context = {
        "workshop": workshop,
        "framework": framework,
        "dimension_rows": dimension_rows(framework),
        "service_rows": service_rows(workshop),
        "framework_form": FrameworkForm(instance=framework),
        "new_dimension_form": DimensionForm(framework=framework),
        "new_service_form": ServiceForm(workshop=workshop),
        "import_form": FrameworkImportForm(),
        "max_dimensions": frameworks.MAX_DIMENSIONS,
        "max_services": frameworks.MAX_SERVICES,
    }
    context.update(extra)
    return context


def _section(request, workshop, partial: str, status: int = 200, **extra) -> HttpResponse:
    return fragments(request, [(f"{PAGE}#{partial}", page_context(workshop, **extra))], status)


def _page(request, workshop, status: int = 200, **extra) -> HttpResponse:
    return render(request, PAGE, page_context(workshop, **extra), status=status)


def _back(workshop, anchor: str = "") -> HttpResponse:
    url = reverse("teams:framework", args=[workshop.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _form_errors(form, error: ValidationError) -> None:
    """A service's refusal, shown beside its field (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- the page and the framework's name --------------------------------------------------


@facilitator_required
@require_GET
def framework_page(request, workshop):
    """Without JavaScript, ?edit_dimension=, ?edit_service= and ?delete_service= open
    one card or row in edit or confirm mode."""
    extra = {}
    current = _framework(workshop)
    dimension_id = _int_param(request, "edit_dimension")
    if dimension_id and current:
        dimension = current.dimensions.filter(pk=dimension_id).first()
        if dimension:
            extra["edit_dimension_id"] = dimension.pk
            extra["dimension_form"] = DimensionForm(instance=dimension, framework=current)
    service_id = _int_param(request, "edit_service")
    service = Service.objects.filter(workshop=workshop, pk=service_id).first()
    if service:
        extra["edit_service_id"] = service.pk
        extra["service_form"] = ServiceForm(instance=service, workshop=workshop)
    delete_id = _int_param(request, "delete_service")
    if Service.objects.filter(workshop=workshop, pk=delete_id).exists():
        extra["delete_service_id"] = delete_id
    return _page(request, workshop, **extra)


@require_POST
@facilitator_required
def framework_settings(request, workshop):
    form = FrameworkForm(request.POST, instance=_framework(workshop))
    if form.is_valid():
        services.update_framework(workshop, **form.cleaned_data)
        if not request.htmx:
            return _back(workshop)
        return _section(request, workshop, "fw-settings", settings_saved=True)
    if request.htmx:
        return _section(request, workshop, "fw-settings", 422, framework_form=form)
    return _page(request, workshop, 422, framework_form=form)


# --- dimensions ---------------------------------------------------------------------------


@require_POST
@facilitator_required
def dimension_add(request, workshop):
    framework = _framework(workshop)
    form = DimensionForm(request.POST, framework=framework)
    if form.is_valid():
        try:
            dimension = services.add_dimension(workshop, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if not request.htmx:
                return _back(workshop, f"fw-dimension-{dimension.pk}")
            return _section(request, workshop, "fw-dimensions")
    if request.htmx:
        return _section(request, workshop, "fw-dimensions", 422, new_dimension_form=form)
    return _page(request, workshop, 422, new_dimension_form=form)


def _card(request, workshop, dimension_id, status=200, form=None) -> HttpResponse:
    row = next(r for r in dimension_rows(_framework(workshop)) if r.dimension.pk == dimension_id)
    extra = {"row": row}
    if form is not None:
        extra.update(edit_dimension_id=dimension_id, dimension_form=form)
    return _section(request, workshop, "fw-dimension", status, **extra)


@facilitator_required
@require_GET
def dimension_card(request, workshop, dimension_id):
    """The card as it is (Cancel), or in edit mode with ?edit=1."""
    dimension = _dimension(workshop, dimension_id)
    editing = request.GET.get("edit") == "1"
    if not request.htmx:
        url = reverse("teams:framework", args=[workshop.pk])
        query = f"?edit_dimension={dimension.pk}" if editing else ""
        return redirect(f"{url}{query}#fw-dimension-{dimension.pk}")
    form = DimensionForm(instance=dimension, framework=dimension.framework) if editing else None
    return _card(request, workshop, dimension.pk, form=form)


@require_POST
@facilitator_required
def dimension_edit(request, workshop, dimension_id):
    dimension = _dimension(workshop, dimension_id)
    form = DimensionForm(request.POST, instance=dimension, framework=dimension.framework)
    if form.is_valid():
        try:
            services.update_dimension(dimension, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if not request.htmx:
                return _back(workshop, f"fw-dimension-{dimension.pk}")
            return _card(request, workshop, dimension.pk)
    if request.htmx:
        return _card(request, workshop, dimension.pk, 422, form=form)
    return _page(request, workshop, 422, edit_dimension_id=dimension.pk, dimension_form=form)


@require_POST
@facilitator_required
def dimension_move(request, workshop, dimension_id, direction):
    dimension = _dimension(workshop, dimension_id)
    services.move_dimension(dimension, _offset(direction))
    if not request.htmx:
        return _back(workshop, f"fw-dimension-{dimension.pk}")
    return _section(request, workshop, "fw-dimensions")


@require_POST
@facilitator_required
def dimension_delete(request, workshop, dimension_id):
    dimension = _dimension(workshop, dimension_id)
    try:
        services.delete_dimension(dimension)
    except ValidationError as error:
        notice = " ".join(error.messages)
        if not request.htmx:
            messages.error(request, notice)
            return _back(workshop, f"fw-dimension-{dimension.pk}")
        return _section(request, workshop, "fw-dimensions", 409, dimension_notice=notice)
    notice = _("Deleted “%(name)s”.") % {"name": dimension.name}
    if not request.htmx:
        messages.success(request, notice)
        return _back(workshop, "fw-dimensions")
    return _section(request, workshop, "fw-dimensions", dimension_done=notice)


# --- import and export ----------------------------------------------------------------------


@require_POST
@facilitator_required
def framework_import(request, workshop):
    """A JSON file, or with `default` the bundled default framework (an ordinary import,
    so it too keeps what teams assessed)."""
    form = FrameworkImportForm(request.POST, request.FILES)
    if "default" in request.POST:
        try:
            result = frameworks.import_framework(workshop, frameworks.default_framework_data())
        except ValidationError as error:
            messages.error(request, _("Nothing was changed: ") + " ".join(error.messages))
        else:
            messages.success(request, _imported(result))
        return _after_import(request, workshop)
    if form.is_valid():
        try:
            result = frameworks.import_framework(workshop, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _imported(result))
            return _after_import(request, workshop)
    return _page(request, workshop, 422, import_form=form)


def _imported(result: frameworks.ImportResult) -> str:
    text = _(
        "Imported “%(name)s”: %(added)d dimensions added, %(updated)d updated, %(removed)d removed."
    ) % {
        "name": result.framework.name,
        "added": result.added,
        "updated": result.updated,
        "removed": result.removed,
    }
    if result.services is not None:
        text += " " + _("The services catalogue now has %(n)d services.") % {"n": result.services}
    return text


def _after_import(request, workshop) -> HttpResponse:
    if request.htmx:  # the whole page changes: load it afresh
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("teams:framework", args=[workshop.pk])
        return response
    return _back(workshop)


@facilitator_required
@require_GET
def framework_export(request, workshop):
    framework = _framework(workshop)
    if framework is None:
        raise Http404("This workshop has no framework")
    data = json.dumps(frameworks.export_framework(framework), ensure_ascii=False, indent=2)
    filename = f"{slugify(workshop.title) or 'workshop'}-framework.json"
    response = HttpResponse(data + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- services -----------------------------------------------------------------------------


@require_POST
@facilitator_required
def service_add(request, workshop):
    form = ServiceForm(request.POST, workshop=workshop)
    if form.is_valid():
        try:
            service = services.add_service(workshop, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if not request.htmx:
                return _back(workshop, f"fw-service-{service.pk}")
            return _section(request, workshop, "fw-services")
    if request.htmx:
        return _section(request, workshop, "fw-services", 422, new_service_form=form)
    return _page(request, workshop, 422, new_service_form=form)


def _row(request, workshop, service_id, status=200, **extra) -> HttpResponse:
    row = next(r for r in service_rows(workshop) if r.service.pk == service_id)
    return _section(request, workshop, "fw-service", status, row=row, **extra)


@facilitator_required
@require_GET
def service_row(request, workshop, service_id):
    """The row as it is (Cancel), or with ?mode=edit / ?mode=delete its edit form or
    the question before deleting (which says how many baselines and visions tick it)."""
    service = _service(workshop, service_id)
    mode = request.GET.get("mode", "")
    if not request.htmx:
        url = reverse("teams:framework", args=[workshop.pk])
        query = f"?{mode}_service={service.pk}" if mode in ("edit", "delete") else ""
        return redirect(f"{url}{query}#fw-service-{service.pk}")
    if mode == "edit":
        form = ServiceForm(instance=service, workshop=workshop)
        return _row(request, workshop, service.pk, edit_service_id=service.pk, service_form=form)
    if mode == "delete":
        return _row(request, workshop, service.pk, delete_service_id=service.pk)
    return _row(request, workshop, service.pk)


@require_POST
@facilitator_required
def service_edit(request, workshop, service_id):
    service = _service(workshop, service_id)
    form = ServiceForm(request.POST, instance=service, workshop=workshop)
    if form.is_valid():
        try:
            services.update_service(service, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if not request.htmx:
                return _back(workshop, f"fw-service-{service.pk}")
            return _row(request, workshop, service.pk)
    extra = {"edit_service_id": service.pk, "service_form": form}
    if request.htmx:
        return _row(request, workshop, service.pk, 422, **extra)
    return _page(request, workshop, 422, **extra)


@require_POST
@facilitator_required
def service_move(request, workshop, service_id, direction):
    service = _service(workshop, service_id)
    services.move_service(service, _offset(direction))
    if not request.htmx:
        return _back(workshop, f"fw-service-{service.pk}")
    return _section(request, workshop, "fw-services")


@require_POST
@facilitator_required
def service_delete(request, workshop, service_id):
    service = _service(workshop, service_id)
    services.delete_service(service)
    notice = _("Deleted “%(name)s”.") % {"name": service.name}
    if not request.htmx:
        messages.success(request, notice)
        return _back(workshop, "fw-services")
    return _section(request, workshop, "fw-services", service_done=notice)
