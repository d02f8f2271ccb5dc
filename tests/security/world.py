"""One rich fixture world for the security sweep: everything a URL or socket can name.

Workshop W (facilitated by `facilitator`, organised also by `organiser`) has teams A and
B with one attendee each; team A owns a company with every Part 2/3 row, attendee A owns
a filled career plan, and W has map factors, links, merges, path steps, findings, topics,
reference sets and a finished pack export. Workshop W2 belongs to `other_facilitator`.
Removed rows exist beside active ones, so every restore URL has something to restore.
"""

import io
import zipfile
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from strategy import services as strategy_services
from strategy.models import Gap, PackExport
from strategy.pack import render_pack
from teams import career, companies, topics
from teams import services as team_services
from teams.benchmarks import import_demo_sets
from teams.models import Company, Participant, Service, Team
from vision import briefing
from vision.services import ensure_vision
from workshop import exchange, map_services, map_templates
from workshop.access import remember_participant
from workshop.editing import Author
from workshop.hosting_services import submit_hosting_request
from workshop.models import CausalLink, Factor, Workshop

from ..career_factories import filled_plan, remove_a_step_and_a_milestone
from ..factories import UserFactory, WorkshopFactory

ROLES = ("anonymous", "attendee_a", "attendee_b", "other_facilitator", "organiser", "facilitator")


