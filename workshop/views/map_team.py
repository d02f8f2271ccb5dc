"""Part 1 in a team's workspace: add factors (after seeing matching ones), propose links,
see the room map filtered by topic or with one loop highlighted."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy

from .. import map_selectors, map_services, selectors
from ..access import team_member_required
from ..editing import Author
from ..map_forms import FactorForm, LinkForm
from ..map_views_context import svg_for_request, team_map
from .fragments import fragments

LOCKED = gettext_lazy("Editing is locked by the facilitator right now.")


def _author(request) -> Author:
    if request.participant is not None:
        return Author(participant=request.participant)
    return Author(user=request.user)


def _locked(request, workshop) -> bool:
    return request.participant is not None and selectors.editing_locked(workshop)


def _add_errors(form, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@team_member_required
def factor_add(request, workshop, team):
    form = FactorForm(request.POST, topics=team.topics.all())
    status = 200
    if _locked(request, workshop):
        form.is_valid()
        form.add_error(None, LOCKED)
        status = 423
    elif form.is_valid():
        try:
            map_services.add_factor(
                workshop,
                label=form.cleaned_data["label"],
                kind=form.cleaned_data["kind"],
                topic=form.cleaned_data["topic"],
                description=form.cleaned_data["description"],
                team=team,
                author=_author(request),
            )
            form = FactorForm(topics=team.topics.all())
        except ValidationError as error:
            _add_errors(form, error)
            status = 422
    else:
        status = 422
    context = team_map(team, factor_form=form, suggestions=[])
    return fragments(
        request,
        [
            ("workshop/map_team.html#team-factor-form", context),
            ("workshop/map_team.html#team-link-form", context),
        ],
        status=status,
    )


@team_member_required
def factor_search(request, workshop, team):
    # A search, not a save: a NUL (which PostgreSQL refuses in a query) is dropped.
    text = request.GET.get("label", "")[:200].replace("\x00", "")
    context = {"team": team, "suggestions": map_selectors.search_factors(team, text), "query": text}
    return fragments(request, [("workshop/map_team.html#suggestions", context)])


@team_member_required
def link_add(request, workshop, team):
    factors = map_selectors.visible_factors(team)
    form = LinkForm(request.POST, factors=factors)
    status = 200
    if _locked(request, workshop):
        form.is_valid()
        form.add_error(None, LOCKED)
        status = 423
    elif form.is_valid():
        try:
            map_services.add_link(workshop, team=team, author=_author(request), **form.cleaned_data)
            form = LinkForm(factors=factors)
        except ValidationError as error:
            _add_errors(form, error)
            status = 422
    else:
        status = 422
    context = team_map(team, link_form=form)
    return fragments(
        request,
        [
            ("workshop/map_team.html#team-link-form", context),
            ("workshop/map_team.html#team-links", context),
        ],
        status=status,
    )


@team_member_required
def map_view(request, workshop, team):
    return HttpResponse(svg_for_request(request, workshop, team=team))
