"""The one-page personal career plan PDF (WeasyPrint, A4).

Rendered from `templates/teams/career_pdf.html` (autoescaped: user text is never
marked safe) with `static/css/career_pdf.css`, in the language active for the
request. The stylesheet is read from disk and handed over as a string; everything
else WeasyPrint may fetch goes through the strategy pack's fetcher, which serves
only the app's own font files — never a URL or file named in user content.

Long lists and texts are cut ("+3 more", "…"). A realistically filled plan fits at the
first budget; a plan filled to every limit with the longest texts is rendered again
with a tighter budget until it fits one page (at most `len(BUDGETS)` renders).
"""

import time
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from strategy.pack import STATIC_DIR, PackURLFetcher

from . import career
from .models import CareerPlan

TEMPLATE = "teams/career_pdf.html"
STYLESHEET = STATIC_DIR / "css" / "career_pdf.css"


@dataclass(frozen=True)
class Budget:
    steps: int
    milestones: int
    statement_chars: int
    title_chars: int


BUDGETS = (Budget(7, 7, 700, 90), Budget(5, 5, 450, 70), Budget(3, 3, 280, 60))


@dataclass
class RenderedCareerPlan:
    pdf: bytes
    pages: int
    seconds: float


def _cut(rows: list, limit: int) -> tuple[list, int]:
    """The first `limit` rows, or `limit - 1` and how many more there are."""
    if len(rows) <= limit:
        return rows, 0
    return rows[: limit - 1], len(rows) - (limit - 1)


def pdf_context(plan: CareerPlan, budget: Budget = BUDGETS[0], page: dict | None = None) -> dict:
    context = page or career.plan_page(plan)
    steps, more_steps = _cut(context["steps"], budget.steps)
    milestones, more_milestones = _cut(context["milestones"], budget.milestones)
    return {
        **context,
        "steps": steps,
        "more_steps": more_steps,
        "milestones": milestones,
        "more_milestones": more_milestones,
        "statement_chars": budget.statement_chars,
        "title_chars": budget.title_chars,
        "rated": [row for row in context["competences"] if row.current or row.target],
        "generated": timezone.localdate(),
    }


def render_html(plan: CareerPlan, budget: Budget = BUDGETS[0], page: dict | None = None) -> str:
    return render_to_string(TEMPLATE, pdf_context(plan, budget, page))


def render_career_pdf(plan: CareerPlan) -> RenderedCareerPlan:
    started = time.perf_counter()
    fetcher = PackURLFetcher()
    fonts = FontConfiguration()
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        base_url=STYLESHEET.parent.as_uri() + "/",
        url_fetcher=fetcher,
        font_config=fonts,
    )
    page = career.plan_page(plan)
    for budget in BUDGETS:
        document = HTML(
            string=render_html(plan, budget, page),
            base_url=STATIC_DIR.as_uri() + "/",
            url_fetcher=fetcher,
        ).render(stylesheets=[stylesheet], font_config=fonts)
        if len(document.pages) == 1:
            break
    return RenderedCareerPlan(
        pdf=document.write_pdf(),
        pages=len(document.pages),
        seconds=time.perf_counter() - started,
    )
