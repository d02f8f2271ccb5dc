"""Seed a demo workshop (idempotent) and print the URLs to open.

The demo content is illustrative, written for this project: no real company,
no survey figures.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from teams import services as team_services
from teams.models import Team
from workshop import map_templates, services
from workshop.editing import Author
from workshop.models import Workshop

DEMO_TITLE = "PMO as a Profession — Vision & Strategy (demo)"
DEMO_PASSWORD = "workshop-demo"

DEMO_TEAMS = {
    "Team Aurora": {
        "members": ["Anna Lindqvist", "Jonas Berg"],
        "notes": (
            "Illustrative notes (demo content).\n"
            "- Career paths for PMO staff are unclear in most of our organisations.\n"
            "- Idea: a shared competence ladder from PMO analyst to PMO director."
        ),
    },
    "Team Birka": {
        "members": ["Sara Öberg", "Erik Åström"],
        "notes": (
            "Illustrative notes (demo content).\n"
            "- Enabler: a professional community that meets regularly."
        ),
    },
    "Team Cirrus": {"members": ["Maria Ek"], "notes": ""},
}


class Command(BaseCommand):
    help = "Create the demo workshop with teams and a little content, then print the URLs."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url, **options):
        base_url = base_url.rstrip("/")
        with transaction.atomic():
            facilitator = self._user("facilitator", "Demo Facilitator")
            organiser = self._user("organiser", "Demo Organiser")
            workshop = Workshop.objects.filter(title=DEMO_TITLE).first()
            if workshop is None:
                workshop = self._create(facilitator)
            workshop.organisers.add(organiser)
            if not workshop.joining_open:
                services.set_joining_open(workshop, True)

        login = f"{base_url}{reverse('login')}"
        lines = [
            "",
            "Demo workshop ready (demo content is illustrative).",
            f"  Facilitator login : {login}   user: facilitator   password: {DEMO_PASSWORD}",
            f"  Organiser login   : {login}   user: organiser     password: {DEMO_PASSWORD}",
            f"  Console           : {base_url}{reverse('workshop:console', args=[workshop.pk])}",
            f"  Projector         : {base_url}{reverse('workshop:projector', args=[workshop.pk])}",
            f"  Attendees join at : {base_url}{reverse('join')}   code: {workshop.display_code}",
            f"  Direct join link  : {base_url}{reverse('join_code', args=[workshop.code])}",
            "",
        ]
        self.stdout.write("\n".join(lines))

    def _user(self, username: str, full_name: str):
        first, last = full_name.split(" ", 1)
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _create(self, facilitator) -> Workshop:
        today = timezone.localdate()
        workshop = services.create_workshop(
            title=DEMO_TITLE, date=today, venue="Demo room", created_by=facilitator
        )
        for name, spec in DEMO_TEAMS.items():
            team = team_services.create_team(workshop, name)
            members = [
                team_services.join_workshop(workshop, display_name=member, team=team)
                for member in spec["members"]
            ]
            if spec["notes"]:
                team = Team.objects.get(pk=team.pk)
                team_services.edit_team_field(
                    team, "notes", spec["notes"], team.version, Author(participant=members[0])
                )
        # Part 1 starts from the illustrative demo map; each team gets one topic.
        map_templates.import_map(workshop, map_templates.load_bundled("pmo-profession-demo"))
        topics = list(workshop.topics.all())
        for index, team in enumerate(workshop.teams.all()):
            team.topics.set([topics[index % len(topics)]])
        return workshop
