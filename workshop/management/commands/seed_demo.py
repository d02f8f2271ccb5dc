"""Seed a demo workshop (idempotent) and print the URLs to open.

The demo content is illustrative, written for this project: no real company,
no survey figures.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from strategy.demo import demo_text
from teams import services as team_services
from teams.career import demo_private_path, seed_demo_career
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


# Illustrative demo companies: made-up names and levels, not data about real firms.
DEMO_COMPANIES = [
    (
        "Team Aurora",
        "Åre Älvdalen Öresund AB",
        [2, 2, 1, 3, 2, 1, 2, 2],
        {
            "pmo_type": "controlling",
            "scope": "portfolio",
            "size": "5 people, 2 of them part time",
            "sponsor": "CFO",
            "strengths": "Monthly portfolio report everyone reads.",
            "pain_points": "Too many projects started, too few finished.",
        },
    ),
    ("Team Aurora", "Nordvind Energi", [3, 3, 2, 2, 3, 2, 3, 2], {"pmo_type": "supportive"}),
    ("Team Birka", "Västra stadsförvaltningen", [2, 3, 2, 1, 2, 1, 3, 1], {"scope": "programme"}),
    ("Team Cirrus", "Cirrus Logistik AB", [1, 2, 2, 2, 1, 1, 2, 2], {"pmo_type": "supportive"}),
]
DEMO_VISION = (
    "By 2029 our PMO is the strategy-execution office of the group: it helps the "
    "executive team choose fewer, better investments and shows every month what they deliver."
)
DEMO_SUCCESS = (
    "Every investment decision uses one portfolio view.\n"
    "Benefits are tracked after projects close.\n"
    "Project managers have a career path up to PMO director."
)


class Command(BaseCommand):
    help = "Create the demo workshop with teams and a little content, then print the URLs."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The demo workshop's language: its agenda, framework, map and content.",
        )

    def handle(self, *args, base_url, language, **options):
        base_url = base_url.rstrip("/")
        self.language = language
        with transaction.atomic():
            facilitator = self._user("facilitator", "Demo Facilitator")
            organiser = self._user("organiser", "Demo Organiser")
            workshop = Workshop.objects.filter(title=self._t(DEMO_TITLE)).first()
            if workshop is None:
                workshop = self._create(facilitator)
            workshop.organisers.add(organiser)
            if not workshop.joining_open:
                services.set_joining_open(workshop, True)

        login = f"{base_url}{reverse('login')}"
        career = [path for path in [demo_private_path(workshop)] if path]
        lines = [
            "",
            f"Demo workshop ready in {dict(settings.LANGUAGES)[language]}"
            " (demo content is illustrative).",
            f"  Facilitator login : {login}   user: facilitator   password: {DEMO_PASSWORD}",
            f"  Organiser login   : {login}   user: organiser     password: {DEMO_PASSWORD}",
            f"  Console           : {base_url}{reverse('workshop:console', args=[workshop.pk])}",
            f"  Projector         : {base_url}{reverse('workshop:projector', args=[workshop.pk])}",
            f"  Strategy packs    : {base_url}{reverse('strategy:packs', args=[workshop.pk])}",
            f"  Attendees join at : {base_url}{reverse('join')}   code: {workshop.display_code}",
            f"  Direct join link  : {base_url}{reverse('join_code', args=[workshop.code])}",
            *[f"  A career plan     : {base_url}{path}   (private link)" for path in career],
            "",
        ]
        self.stdout.write("\n".join(lines))

    def _t(self, text: str) -> str:
        return demo_text(text, self.language)

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
            title=self._t(DEMO_TITLE),
            date=today,
            venue=self._t("Demo room"),
            language=self.language,
            created_by=facilitator,
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
                    team,
                    "notes",
                    self._t(spec["notes"]),
                    team.version,
                    Author(participant=members[0]),
                )
        # Part 1 starts from the illustrative demo map; each team gets one topic.
        map_templates.import_map(
            workshop, map_templates.load_bundled("pmo-profession-demo", self.language)
        )
        topics = list(workshop.topics.all())
        for index, team in enumerate(workshop.teams.all()):
            team.topics.set([topics[index % len(topics)]])
        self._part2(workshop)
        seed_demo_career(workshop, self._t)  # the first attendee's private career plan
        return workshop

    def _part2(self, workshop) -> None:
        """Companies with illustrative baselines (one with a vision), the illustrative
        reference sets and Vision 2030 findings."""
        from strategy.demo import seed_demo_strategy
        from teams import companies
        from teams.benchmarks import demo_reference_bytes, import_reference_csv
        from teams.models import Assessment
        from vision.briefing import load_demo_findings
        from vision.services import ensure_vision

        teams = {team.name: team for team in workshop.teams.all()}
        for team_name, company_name, levels, fields in DEMO_COMPANIES:
            team = teams[team_name]
            author = Author(participant=team.participants.first())
            company = companies.create_company(team, company_name, author)
            baseline = company.primary_baseline()
            for assessment, level in zip(
                Assessment.objects.filter(baseline=baseline), levels, strict=False
            ):
                assessment.level = level
                assessment.save(update_fields=["level"])
            for name, value in fields.items():
                setattr(baseline, name, self._t(value))
            baseline.save()
            baseline.services.set(workshop.services.all()[:3])
        import_reference_csv(workshop, demo_reference_bytes(self.language))
        load_demo_findings(workshop)
        aurora = teams["Team Aurora"].companies.first()
        vision = ensure_vision(aurora)
        vision.statement = self._t(DEMO_VISION)
        vision.success = self._t(DEMO_SUCCESS)
        vision.save()
        seed_demo_strategy(aurora)
