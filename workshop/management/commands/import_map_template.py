"""Add a map template (a JSON file or a bundled template) to a workshop's causal map."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workshop.map_templates import MAX_UPLOAD_BYTES, import_map, load_bundled, parse_upload
from workshop.models import Workshop


class Command(BaseCommand):
    help = (
        "Import a map template into a workshop: a JSON file, or the name of a bundled "
        "template such as pmo-profession-demo. All or nothing; problems are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop_id", type=int)
        parser.add_argument("template", help="a .json file, or a bundled template's name")

    def handle(self, *args, workshop_id, template, **options):
        workshop = Workshop.objects.filter(pk=workshop_id).first()
        if workshop is None:
            raise CommandError(f"There is no workshop with id {workshop_id}.")
        try:
            data = self._load(template)
            counts = import_map(workshop, data)
        except ValidationError as error:
            problems = "\n".join(f"  - {message}" for message in error.messages)
            raise CommandError(
                f"Nothing was imported into “{workshop.title}”:\n{problems}"
            ) from error
        workshop.refresh_from_db()
        outcome = f" Outcome: “{workshop.outcome.label}”." if workshop.outcome else ""
        self.stdout.write(
            f"Imported {counts['topics']} topics, {counts['factors']} factors and "
            f"{counts['links']} links into “{workshop.title}”.{outcome}"
        )

    def _load(self, template: str) -> dict:
        path = Path(template)
        if path.is_file():
            with path.open("rb") as file:
                return parse_upload(file.read(MAX_UPLOAD_BYTES + 1))
        if path.suffix or len(path.parts) > 1:
            raise CommandError(f"There is no file {template}.")
        return load_bundled(template)
