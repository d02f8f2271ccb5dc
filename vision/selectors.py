"""Reads for company visions: the editor, the gallery and the projector."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from teams import editables
from teams import part2_selectors as team_selectors
from teams.models import Company, Service
from teams.models.maturity import LEVEL_NAMES

from .models import Finding, Showcase, Target, Vision


def fresh_vision(pk: int) -> Vision:
    return (
        Vision.objects.select_related("company__team__workshop__current_phase")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("dimension")))
        .get(pk=pk)
    )


@dataclass
class JumpRow:
    """One dimension: where the company is today and where its vision aims."""

    dimension: object
    today: int | None
    target: int | None
    choice: editables.LiveChoice

    @property
    def jump(self) -> int | None:
        if self.today is None or self.target is None:
            return None
        return self.target - self.today

    @property
    def today_name(self) -> str:
        return str(LEVEL_NAMES[self.today]) if self.today else ""


def _today_levels(company: Company) -> dict[int, int | None]:
    baseline = company.primary_baseline()
    if baseline is None:
        return {}
    return dict(baseline.assessments.values_list("dimension_id", "level"))


def jump(vision: Vision) -> dict:
    today = _today_levels(vision.company)
    rows = [
        JumpRow(
            dimension=t.dimension,
            today=today.get(t.dimension_id),
            target=t.level,
            choice=editables.live_choice(
                "target", t, "level", reference=str(today.get(t.dimension_id) or "")
            ),
        )
        for t in vision.targets.all()
    ]
    return {
        "vision": vision,
        "jump_rows": rows,
        "jump_radar": jump_radar(vision, rows),
        "targets_set": sum(1 for r in rows if r.target is not None),
    }


def jump_radar(vision: Vision, rows: list[JumpRow], *, size: int = 380) -> str:
    from teams.radar import Series, radar_svg

    return radar_svg(
        [r.dimension.label for r in rows],
        [
            Series(_("Today"), [r.today for r in rows], style="muted"),
            Series(
                _("Vision %(year)s") % {"year": vision.target_year or ""},
                [r.target for r in rows],
                style="primary",
            ),
        ],
        size=size,
        title=_("%(company)s: today and the vision") % {"company": vision.company.name},
    )


def vision_services(vision: Vision) -> dict:
    chosen = set(vision.services.values_list("pk", flat=True))
    baseline = vision.company.primary_baseline()
    today = set(baseline.services.values_list("pk", flat=True)) if baseline else set()
    company = vision.company
    return {
        "vision": vision,
        "company": company,
        "team": company.team,
        "workshop": company.team.workshop,
        "services": [
            (service, service.pk in chosen, service.pk in today)
            for service in Service.objects.filter(workshop_id=company.team.workshop_id)
        ],
        "readonly": _locked(vision),
    }


def vision_findings(vision: Vision) -> dict:
    chosen = set(vision.findings.values_list("pk", flat=True))
    company = vision.company
    revealed = Finding.objects.filter(
        workshop_id=company.team.workshop_id, revealed_at__isnull=False
    ).order_by("position", "id")
    return {
        "vision": vision,
        "company": company,
        "team": company.team,
        "workshop": company.team.workshop,
        "findings": [(f, f.pk in chosen) for f in revealed],
        "readonly": _locked(vision),
    }


def _locked(vision: Vision) -> bool:
    phase = vision.company.team.workshop.current_phase
    return bool(phase and phase.locked)


VISION_TEXT_FIELDS = ("statement", "target_year", "success")


def vision_page(vision: Vision) -> dict:
    company = vision.company
    return {
        **team_selectors.company_header(company),
        **jump(vision),
        **vision_services(vision),
        **vision_findings(vision),
        "text_fields": {
            name: editables.live_field("vision", vision, name) for name in VISION_TEXT_FIELDS
        },
        "pmo_type": editables.live_choice("vision", vision, "pmo_type"),
        "pmo_scope": editables.live_choice("vision", vision, "scope"),
    }


def vision_fragments(company: Company) -> list[tuple[str, dict]]:
    """Everything live on the vision page, for a (re)connecting screen."""
    vision = Vision.objects.filter(company=company).first()
    if vision is None:
        return [("teams/_company.html#company-header", team_selectors.company_header(company))]
    page = vision_page(fresh_vision(vision.pk))
    parts: list[tuple[str, dict]] = [
        ("teams/_company.html#company-header", page),
        ("vision/company_vision.html#vision-jump", page),
        ("vision/company_vision.html#vision-services", page),
        ("vision/company_vision.html#vision-findings", page),
        ("live/choice.html", {"c": page["pmo_type"]}),
        ("live/choice.html", {"c": page["pmo_scope"]}),
    ]
    parts += [("live/field.html", {"f": f}) for f in page["text_fields"].values()]
    return parts


# --- the gallery (projector, Part 2c) ----------------------------------------------


def written_visions(workshop) -> list[Vision]:
    return [
        v
        for v in Vision.objects.filter(
            company__team__workshop=workshop, company__removed_at__isnull=True
        )
        .exclude(statement="")
        .select_related("company__team")
        .order_by("company__team__position", "company__team_id", "company__position", "pk")
        if v.is_written
    ]


def gallery(workshop) -> dict:
    showcase = Showcase.objects.filter(workshop=workshop).select_related("spotlight").first()
    visions = written_visions(workshop)
    spotlight = None
    if showcase and showcase.spotlight_id in {v.pk for v in visions}:
        vision = fresh_vision(showcase.spotlight_id)
        spotlight = {
            "vision": vision,
            "position": [v.pk for v in visions].index(vision.pk) + 1,
            "radar": jump_radar(vision, jump(vision)["jump_rows"], size=460),
            "findings": list(vision.findings.order_by("position")),
        }
    return {"workshop": workshop, "visions": visions, "spotlight": spotlight}


def gallery_stage(workshop) -> dict:
    return {**team_selectors.progress(workshop), **gallery(workshop)}