def png_bytes(size=(24, 16)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def user_session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def new_session():
    """An empty session of the configured engine, as a browser's first request gets."""
    return import_module(settings.SESSION_ENGINE).SessionStore()


@dataclass
class World:
    workshop: Workshop
    other_workshop: Workshop
    team_a: Team
    team_b: Team
    attendee_a: Participant
    attendee_b: Participant
    users: dict
    sessions: dict  # role → session key ("" for anonymous)
    ids: dict = field(default_factory=dict)  # what URL kwargs and POST data point at
    versions: dict = field(default_factory=dict)
    template_json: bytes = b""  # W exported as a template: a valid import file
    state: dict = field(default_factory=dict)  # conftest.db_state() right after building

    def client(self, role: str, **defaults) -> Client:
        """A fresh browser of `role` (its saved session, nothing else)."""
        browser = Client(**defaults)
        if self.sessions.get(role):
            browser.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return browser


def _map(world: World, facilitator) -> None:
    workshop, team_a = world.workshop, world.team_a
    map_templates.import_map(workshop, map_templates.load_bundled("pmo-profession-demo", "en"))
    topic_list = list(workshop.topics.order_by("position", "pk"))
    team_a.topics.set(topic_list[:2])
    world.team_b.topics.set(topic_list[2:3] or topic_list[:1])
    author_a = Author(participant=world.attendee_a)
    mine = map_services.add_factor(
        workshop,
        label="Team A's own factor",
        kind=Factor.Kind.ENABLER,
        topic=topic_list[0],
        team=team_a,
        author=author_a,
    )
    factors = list(
        Factor.objects.filter(workshop=workshop, merged_into__isnull=True).order_by("pk")
    )
    pending = map_services.add_link(
        workshop,
        cause=mine,
        effect=factors[0],
        polarity=1,
        strength=2,
        team=team_a,
        author=author_a,
    )
    duplicate = map_services.add_factor(
        workshop,
        label="A factor to merge",
        kind=Factor.Kind.ENABLER,
        topic=None,
        author=Author(user=facilitator),
    )
    merge = map_services.merge_factors(factors[1], duplicate, user=facilitator)
    accepted = CausalLink.objects.filter(workshop=workshop, status=CausalLink.Status.ACCEPTED)
    outcome = accepted.order_by("pk").first().effect
    map_services.set_outcome(workshop, outcome)
    steps = map_services.propose_path(workshop)
    if not steps:
        steps = [map_services.add_path_step(workshop, factors[2])]
    world.ids.update(
        topic=topic_list[0].pk,
        topic_b=topic_list[-1].pk,
        factor=factors[3].pk,
        factor_2=factors[4].pk,
        factor_3=factors[5].pk,
        team_factor=mine.pk,
        link=pending.pk,
        merge=merge.pk,
        path_step=steps[0].pk,
    )
    world.versions.update(factor=factors[3].version, path_step=steps[0].version)


def _company(world: World) -> None:
    """Team A's company with its primary baseline, vision and strategy."""
    acme = companies.create_company(world.team_a, "Acme AB", Author(participant=world.attendee_a))
    baseline = acme.primary_baseline()
    companies.ensure_assessments(baseline)
    vision = ensure_vision(acme)
    strategy = strategy_services.ensure_strategy(acme)
    gap = Gap.objects.filter(company=acme).order_by("pk").first()
    target = vision.targets.order_by("pk").first()
    baseline.refresh_from_db()
    world.ids.update(
        company=acme.pk,
        baseline=baseline.pk,
        assessment=baseline.assessments.order_by("pk").first().pk,
        vision=vision.pk,
        target=target.pk,
        strategy=strategy.pk,
        gap=gap.pk,
        service=Service.objects.filter(workshop=world.workshop).order_by("pk").first().pk,
    )
    world.versions.update(baseline=baseline.version)


def _company_rows(world: World) -> None:
    """More rows of team A's company: a second baseline, initiatives, goals and KPIs, and
    a removed one of each (and a removed company) for the restore URLs."""
    team_a, author = world.team_a, Author(participant=world.attendee_a)
    acme = Company.objects.get(pk=world.ids["company"])
    second = companies.add_baseline(acme, "After the reorganisation", author)
    removed_baseline = companies.add_baseline(acme, "Removed baseline", author)
    companies.remove_baseline(removed_baseline, author)
    gone = companies.create_company(team_a, "Gone AB", author)
    companies.remove_company(gone, author)
    first = strategy_services.add_initiative(acme, "Portfolio board", author)
    other = strategy_services.add_initiative(acme, "Competence ladder", author)
    removed_initiative = strategy_services.add_initiative(acme, "Removed initiative", author)
    strategy_services.remove_initiative(removed_initiative, author)
    goal = strategy_services.add_goal(acme, "Fewer, better investments", author)
    removed_goal = strategy_services.add_goal(acme, "Removed goal", author)
    strategy_services.remove_goal(removed_goal, author)
    kpi = strategy_services.add_kpi(acme, "Decisions on one view", author)
    removed_kpi = strategy_services.add_kpi(acme, "Removed KPI", author)
    strategy_services.remove_kpi(removed_kpi, author)
    world.ids.update(
        removed_company=gone.pk,
        baseline_2=second.pk,
        removed_baseline=removed_baseline.pk,
        initiative=first.pk,
        initiative_2=other.pk,
        removed_initiative=removed_initiative.pk,
        goal=goal.pk,
        removed_goal=removed_goal.pk,
        kpi=kpi.pk,
        removed_kpi=removed_kpi.pk,
    )


def _briefing(world: World) -> None:
    workshop = world.workshop
    briefing.load_demo_findings(workshop)
    image = SimpleUploadedFile("chart.png", png_bytes(), content_type="image/png")
    pictured = briefing.add_finding(
        workshop,
        title="A finding with a chart",
        text="What the chart shows.",
        image=image,
        image_alt="A bar chart",
    )
    briefing.show(workshop, pictured)
    world.ids.update(finding=pictured.pk)


def _career(world: World) -> str:
    """Attendee A's filled plan, with a removed step and milestone; returns the session
    key of attendee A's browser, which holds the plan's key."""
    session = new_session()
    remember_participant(session, world.attendee_a)
    plan = career.open_plan(world.attendee_a, session)
    session.save()
    plan = filled_plan(world.attendee_a)
    plan = career.update_plan(plan, {"statement": "Attendee A's private ambition"}, plan.version)
    removed_step, removed_milestone = remove_a_step_and_a_milestone(plan)
    plan.refresh_from_db()
    step = plan.education_steps.filter(removed_at__isnull=True).order_by("pk").first()
    milestone = plan.milestones.filter(removed_at__isnull=True).order_by("pk").first()
    rating = plan.ratings.get(competence="portfolio_prioritisation")
    world.ids.update(
        plan=plan.pk,
        career_token=plan.private_token,
        step=step.pk,
        milestone=milestone.pk,
        removed_step=removed_step.pk,
        removed_milestone=removed_milestone.pk,
    )
    world.versions.update(
        plan=plan.version, step=step.version, milestone=milestone.version, rating=rating.version
    )
    return session.session_key


def _pack_export(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "packs")
    export = PackExport(
        workshop=world.workshop,
        requested_by=world.users["facilitator"],
        token="0123456789abcdef0123456789abcdef",
        status=PackExport.Status.DONE,
        total=1,
        done=1,
    )
    export.file.save("packs.zip", ContentFile(buffer.getvalue()), save=False)
    export.save()
    world.ids.update(pack_token=export.token)


def build_world(*, full: bool = True) -> World:
    """The whole world; with `full=False` only people, teams and team A's company
    (enough for the sockets, which need a transactional database and so a fresh world
    per test)."""
    facilitator = UserFactory(username="sweep-facilitator")
    organiser = UserFactory(username="sweep-organiser")
    other = UserFactory(username="sweep-other")
    workshop = WorkshopFactory(created_by=facilitator, title="Workshop W")
    workshop.organisers.add(organiser)
    other_workshop = WorkshopFactory(created_by=other, title="Workshop W2")
    team_a = team_services.create_team(workshop, "Team A")
    team_b = team_services.create_team(workshop, "Team B")
    attendee_a = team_services.join_workshop(workshop, display_name="Anna", team=team_a)
    attendee_b = team_services.join_workshop(workshop, display_name="Bo", team=team_b)
    team_services.edit_team_field(
        team_a, "notes", "Team A's draft", team_a.version, Author(participant=attendee_a)
    )
    team_a.refresh_from_db()
    world = World(
        workshop=workshop,
        other_workshop=other_workshop,
        team_a=team_a,
        team_b=team_b,
        attendee_a=attendee_a,
        attendee_b=attendee_b,
        users={"facilitator": facilitator, "organiser": organiser, "other_facilitator": other},
        sessions={},
    )
    world.ids.update(
        workshop=workshop.pk,
        team_a=team_a.pk,
        team_b=team_b.pk,
        attendee_a=attendee_a.pk,
        attendee_b=attendee_b.pk,
        code=workshop.code,
        rejoin_token=attendee_a.rejoin_token,
    )
    _company(world)
    # Attendee B has opened their own (empty) career page: their plan exists.
    session_b = new_session()
    remember_participant(session_b, attendee_b)
    career.open_plan(attendee_b, session_b)
    session_b.save()
    world.sessions = {
        "anonymous": "",
        "attendee_a": _career(world),
        "attendee_b": session_b.session_key,
        "other_facilitator": user_session(other),
        "organiser": user_session(organiser),
        "facilitator": user_session(facilitator),
    }
    if full:
        _the_rest(world)
    return world


def _the_rest(world: World) -> None:
    workshop, team_a = world.workshop, world.team_a
    _company_rows(world)
    _map(world, world.users["facilitator"])
    _briefing(world)
    import_demo_sets(workshop)
    topic = topics.raise_topic(workshop, "How do we grow PMO careers?", world.attendee_b)
    hosting = submit_hosting_request(
        community_name="PMO Community Gothenburg",
        city="Gothenburg",
        country="Sweden",
        contact_name="Eva",
        contact_email="eva@example.org",
        expected_attendees=30,
        preferred_dates="Autumn",
        message="",
    )
    _pack_export(world)
    # Rows of W2 whose ids a hostile form may name instead of W's.
    w2_team = team_services.create_team(world.other_workshop, "Team of W2")
    w2_topic = map_services.create_topic(world.other_workshop, title="A topic of W2")
    world.ids.update(w2_team=w2_team.pk, w2_topic=w2_topic.pk)
    world.ids.update(
        phase=workshop.phases.order_by("position").last().pk,
        current_phase=workshop.current_phase_id,
        history=team_a.history.order_by("history_id").first().history_id,
        discussion_topic=topic.pk,
        hosting_request=hosting.pk,
        dimension=workshop.framework.dimensions.order_by("position", "pk").first().pk,
        service_2=Service.objects.filter(workshop=workshop).order_by("pk")[1].pk,
        reference_set=workshop.reference_sets.order_by("pk").first().pk,
    )
    world.versions.update(team_a=team_a.version)
    world.template_json = exchange.dumps(exchange.export_workshop(workshop, template=True)).encode()
    # The pack as the team and organisers download it, rendered once (then cached).
    render_pack(Company.objects.get(pk=world.ids["company"]), "en")
