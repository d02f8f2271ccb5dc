"""The strategy pack: one company's baseline, vision and strategy as an A4 PDF.

Rendered by WeasyPrint from `templates/strategy/pack.html` (autoescaped: user
text is never marked safe) and `static/css/pack.css`. Charts are SVG drawn by our
own code, which escapes every label. WeasyPrint may fetch only the pack's own
stylesheet and fonts from disk (`safe_url_fetcher`); any other URL — whatever
user text might name — is refused.

Packs are cached by content: `content_hash` covers everything the pack shows, so
an unchanged company is served from its stored file and never rendered twice.
"""

import datetime
import hashlib
import json
import logging
import mimetypes
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from teams.models import Company
from teams.models.maturity import LEVELS
from teams.radar import Series, radar_svg
from workshop.map_views_context import room_map_svg

from . import selectors
from .models import PackRender, quarter_label
from .pack_data import PackData, gather

logger = logging.getLogger(__name__)

# Bump when the pack's layout changes in a way its template and stylesheet files
# do not show (e.g. a chart drawn differently): every pack is then rendered afresh.
PACK_TEMPLATE_VERSION = "2025-06-pack-1"
TEMPLATE = "strategy/pack.html"
STATIC_DIR = Path(settings.BASE_DIR) / "static"
FONTS_DIR = STATIC_DIR / "fonts"
STYLESHEET = STATIC_DIR / "css" / "pack.css"
FONT_SUFFIXES = {".woff2", ".woff", ".ttf", ".otf"}
KEEP_RENDERS = 3  # per company: older files are deleted


class RefusedURL(ValueError):
    """A URL the pack renderer will not fetch."""


# --- what WeasyPrint may read -------------------------------------------------------------


