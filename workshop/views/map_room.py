"""The facilitator's causal-map page: inbox of team links, topics, factors and merges,
analysis and the path to a profession, exports and templates."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teams.models import Team

from .. import map_selectors, map_services, map_templates
from ..access import facilitator_required
from ..editing import Author, LiveField
from ..map_forms import (
    FactorChoiceForm,
    FactorForm,
    MergeForm,
    ReviewForm,
    TeamTopicsForm,
    TopicForm,
)
from ..map_render import render_png
from ..map_views_context import _nodes_edges, room_map, room_map_svg, svg_for_request
from ..models import NOTE_MAX, CausalLink, Factor, FactorMerge, PathStep
from .fragments import fragments, live_field, new_client_id


def _parts(request, workshop, names, status=200, **overrides):
    if not request.htmx:
        return redirect("workshop:map", workshop.pk)
    context = room_map(workshop, **overrides)
    return fragments(
        request, [(f"workshop/map_room.html#{n}", context) for n in names], status=status
    )


ALL = ["map-inbox", "map-room-view", "map-factors", "map-analysis", "map-topics"]


@facilitator_required
def map_page(request, workshop):
    context = room_map(
        workshop,
        client_id=new_client_id(),
        bundled=map_templates.bundled_templates(workshop.language),
    )
    return render(request, "workshop/map_room.html", context)


@facilitator_required
def room_map_view(request, workshop):
    return HttpResponse(svg_for_request(request, workshop, proposals=True))


@require_POST
@facilitator_required
def review(request, workshop, link_id):
    link = get_object_or_404(CausalLink, pk=link_id, workshop=workshop)
    form = ReviewForm(request.POST)
    notice = ""
    if form.is_valid():
        try:
            map_services.review_link(
                link,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
                user=request.user,
            )
        except ValidationError as error:
            notice = " ".join(error.messages)
    return _parts(request, workshop, ALL, merge_notice=notice)


@require_POST
@facilitator_required
def topic_add(request, workshop):
    form = TopicForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            map_services.create_topic(workshop, **form.cleaned_data)
            form = TopicForm()
        except ValidationError as error:
            form.add_error("title", error.message_dict.get("title"))
            status = 422
    else:
        status = 422
    return _parts(request, workshop, ["map-topics"], status=status, topic_form=form)


@require_POST
@facilitator_required
def team_topics(request, workshop, team_id):
    team = get_object_or_404(Team, pk=team_id, workshop=workshop)
    form = TeamTopicsForm(request.POST, workshop=workshop)
    if form.is_valid():
        map_services.assign_topics(team, list(form.cleaned_data["topics"]))
    return _parts(request, workshop, ["map-topics"])


@require_POST
@facilitator_required
def factor_add(request, workshop):
    form = FactorForm(request.POST, topics=workshop.topics.all())
    status = 200
    if form.is_valid():
        try:
            map_services.add_factor(workshop, author=Author(user=request.user), **form.cleaned_data)
            form = FactorForm(topics=workshop.topics.all())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            status = 422
    else:
        status = 422
    return _parts(
        request, workshop, ["map-factors", "map-analysis"], status=status, factor_form=form
    )


def factor_label_field(factor: Factor, **overrides) -> LiveField:
    from django.urls import reverse

    values = {
        "dom_id": f"factor-{factor.pk}-label",
        "label": _("Label"),
        "value": factor.label,
        "version": factor.version,
        "url": reverse("workshop:factor_label", args=[factor.workshop_id, factor.pk]),
        "max_length": 80,
    }
    values.update(overrides)
    return LiveField(**values)


@facilitator_required
def factor_label(request, workshop, factor_id):
    factor = get_object_or_404(Factor, pk=factor_id, workshop=workshop, merged_into__isnull=True)

    def save(value, version):
        return map_services.edit_factor_field(
            factor, "label", value, version, Author(user=request.user)
        )

    return live_field(
        request, lambda instance=None, **o: factor_label_field(instance or factor, **o), save
    )


@require_POST
@facilitator_required
def merge(request, workshop):
    factors = map_selectors.active_factors(workshop)
    form = MergeForm(request.POST, factors=factors)
    status = 200
    if form.is_valid():
        try:
            map_services.merge_factors(
                form.cleaned_data["kept"], form.cleaned_data["merged"], user=request.user
            )
            form = MergeForm(factors=factors)
        except ValidationError as error:
            form.add_error(None, error.messages)
            status = 422
    else:
        status = 422
    return _parts(request, workshop, ALL, status=status, merge_form=form)


@require_POST
@facilitator_required
def undo_merge(request, workshop, merge_id):
    merge_ = get_object_or_404(FactorMerge, pk=merge_id, workshop=workshop)
    try:
        map_services.undo_merge(merge_, user=request.user)
        notice = ""
    except ValidationError as error:
        notice = " ".join(error.messages)
    return _parts(request, workshop, ALL, merge_notice=notice)


@require_POST
@facilitator_required
def outcome(request, workshop):
    form = FactorChoiceForm(request.POST, factors=map_selectors.active_factors(workshop))
    if form.is_valid():
        map_services.set_outcome(workshop, form.cleaned_data["factor"])
    return _parts(request, workshop, ["map-analysis", "map-room-view"])


@require_POST
@facilitator_required
def path_propose(request, workshop):
    notice = ""
    try:
        map_services.propose_path(workshop)
    except ValidationError as error:
        notice = " ".join(error.messages)
    return _parts(request, workshop, ["map-analysis"], path_notice=notice)


@require_POST
@facilitator_required
def path_add(request, workshop):
    form = FactorChoiceForm(request.POST, factors=map_selectors.active_factors(workshop))
    notice = ""
    if form.is_valid() and form.cleaned_data["factor"]:
        try:
            map_services.add_path_step(workshop, form.cleaned_data["factor"])
        except ValidationError as error:
            notice = " ".join(error.messages)
    return _parts(request, workshop, ["map-analysis"], path_notice=notice)


@require_POST
@facilitator_required
def path_move(request, workshop, step_id, direction):
    step = get_object_or_404(PathStep, pk=step_id, workshop=workshop)
    map_services.move_path_step(step, -1 if direction == "up" else 1)
    return _parts(request, workshop, ["map-analysis"])


@require_POST
@facilitator_required
def path_remove(request, workshop, step_id):
    map_services.remove_path_step(get_object_or_404(PathStep, pk=step_id, workshop=workshop))
    return _parts(request, workshop, ["map-analysis"])


def path_role_field(step: PathStep, **overrides) -> LiveField:
    from django.urls import reverse

    values = {
        "dom_id": f"path-{step.pk}-role",
        "label": _("Your role to realise it"),
        "value": step.role_text,
        "version": step.version,
        "url": reverse("workshop:path_role", args=[step.workshop_id, step.pk]),
        "multiline": True,
        "max_length": 2000,
    }
    values.update(overrides)
    return LiveField(**values)


@facilitator_required
def path_role(request, workshop, step_id):
    step = get_object_or_404(PathStep, pk=step_id, workshop=workshop)

    def save(value, version):
        if len(value) > NOTE_MAX:
            raise ValidationError({"value": _("Keep this to 2,000 characters.")})
        return map_services.edit_path_role(step, value, version, Author(user=request.user))

    return live_field(
        request, lambda instance=None, **o: path_role_field(instance or step, **o), save
    )


@facilitator_required
def path_print(request, workshop):
    return render(
        request,
        "workshop/path_print.html",
        {
            "workshop": workshop,
            "steps": map_selectors.path(workshop),
            "map_svg": room_map_svg(workshop),
        },
    )


# --- exports and templates ------------------------------------------------------------------


def _filename(workshop, ext: str) -> str:
    return f"{slugify(workshop.title) or 'workshop'}-causal-map.{ext}"


@facilitator_required
def export_svg(request, workshop):
    response = HttpResponse(room_map_svg(workshop), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{_filename(workshop, "svg")}"'
    return response


@facilitator_required
def export_png(request, workshop):
    links = list(
        map_selectors.room_map_links(workshop).select_related("cause__topic", "effect__topic")
    )
    nodes, edges = _nodes_edges(links, [workshop.outcome] if workshop.outcome_id else [])
    response = HttpResponse(
        render_png(nodes, edges, title=workshop.title), content_type="image/png"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(workshop, "png")}"'
    return response


@facilitator_required
def export_json(request, workshop):
    data = json.dumps(map_templates.export_map(workshop), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(workshop, "json")}"'
    return response


@require_POST
@facilitator_required
def template_import(request, workshop):
    try:
        if request.POST.get("bundled"):
            data = map_templates.load_bundled(request.POST["bundled"], workshop.language)
        else:
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose a JSON file to import."))
            data = map_templates.parse_upload(upload.read(map_templates.MAX_UPLOAD_BYTES + 1))
        counts = map_templates.import_map(workshop, data, user=request.user)
        messages.success(
            request,
            _("Imported %(f)d factors and %(l)d links.")
            % {"f": counts.get("factors", 0), "l": counts.get("links", 0)},
        )
    except (ValidationError, KeyError, FileNotFoundError) as error:
        problems = getattr(error, "messages", [str(error)])
        messages.error(request, _("Nothing was imported: ") + "; ".join(problems[:10]))
    return redirect("workshop:map", workshop.pk)
