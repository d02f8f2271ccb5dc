"""Writes for Part 1 — the causal map. Each validates, saves in a transaction and
pushes after commit; bad input raises ValidationError keyed by form field."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teams.models import Team

from . import broadcasts, map_analysis, map_selectors, ordering
from .editing import Author, save_field
from .live import push_on_commit
from .models import LABEL_MAX, NOTE_MAX, CausalLink, Factor, FactorMerge, PathStep, Topic, Workshop

LINK_END_FIELDS = ("cause", "effect")


def _map_changed(workshop_id: int) -> None:
    """The accepted room map changed: new render version, pushes to every map view."""
    Workshop.objects.filter(pk=workshop_id).update(map_version=F("map_version") + 1)
    push_on_commit(partial(broadcasts.causal_map, workshop_id))


def _team_map_changed(workshop_id: int, team_id: int | None) -> None:
    push_on_commit(
        partial(broadcasts.causal_map, workshop_id, team_ids=[team_id] if team_id else [])
    )


def clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": _("Give the factor a short label.")})
    if len(label) > LABEL_MAX:
        raise ValidationError(
            {
                "label": _("Keep labels to %(max)d characters (this one has %(n)d).")
                % {"max": LABEL_MAX, "n": len(label)}
            }
        )
    return label


# --- topics -----------------------------------------------------------------------


@transaction.atomic
def create_topic(workshop: Workshop, *, title: str, description: str = "") -> Topic:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("A topic needs a title.")})
    if len(title) > 120:
        raise ValidationError({"title": _("Keep the topic title to 120 characters.")})
    if len(description or "") > NOTE_MAX:
        raise ValidationError({"description": _("Keep the description to 2,000 characters.")})
    if workshop.topics.filter(title__iexact=title).exists():
        raise ValidationError({"title": _("This workshop already has that topic.")})
    last = workshop.topics.aggregate(last=Max("position"))["last"]
    topic = Topic.objects.create(
        workshop=workshop, title=title, description=description, position=(last or 0) + 1
    )
    push_on_commit(partial(broadcasts.causal_map, workshop.pk, all_teams=True))
    return topic


@transaction.atomic
def assign_topics(team: Team, topics: list[Topic]) -> None:
    if any(topic.workshop_id != team.workshop_id for topic in topics):
        raise ValidationError({"topics": _("Those topics are not part of this workshop.")})
    team.topics.set(topics)
    push_on_commit(partial(broadcasts.causal_map, team.workshop_id, all_teams=True))
    push_on_commit(partial(broadcasts.roster, team.workshop_id))  # the projector shows who has what


# --- factors ------------------------------------------------------------------------


@transaction.atomic
def add_factor(
    workshop: Workshop,
    *,
    label: str,
    kind: str,
    topic: Topic | None,
    description: str = "",
    team: Team | None = None,
    author: Author | None = None,
) -> Factor:
    label = clean_label(label)
    if len(description or "") > NOTE_MAX:
        raise ValidationError({"description": _("Keep the description to 2,000 characters.")})
    if kind not in Factor.Kind.values:
        raise ValidationError({"kind": _("Choose inhibitor, enabler, building block or outcome.")})
    if topic is not None and topic.workshop_id != workshop.pk:
        raise ValidationError({"topic": _("That topic is not part of this workshop.")})
    if team is not None:
        if team.workshop_id != workshop.pk:
            raise ValidationError({"topic": _("That team is not part of this workshop.")})
        if topic is None or not team.topics.filter(pk=topic.pk).exists():
            raise ValidationError({"topic": _("Choose one of your team's topics.")})
    existing = map_selectors.active_factors(workshop).filter(label__iexact=label).first()
    if existing is not None:
        raise ValidationError(
            {
                "label": _("“%(label)s” already exists — reuse it instead of adding it twice.")
                % {"label": existing.label}
            }
        )
    factor = Factor(
        workshop=workshop,
        label=label,
        kind=kind,
        topic=topic,
        description=description,
        author_team=team,
    )
    factor._history_participant = author.participant if author else None
    factor._history_user = author.user if author else None
    try:
        with transaction.atomic():
            factor.save()
    except IntegrityError as exc:  # a team mate added the same label a moment ago
        raise ValidationError({"label": _("That factor was just added — reuse it.")}) from exc
    _team_map_changed(workshop.pk, team.pk if team else None)
    return factor


def edit_factor_field(
    factor: Factor, field_name: str, value: str, base_version: int, author: Author
) -> Factor:
    if field_name == "label":
        try:
            value = clean_label(value)
        except ValidationError as error:
            raise ValidationError({"value": error.message_dict["label"]}) from error
    with transaction.atomic():
        try:
            with transaction.atomic():
                saved = save_field(factor, field_name, value, base_version, author)
        except IntegrityError as exc:
            raise ValidationError(
                {"value": _("Another factor already has this label; merge them instead.")}
            ) from exc
        _map_changed(factor.workshop_id)
    return saved


# --- links --------------------------------------------------------------------------


def _usable(factor: Factor, workshop: Workshop, team: Team | None) -> bool:
    if factor.workshop_id != workshop.pk or factor.merged_into_id:
        return False
    if team is None:
        return True
    return map_selectors.visible_factors(team).filter(pk=factor.pk).exists()


@transaction.atomic
def add_link(
    workshop: Workshop,
    *,
    cause: Factor,
    effect: Factor,
    polarity: int,
    strength: int,
    note: str = "",
    team: Team | None = None,
    author: Author | None = None,
) -> CausalLink:
    errors = {}
    if not _usable(cause, workshop, team):
        errors["cause"] = _("Choose a factor your team can see in this workshop.")
    if not _usable(effect, workshop, team):
        errors["effect"] = _("Choose a factor your team can see in this workshop.")
    if not errors and cause.pk == effect.pk:
        errors["effect"] = _("A factor cannot cause itself: choose a different effect.")
    if polarity not in (1, -1):
        errors["polarity"] = _("Choose + (reinforces) or − (weakens).")
    if strength not in (1, 2, 3):
        errors["strength"] = _("Strength is 1, 2 or 3.")
    if len(note or "") > 2000:
        errors["note"] = _("Keep the note to 2,000 characters.")
    if errors:
        raise ValidationError(errors)
    duplicate = workshop.links.filter(cause=cause, effect=effect, absorbed_by__isnull=True).first()
    if duplicate is not None:
        raise ValidationError({"effect": _duplicate_message(duplicate)})
    link = CausalLink(
        workshop=workshop,
        cause=cause,
        effect=effect,
        polarity=polarity,
        strength=strength,
        note=note,
        author_team=team,
        status=CausalLink.Status.PROPOSED if team else CausalLink.Status.ACCEPTED,
    )
    link._history_participant = author.participant if author else None
    link._history_user = author.user if author else None
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as exc:
        raise ValidationError({"effect": _("This link was just added by someone else.")}) from exc
    # Proposals are drawn (dotted) on the projector too: every new link is a new map version.
    _map_changed(workshop.pk)
    if team is not None:
        _team_map_changed(workshop.pk, team.pk)
    return link


def _duplicate_message(link: CausalLink) -> str:
    if link.status == CausalLink.Status.ACCEPTED:
        return _("This link is already in the room map.")
    if link.author_team_id:
        return _("%(team)s has already proposed this link.") % {"team": link.author_team.name}
    return _("This link already exists.")


@transaction.atomic
def review_link(link: CausalLink, *, accept: bool, comment: str, user) -> CausalLink:
    link = CausalLink.objects.select_for_update().select_related("cause", "effect").get(pk=link.pk)
    if link.absorbed_by_id or link.cause.merged_into_id or link.effect.merged_into_id:
        raise ValidationError(_("This link was folded into a merge; undo the merge to review it."))
    link.status = CausalLink.Status.ACCEPTED if accept else CausalLink.Status.REJECTED
    link.review_comment = comment
    link.reviewed_by = user
    link.reviewed_at = timezone.now()
    link.version += 1
    link._history_user = user
    link.save()
    _map_changed(link.workshop_id)
    push_on_commit(partial(broadcasts.causal_map, link.workshop_id, team_ids=[link.author_team_id]))
    return link


# --- merging duplicates ------------------------------------------------------------------


@transaction.atomic
def merge_factors(kept: Factor, merged: Factor, *, user) -> FactorMerge:
    """Fold `merged` into `kept`: its links are re-pointed; a link that would become a
    self-loop or a duplicate is kept aside (absorbed), nothing is deleted."""
    # Lock both rows in id order: two opposite merges at once must not deadlock.
    locked = {
        f.pk: f
        for f in Factor.objects.select_for_update()
        .filter(pk__in=[kept.pk, merged.pk])
        .order_by("pk")
    }
    kept, merged = locked[kept.pk], locked[merged.pk]
    if kept.pk == merged.pk:
        raise ValidationError({"merged": _("Choose two different factors.")})
    if kept.workshop_id != merged.workshop_id:
        raise ValidationError({"merged": _("Both factors must belong to this workshop.")})
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError({"merged": _("One of these factors was already merged.")})
    merge = FactorMerge.objects.create(
        workshop_id=kept.workshop_id, kept=kept, merged=merged, created_by=user
    )
    repointed = []
    links = CausalLink.objects.filter(Q(cause=merged) | Q(effect=merged), absorbed_by__isnull=True)
    for link in links.order_by("id"):
        ends = {"cause": link.cause_id, "effect": link.effect_id}
        moved = [end for end in LINK_END_FIELDS if ends[end] == merged.pk]
        for end in moved:
            ends[end] = kept.pk
        clash = CausalLink.objects.filter(
            cause_id=ends["cause"], effect_id=ends["effect"], absorbed_by__isnull=True
        ).exclude(pk=link.pk)
        if ends["cause"] == ends["effect"] or clash.exists():
            link.absorbed_by = merge
            link.save(update_fields=["absorbed_by"])
            continue
        CausalLink.objects.filter(pk=link.pk).update(
            cause_id=ends["cause"], effect_id=ends["effect"]
        )
        repointed.extend({"link": link.pk, "end": end} for end in moved)
    merge.repointed = repointed
    merge.save(update_fields=["repointed"])
    merged.merged_into = kept
    merged._history_user = user
    merged.save()
    Workshop.objects.filter(pk=kept.workshop_id, outcome=merged).update(outcome=kept)
    _map_changed(kept.workshop_id)
    push_on_commit(partial(broadcasts.causal_map, kept.workshop_id, all_teams=True))
    return merge


@transaction.atomic
def undo_merge(merge: FactorMerge, *, user) -> None:
    merge = FactorMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise ValidationError(_("This merge was already undone."))
    merged = Factor.objects.select_for_update().get(pk=merge.merged_id)
    if (
        merged.merged_into_id != merge.kept_id
        or Factor.objects.get(pk=merge.kept_id).merged_into_id
    ):
        raise ValidationError(_("Undo the later merge of these factors first."))
    if map_selectors.active_factors(merged.workshop).filter(label__iexact=merged.label).exists():
        raise ValidationError(
            _("A factor called “%(label)s” exists again; rename it before undoing.")
            % {"label": merged.label}
        )
    for move in merge.repointed:
        CausalLink.objects.filter(pk=move["link"]).update(**{f"{move['end']}_id": merged.pk})
    for link in merge.absorbed_links.all():
        clash = CausalLink.objects.filter(
            cause_id=link.cause_id, effect_id=link.effect_id, absorbed_by__isnull=True
        ).exclude(pk=link.pk)
        if clash.exists():
            raise ValidationError(_("A link added since the merge now clashes; remove it first."))
        link.absorbed_by = None
        link.save(update_fields=["absorbed_by"])
    merged.merged_into = None
    merged._history_user = user
    merged.save()
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    _map_changed(merged.workshop_id)
    push_on_commit(partial(broadcasts.causal_map, merged.workshop_id, all_teams=True))


# --- the path to a profession ------------------------------------------------------------


@transaction.atomic
def set_outcome(workshop: Workshop, factor: Factor | None) -> None:
    if factor is not None and (factor.workshop_id != workshop.pk or factor.merged_into_id):
        raise ValidationError({"outcome": _("Choose a factor of this workshop's map.")})
    Workshop.objects.filter(pk=workshop.pk).update(outcome=factor)
    workshop.outcome = factor
    _map_changed(workshop.pk)


@transaction.atomic
def propose_path(workshop: Workshop) -> list[PathStep]:
    """Replace the path by the proposal from the accepted map; role texts already
    written for a factor that stays in the path are kept."""
    if workshop.outcome_id is None:
        raise ValidationError(_("Choose the outcome the path leads to first."))
    factors, edges = map_selectors.graph_data(workshop)
    kinds = {f.pk: f.kind for f in factors}
    graph = map_analysis.build_graph(list(kinds), edges)
    order = map_analysis.propose_path(graph, kinds, workshop.outcome_id)
    kept_text = dict(workshop.path_steps.values_list("factor_id", "role_text"))
    workshop.path_steps.all().delete()
    steps = PathStep.objects.bulk_create(
        PathStep(workshop=workshop, factor_id=f, position=i, role_text=kept_text.get(f, ""))
        for i, f in enumerate(order)
    )
    push_on_commit(partial(broadcasts.causal_map, workshop.pk))
    return steps


@transaction.atomic
def add_path_step(workshop: Workshop, factor: Factor) -> PathStep:
    if factor.workshop_id != workshop.pk or factor.merged_into_id:
        raise ValidationError({"factor": _("Choose a factor of this workshop's map.")})
    if workshop.path_steps.filter(factor=factor).exists():
        raise ValidationError({"factor": _("That factor is already a step.")})
    last = workshop.path_steps.aggregate(last=Max("position"))["last"]
    step = PathStep.objects.create(workshop=workshop, factor=factor, position=(last or 0) + 1)
    push_on_commit(partial(broadcasts.causal_map, workshop.pk))
    return step


@transaction.atomic
def move_path_step(step: PathStep, offset: int) -> None:
    ordering.move(list(step.workshop.path_steps.select_for_update()), step, offset)
    push_on_commit(partial(broadcasts.causal_map, step.workshop_id))


@transaction.atomic
def remove_path_step(step: PathStep) -> None:
    workshop_id = step.workshop_id
    step.delete()
    push_on_commit(partial(broadcasts.causal_map, workshop_id))


def edit_path_role(step: PathStep, value: str, base_version: int, author: Author) -> PathStep:
    with transaction.atomic():
        saved = save_field(step, "role_text", value, base_version, author)
        push_on_commit(partial(broadcasts.causal_map, step.workshop_id))
    return saved
