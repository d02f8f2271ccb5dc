"""The room's anonymised maturity profile, and how it compares with reference sets.

Figures come from each company's *primary* baseline only (one voice per company),
across every team of the workshop. Per dimension: how many companies set a level
(n), the mean, the spread as the population standard deviation (the room is the
whole population we describe, not a sample), min and max. A dimension's figures
are shown only once MIN_COMPANIES companies have a level for it, so nobody can
read one company's answer off the projector.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from workshop import live
from workshop.models import Workshop

from .models import Assessment, Dimension, ReferenceSet
from .radar import Series, radar_svg

MIN_COMPANIES = 3


@dataclass(frozen=True)
class DimensionStats:
    dimension: Dimension
    n: int  # companies with a level for this dimension
    mean: float | None = None
    spread: float | None = None  # population standard deviation
    min: int | None = None
    max: int | None = None

    @property
    def shown(self) -> bool:
        return self.n >= MIN_COMPANIES

    @property
    def waiting_for(self) -> int:
        """How many more companies are needed before the figures show."""
        return max(0, MIN_COMPANIES - self.n)


@dataclass(frozen=True)
class RoomProfile:
    dimensions: list[DimensionStats] = field(default_factory=list)
    companies: int = 0  # companies with at least one level in their primary baseline

    @property
    def any_shown(self) -> bool:
        return any(d.shown for d in self.dimensions)


def room_profile(workshop: Workshop) -> RoomProfile:
    dimensions = list(Dimension.objects.filter(framework__workshop=workshop))
    levels = Assessment.objects.filter(
        baseline__is_primary=True,
        baseline__removed_at__isnull=True,
        baseline__company__removed_at__isnull=True,
        baseline__company__team__workshop=workshop,
        dimension__framework__workshop=workshop,
        level__isnull=False,
    ).values_list("baseline__company_id", "dimension_id", "level")
    by_dimension: dict[int, list[int]] = defaultdict(list)
    companies = set()
    for company_id, dimension_id, level in levels:
        by_dimension[dimension_id].append(level)
        companies.add(company_id)
    return RoomProfile(
        dimensions=[_stats(d, by_dimension.get(d.pk, [])) for d in dimensions],
        companies=len(companies),
    )


def _stats(dimension: Dimension, levels: list[int]) -> DimensionStats:
    if not levels:
        return DimensionStats(dimension=dimension, n=0)
    return DimensionStats(
        dimension=dimension,
        n=len(levels),
        mean=statistics.fmean(levels),
        spread=statistics.pstdev(levels),
        min=min(levels),
        max=max(levels),
    )


@dataclass(frozen=True)
class ReferenceColumn:
    reference_set: ReferenceSet
    label: str  # "Sweden (illustrative)"
    means: list[float | None]  # in the order of the profile's dimensions


def shown_reference_columns(
    workshop: Workshop, dimensions: list[Dimension]
) -> list[ReferenceColumn]:
    columns = []
    sets = live.read_once(
        ("shown_reference_sets", workshop.pk),
        lambda: list(
            ReferenceSet.objects.filter(workshop=workshop, shown=True).prefetch_related("values")
        ),
    )
    for reference_set in sets:
        by_dimension = {v.dimension_id: float(v.mean) for v in reference_set.values.all()}
        columns.append(
            ReferenceColumn(
                reference_set=reference_set,
                label=reference_label(reference_set),
                means=[by_dimension.get(d.pk) for d in dimensions],
            )
        )
    return columns


def reference_label(reference_set: ReferenceSet) -> str:
    """The set's name, marked "(illustrative)" unless its name already says so."""
    name = reference_set.name
    if reference_set.illustrative and "illustrativ" not in name.casefold():  # en or sv
        return _("%(name)s (illustrative)") % {"name": name}
    return name


def room_profile_context(workshop: Workshop) -> dict:
    """What `teams/room_profile.html#room-profile` needs (projector, console, set-up page)."""
    profile = live.read_once(("room_profile", workshop.pk), lambda: room_profile(workshop))
    dimensions = [d.dimension for d in profile.dimensions]
    columns = shown_reference_columns(workshop, dimensions)
    room = Series(
        _("This room"),  # the band is ± 1 standard deviation, as the header says
        [d.mean if d.shown else None for d in profile.dimensions],
        style="primary",
        spread=[d.spread if d.shown else None for d in profile.dimensions],
    )
    references = [Series(c.label, c.means, style="reference") for c in columns]
    # The room's figures also sit under each axis name: the projector shows no table.
    notes = [
        f"{number_format(d.mean, 1)} ± {number_format(d.spread, 1)}" if d.shown else ""
        for d in profile.dimensions
    ]
    radar = radar_svg(
        [d.label for d in dimensions],
        [room, *references],
        size=560,  # wider than tall, like the projector's column
        label_scale=1.5,
        title=_("Maturity profile of the room compared with reference sets"),
        axis_notes=notes,
    )
    rows = [
        {"stats": stats, "references": [c.means[i] for c in columns]}
        for i, stats in enumerate(profile.dimensions)
    ]
    return {
        "room_profile": profile,
        "room_profile_rows": rows,
        "room_reference_columns": columns,
        "room_radar": radar,
        "room_min_companies": MIN_COMPANIES,
        "room_has_illustrative": any(c.reference_set.illustrative for c in columns),
    }


def room_profile_pushes(workshop_id: int) -> Iterator[tuple[str, str, str | None]]:
    """The room comparison, after a baseline or a reference set changed: projector, console."""
    workshop = live.read_once(
        ("workshop", workshop_id), lambda: Workshop.objects.filter(pk=workshop_id).first()
    )
    if workshop is None:
        return
    html = live.render_fragment(
        "teams/room_profile.html#room-profile", room_profile_context(workshop)
    )
    yield live.projector_group(workshop_id), html, None
    yield live.page_group("benchmarks", workshop_id), html, None
