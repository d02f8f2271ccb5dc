"""Render the demo company's pack and keep PNGs of its cover and roadmap page.

Called by scripts/pack_preview.sh on a throw-away database already seeded with
`seed_demo`; not meant for the app's own database.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")

import django  # noqa: E402

django.setup()

from strategy.pack import render_pack  # noqa: E402
from teams.models import Company  # noqa: E402
from workshop.management.commands.seed_demo import DEMO_COMPANIES, DEMO_TITLE  # noqa: E402
from workshop.map_services import propose_path  # noqa: E402

DEMO_COMPANY = DEMO_COMPANIES[0][1]  # "Åre Älvdalen Öresund AB"
RESOLUTION = "80"


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(li for li in info.stdout.splitlines() if li.startswith("Pages:")).split()[1])


def png(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            RESOLUTION,
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots/pack")
    out.mkdir(parents=True, exist_ok=True)
    company = Company.objects.get(name=DEMO_COMPANY, team__workshop__title=DEMO_TITLE)
    try:
        from strategy.demo import seed_demo_strategy
    except ImportError:
        print("strategy.demo.seed_demo_strategy is missing: the strategy sections stay empty")
    else:
        seed_demo_strategy(company)
    workshop = company.team.workshop
    if workshop.outcome_id and not workshop.path_steps.exists():
        propose_path(workshop)  # the appendix shows the room's path to a profession

    pack = render_pack(company)
    pdf = out / "pack.pdf"
    with pack.file.open("rb") as source, pdf.open("wb") as target:
        shutil.copyfileobj(source, target)
    pages = page_count(pdf)
    roadmap = next(
        (n for n in range(3, pages + 1) if "05 Initiatives and roadmap" in flat(page_text(pdf, n))),
        None,
    )
    png(pdf, 1, out / "cover.png")
    if roadmap:
        png(pdf, roadmap, out / "roadmap.png")
    print(f"{company.name}: {pages} pages, rendered in {pack.seconds:.2f} s")
    print(f"  {pdf}")
    print(f"  {out / 'cover.png'}")
    print(f"  {out / 'roadmap.png'} (page {roadmap})" if roadmap else "  no roadmap page found")


if __name__ == "__main__":
    main()
