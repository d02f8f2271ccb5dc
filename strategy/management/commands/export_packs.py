"""Write every active company's strategy pack of a workshop to a folder.

    manage.py export_packs <workshop_id> <folder>

One `<team>-<company>.pdf` per company (ASCII names); unchanged packs come from
the cache, so running it twice is quick.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from strategy.pack import render_pack
from strategy.pack_exports import unique_names, workshop_companies
from workshop.models import Workshop


class Command(BaseCommand):
    help = "Write the strategy pack (PDF) of every company of a workshop to a folder."

    def add_arguments(self, parser):
        parser.add_argument("workshop_id", type=int)
        parser.add_argument("folder", type=Path)

    def handle(self, *args, workshop_id: int, folder: Path, **options):
        workshop = Workshop.objects.filter(pk=workshop_id).first()
        if workshop is None:
            raise CommandError(f"No workshop with id {workshop_id}.")
        folder.mkdir(parents=True, exist_ok=True)
        companies = list(workshop_companies(workshop))
        if not companies:
            self.stdout.write(f"“{workshop.title}” has no companies: nothing to write.")
            return
        started = time.perf_counter()
        for company, name in unique_names(companies):
            began = time.perf_counter()
            pack = render_pack(company)
            with pack.file.open("rb") as source:
                (folder / name).write_bytes(source.read())
            self.stdout.write(
                f"{name}  {pack.pages} pages  {time.perf_counter() - began:.2f} s"
                f"  ({company.team.name} · {company.name})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(companies)} packs written to {folder} in "
                f"{time.perf_counter() - started:.1f} s."
            )
        )
