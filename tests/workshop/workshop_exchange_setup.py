"""A workshop with every kind of row a workshop file carries, for the export/import tests.

It starts from the demo seed (teams, companies, baselines, a vision, a strategy,
reference sets, findings, the bundled map) and adds what the seed leaves out:
merges (one undone, one absorbing a duplicate link), team drafts, proposed and
rejected links, a path to a profession, a finding with an image on the projector,
a spotlit vision, removed rows, discussion topics with votes, timers and locks.
"""

from io import BytesIO, StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from strategy.models import Goal, Initiative, Kpi
from teams import companies
from teams import services as team_services
from teams import topics as discussion
from teams.models import Participant, Team
from vision import briefing
from vision import services as vision_services
from vision.forms import checked_image
from vision.models import Finding, Vision
from workshop import exchange, map_services, services
from workshop.editing import Author
from workshop.management.commands.seed_demo import DEMO_TITLE
from workshop.models import CausalLink, Factor, Workshop


def png_bytes(size=(24, 16), colour=(239, 125, 60)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def counts() -> dict[str, int]:
    """Rows of every model a workshop file carries (and of their history)."""
    found = {}
    for model in exchange.EXPORTED_MODELS:
        found[model._meta.label] = model._default_manager.count()
        if getattr(model, "history", None) is not None:
            found[f"{model._meta.label} history"] = model.history.count()
    return found


def empty_the_database() -> None:
    """What a fresh installation holds: no workshop rows and no history (users stay)."""
    Workshop.objects.all().delete()
    for model in exchange.EXPORTED_MODELS:
        model._default_manager.all().delete()
        if getattr(model, "history", None) is not None:
            model.history.all().delete()
    assert not any(counts().values()), counts()


def rich_workshop() -> Workshop:
    call_command("seed_demo", stdout=StringIO())
    workshop = Workshop.objects.get(title=DEMO_TITLE)
    facilitator = workshop.facilitators.get()
    teams = list(workshop.teams.order_by("position", "id"))
    _map(workshop, teams, facilitator)
    _briefing(workshop)
    _removed_rows(workshop, teams)
    _people(workshop, teams)
    _agenda(workshop)
    return Workshop.objects.get(pk=workshop.pk)


def _map(workshop: Workshop, teams: list[Team], user) -> None:
    topic = workshop.topics.order_by("position").first()
    add = map_services.add_factor
    a = add(workshop, label="Shared competence ladder", kind="building_block", topic=topic)
    b = add(workshop, label="Competence ladder (duplicate)", kind="enabler", topic=topic)
    c = add(workshop, label="Recognised PMO careers", kind="enabler", topic=topic)
    d = add(workshop, label="PMO community of practice", kind="enabler", topic=None)
    draft = add(
        workshop, label="Team Aurora's draft idea", kind="inhibitor", topic=topic, team=teams[0]
    )
    link = map_services.add_link
    link(workshop, cause=a, effect=c, polarity=1, strength=3, note="Evidence: interviews.")
    link(workshop, cause=b, effect=c, polarity=1, strength=2)  # absorbed by the merge
    link(workshop, cause=b, effect=d, polarity=-1, strength=1)  # re-pointed by the merge
    proposed = link(workshop, cause=draft, effect=c, polarity=-1, strength=2, team=teams[0])
    rejected = link(workshop, cause=d, effect=draft, polarity=1, strength=1, team=teams[0])
    map_services.review_link(rejected, accept=False, comment="Say more, please.", user=user)
    assert CausalLink.objects.get(pk=proposed.pk).status == "proposed"
    map_services.merge_factors(a, b, user=user)
    # A second merge, undone again.
    e = add(workshop, label="Mentoring", kind="enabler", topic=topic)
    merge = map_services.merge_factors(d, e, user=user)
    map_services.undo_merge(merge, user=user)
    outcome = Factor.objects.get(workshop=workshop, kind="outcome", merged_into=None)
    link(workshop, cause=c, effect=outcome, polarity=1, strength=3)
    map_services.set_outcome(workshop, outcome)
    steps = map_services.propose_path(workshop)
    assert steps, "the path needs at least one step"
    first = steps[0]
    map_services.edit_path_role(first, "Chair the working group.", first.version, Author(user=user))
    assert Factor.objects.filter(workshop=workshop, merged_into__isnull=False).exists()


def _briefing(workshop: Workshop) -> None:
    image = SimpleUploadedFile("chart.png", png_bytes(), content_type="image/png")
    finding = briefing.add_finding(
        workshop,
        title="Data-driven PMOs",
        text="Decisions use shared data.",
        image=checked_image(image),
        image_alt="A rising bar chart",
    )
    briefing.show(workshop, finding)
    vision = Vision.objects.filter(company__team__workshop=workshop).first()
    vision.findings.add(finding, Finding.objects.filter(workshop=workshop).order_by("position")[0])
    vision_services.spotlight(workshop, vision)


def _removed_rows(workshop: Workshop, teams: list[Team]) -> None:
    author = Author(participant=teams[0].participants.first())
    company = teams[0].companies.order_by("position").first()
    unit = companies.add_baseline(company, "Business unit Nord", author)
    companies.add_baseline(company, "Business unit Syd", author)
    companies.remove_baseline(unit, author)
    companies.add_baseline(company, "Business unit Nord", author)  # the name, free again
    gone = companies.create_company(teams[1], "Closed company AB", author)
    companies.remove_company(gone, author)
    companies.create_company(teams[1], "Closed company AB", author)
    now = timezone.now()
    extra = Initiative.objects.create(company=company, title="Dropped idea", position=9)
    extra.depends_on.add(Initiative.objects.filter(company=company).order_by("position").first())
    Initiative.objects.filter(pk=extra.pk).update(removed_at=now)
    goal = Goal.objects.create(company=company, title="Old goal", position=9, removed_at=now)
    Kpi.objects.create(company=company, name="Old KPI", goal=goal, position=9, removed_at=now)


def _people(workshop: Workshop, teams: list[Team]) -> None:
    loner = team_services.join_workshop(workshop, display_name="Kim (no team yet)", team=None)
    anna = Participant.objects.get(workshop=workshop, display_name="Anna Lindqvist")
    jonas = Participant.objects.get(workshop=workshop, display_name="Jonas Berg")
    first = discussion.raise_topic(workshop, "How do we certify PMO managers?", anna)
    second = discussion.raise_topic(workshop, "Where do PMO careers end?", None)
    hidden = discussion.raise_topic(workshop, "Off-topic question", jonas)
    discussion.vote(first, jonas)
    discussion.vote(first, loner)
    discussion.vote(second, anna)
    discussion.moderate(first, "screen")
    discussion.moderate(hidden, "hide")


def _agenda(workshop: Workshop) -> None:
    phases = list(workshop.phases.order_by("position"))
    services.set_locked(phases[1], True)
    services.start_timer(phases[2])
    services.start_timer(phases[3])
    services.pause_timer(phases[3])
    services.go_to_phase(workshop, phases[2])


def every_model_has_rows() -> list[str]:
    """Exported models with no row at all (should be none for the rich workshop)."""
    return [label for label, n in counts().items() if n == 0 and "history" not in label]
