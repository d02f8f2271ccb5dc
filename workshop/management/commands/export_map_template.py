"""Write a workshop's room map as a map template (JSON), to stdout or a file."""

import json

from django.core.management.base import BaseCommand, CommandError

from workshop.map_templates import export_map
from workshop.models import Workshop


class Command(BaseCommand):
    help = (
        "Export a workshop's causal map (topics, active factors, accepted links, outcome) "
        "as a map template. See docs/map-template-format.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop_id", type=int)
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, workshop_id, output, **options):
        workshop = Workshop.objects.filter(pk=workshop_id).first()
        if workshop is None:
            raise CommandError(f"There is no workshop with id {workshop_id}.")
        text = json.dumps(export_map(workshop), indent=2, ensure_ascii=False) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
            self.stderr.write(f"Wrote the map of “{workshop.title}” to {output}.")
        else:
            self.stdout.write(text, ending="")
