"""Import a workshop file as a new workshop: all or nothing, problems listed."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from workshop import exchange


class Command(BaseCommand):
    help = (
        "Import a workshop file (from export_workshop or the console) as a new workshop. "
        "The file is checked as a whole first; a file with problems imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a workshop .json file")
        parser.add_argument(
            "--user", help="username who becomes the new workshop's facilitator and organiser"
        )

    def handle(self, *args, file, user, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"There is no user called {user!r}.")
        try:
            with open(file, "rb") as handle:
                raw = handle.read(exchange.max_bytes() + 1)  # never more than the cap
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from error
        try:
            workshop = exchange.import_workshop(exchange.parse(raw), user=account)
        except ValidationError as error:
            problems = "\n".join(f"  - {m}" for m in exchange.shown(error.messages, limit=50))
            raise CommandError(f"Nothing was imported from {file}:\n{problems}") from error
        self.stdout.write(f"Imported “{workshop.title}” as workshop {workshop.pk}.")
        self.stdout.write(f"  Console: {reverse('workshop:console', args=[workshop.pk])}")
        if account is None:
            self.stdout.write(
                "  Nobody facilitates it yet: add a facilitator in the admin, or import "
                "again with --user USERNAME."
            )
