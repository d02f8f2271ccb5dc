"""Write a whole workshop (or a template of it) as a workshop file, to stdout or a file."""

from django.core.management.base import BaseCommand, CommandError

from workshop import exchange
from workshop.models import Workshop


class Command(BaseCommand):
    help = (
        "Export a whole workshop as JSON (agenda, framework, map, findings, teams, companies "
        "and their baselines, visions and strategies). See docs/workshop-format.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop_id", type=int)
        parser.add_argument(
            "--template",
            action="store_true",
            help="leave out teams, attendees and their work (a starting point for a new event)",
        )
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, workshop_id, template, output, **options):
        workshop = Workshop.objects.filter(pk=workshop_id).first()
        if workshop is None:
            raise CommandError(f"There is no workshop with id {workshop_id}.")
        text = exchange.dumps(exchange.export_workshop(workshop, template=template))
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
            what = "a template of" if template else "the whole of"
            self.stderr.write(f"Wrote {what} “{workshop.title}” to {output}.")
        else:
            self.stdout.write(text, ending="")