def _allowed_path(url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    if path == STYLESHEET.resolve():
        return path
    if path.parent == FONTS_DIR.resolve() and path.suffix in FONT_SUFFIXES and path.is_file():
        return path
    return None


def safe_url_fetcher(url: str) -> URLFetcherResponse:
    """Serves the pack's stylesheet and the app's own font files; refuses every other
    URL — http(s), data:, any other file — by raising RefusedURL (WeasyPrint then
    leaves the resource out and logs it)."""
    path = _allowed_path(url)
    if path is None:
        raise RefusedURL(f"The strategy pack does not fetch {url[:200]!r}")
    content_type = "text/css" if path.suffix == ".css" else mimetypes.guess_type(path.name)[0]
    return URLFetcherResponse(
        url, path.read_bytes(), headers={"Content-Type": content_type or "font/woff2"}
    )


class PackURLFetcher(URLFetcher):
    """WeasyPrint's fetcher interface around `safe_url_fetcher`, with no network handlers."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url, headers=None):
        return safe_url_fetcher(url)


# --- what the pack shows -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _layout_digest() -> str:
    """The template and stylesheet as they are on disk: editing either renders packs anew."""
    from django.template.loader import get_template

    template = Path(get_template(TEMPLATE).origin.name)
    digest = hashlib.sha256()
    for path in (template, STYLESHEET):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(company: Company, data: PackData | None = None) -> str:
    """sha256 over a canonical JSON of everything the pack shows, the layout's version
    and the room map's version."""
    data = data or gather(company)
    payload = {
        "version": PACK_TEMPLATE_VERSION,
        "layout": _layout_digest(),
        "map_version": data.map_version,
        "data": data.as_json_data(),
    }
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _reference_label(name: str, illustrative: bool) -> str:
    if illustrative and "illustrativ" not in name.lower():  # English or Swedish
        return _("%(name)s (illustrative)") % {"name": name}
    return name


def _charts(company: Company, data: PackData) -> dict:
    axes = [row.label for row in data.dimensions]
    today = [row.today for row in data.dimensions]
    targets = [row.target for row in data.dimensions]
    baseline_label = data.baseline.label if data.baseline else _("Baseline")
    year = (data.vision.target_year if data.vision else None) or data.horizon_year
    baseline_chart = radar_svg(
        axes,
        [Series(_("Today: %(label)s") % {"label": baseline_label}, today, style="primary")]
        + [
            Series(_reference_label(r.name, r.illustrative), r.means, style="reference")
            for r in data.references
        ],
        size=460,
        title=_("Maturity profile of %(company)s") % {"company": data.company},
    )
    vision_chart = radar_svg(
        axes,
        [
            Series(_("Today"), today, style="muted"),
            Series(_("Vision %(year)s") % {"year": year}, targets, style="primary"),
        ],
        size=460,
        title=_("%(company)s: today and the vision") % {"company": data.company},
    )
    workshop = company.team.workshop
    return {
        "baseline_chart": baseline_chart,
        "vision_chart": vision_chart,
        # The strategy page's own chart, from the same snapshot: the pack shows what the team saw.
        "roadmap_chart": selectors.roadmap(data.snapshot) if data.initiatives else "",
        "map_chart": room_map_svg(workshop),
    }


def pack_context(company: Company, data: PackData | None = None) -> dict:
    data = data or gather(company)
    dims = data.dimensions
    with_gap = [row for row in dims if row.gap is not None]
    by_name = {row.name: row for row in dims}
    gap_rows = [by_name[name] for name in data.priority_order]  # as on the strategy page
    quarters = [i.start_quarter for i in data.initiatives if i.start_quarter] + [
        i.end_quarter for i in data.initiatives if i.end_quarter
    ]
    return {
        "pack": data,
        "workshop_date": datetime.date.fromisoformat(data.workshop_date),
        "levels": LEVELS,
        **_charts(company, data),
        "glance": {
            "today_mean": _mean([row.today for row in dims]),
            "target_mean": _mean([row.target for row in dims]),
            "gaps_open": sum(1 for row in with_gap if row.gap > 0),
            "gaps_high": sum(1 for row in with_gap if row.gap > 0 and row.priority == 1),
            "initiatives": len(data.initiatives),
            "span": (quarter_label(min(quarters)), quarter_label(max(quarters)))
            if quarters
            else None,
            "kpis": len(data.kpis),
            "goals": len(data.goals),
            "target_year": (data.vision.target_year if data.vision else None) or data.horizon_year,
        },
        "gap_rows": gap_rows,
        "top_gaps": [row for row in gap_rows if row.gap and row.gap > 0][:4],
        "first_initiatives": sorted(
            (i for i in data.initiatives if i.start_quarter is not None),
            key=lambda i: (i.start_quarter, i.number),
        )[:4],
        "has_illustrative_references": any(r.illustrative for r in data.references),
        "has_illustrative_findings": bool(
            data.vision and any(f["illustrative"] for f in data.vision.findings)
        ),
    }


def _mean(values) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


# --- rendering -----------------------------------------------------------------------------


@dataclass
class RenderedPack:
    pdf: bytes
    pages: int
    seconds: float


def render_html(company: Company, data: PackData | None = None) -> str:
    data = data or gather(company)
    with translation.override(data.language):
        return render_to_string(TEMPLATE, pack_context(company, data))


def render_pdf(company: Company, data: PackData | None = None) -> RenderedPack:
    """Renders the pack now, whatever the cache holds."""
    started = time.perf_counter()
    data = data or gather(company)
    html = render_html(company, data)
    document = HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=PackURLFetcher()
    ).render()
    pdf = document.write_pdf()
    return RenderedPack(pdf=pdf, pages=len(document.pages), seconds=time.perf_counter() - started)


def _file_present(render: PackRender) -> bool:
    return bool(render.file) and render.file.storage.exists(render.file.name)


def render_pack(company: Company, language: str | None = None) -> PackRender:
    """The company's current pack: the stored one when nothing it shows has changed,
    else rendered now and stored (`packs/<company>/<hash>.pdf`)."""
    data = gather(company, language)
    digest = content_hash(company, data)  # the language is part of the data
    existing = PackRender.objects.filter(company=company, content_hash=digest).first()
    if existing is not None and _file_present(existing):
        return existing

    rendered = render_pdf(company, data)
    content = ContentFile(rendered.pdf)
    if existing is not None:  # the row survived but its file is gone: render again
        existing.pages, existing.seconds = rendered.pages, rendered.seconds
        existing.file.save(f"{digest}.pdf", content)
        return existing
    render = PackRender(
        company=company, content_hash=digest, pages=rendered.pages, seconds=rendered.seconds
    )
    try:
        with transaction.atomic():
            render.file.save(f"{digest}.pdf", content)
    except IntegrityError:
        # Rendered at the same moment by another request: keep theirs.
        render.file.delete(save=False)
        return PackRender.objects.get(company=company, content_hash=digest)
    _prune(company)
    return render


def _prune(company: Company) -> None:
    for old in PackRender.objects.filter(company=company).order_by("-created_at", "-pk")[
        KEEP_RENDERS:
    ]:
        old.file.delete(save=False)
        old.delete()
