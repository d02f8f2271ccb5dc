"""Scale-out: two production server processes (`scripts/serve.sh run`, uvicorn, DEBUG off)
on two loopback ports share the database and Redis. A change saved through one process
reaches screens connected to the other; without Redis it cannot."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from teams.models import Team
from tests.browser.conftest import _database_url
from tests.browser.helpers import _session_cookie, login_session, wait_until_live

from .browsing import Watched, attendee_session
from .servers import prepare, production_env, start, wait_until_healthy

pytestmark = pytest.mark.browser

needs_postgres_and_redis = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not settings.REDIS_URL,
    reason="needs PostgreSQL and Redis: run with DATABASE_URL=postgres://... and "
    "REDIS_URL=redis://... set (CI sets both)",
)


def server_env(static_root, *, redis: bool) -> dict[str, str]:
    """Production settings, except plain http on loopback, on this run's test database
    and channel-layer prefix (TEST_RUN_SUFFIX passes through)."""
    env = production_env(
        SECRET_KEY=settings.SECRET_KEY,  # the sessions this test saves are signed with it
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=_database_url(),
        STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        WEB_CONCURRENCY="1",  # each server here is one process
    )
    if not redis:
        env.pop("REDIS_URL", None)
    return env


@pytest.fixture(scope="session")
def production_static(tmp_path_factory, django_db_setup):
    """`serve.sh prepare` once per run: static files collected into a folder of this run
    (DEBUG off serves only collected, fingerprinted files), the test database migrated."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    prepare(server_env(static_root, redis=False))
    return static_root


@pytest.fixture
def start_servers(request, production_static, tmp_path, transactional_db):
    """Starts two server processes; they are stopped after the test, failed or not, and a
    failed test shows their logs (tests/deploy/conftest.py)."""
    started = []
    request.node.deploy_servers = started

    def start_two(*, redis: bool):
        env = server_env(production_static, redis=redis)
        pair = [start(f"server-{n}", env, tmp_path) for n in (1, 2)]
        started.extend(pair)
        wait_until_healthy(pair)
        return pair

    yield start_two
    for server in started:
        server.stop()


@pytest.fixture
def open_on(browser, start_servers):
    """Opens a page on one server as one person (own browser context), once it is live."""
    contexts = []
    watched = Watched()

    def open_page(server, path, session=None):
        context = browser.new_context(base_url=server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = watched.watch(context.new_page())
        if session is not None:
            context.add_cookies([_session_cookie(page, session)])
        page.goto(path)
        assert page.url.startswith(server.url)
        wait_until_live(page)
        page.evaluate("window.__noReload = true")  # a reload would wipe it
        return page

    open_page.watched = watched
    yield open_page
    for context in contexts:
        context.close()


def not_reloaded(page) -> bool:
    return page.evaluate("window.__noReload === true")


@needs_postgres_and_redis
def test_a_change_saved_through_one_process_reaches_screens_on_the_other(
    start_servers, open_on, workshop, team_a, anna, alex
):
    one, two = start_servers(redis=True)
    facilitator = login_session(workshop.facilitators.first())
    anna_page = open_on(one, reverse("attendee_home", args=[workshop.pk]), attendee_session(anna))
    alex_page = open_on(two, reverse("attendee_home", args=[workshop.pk]), attendee_session(alex))
    console = open_on(one, reverse("workshop:console", args=[workshop.pk]), facilitator)
    projector = open_on(two, reverse("workshop:projector", args=[workshop.pk]), facilitator)

    # Anna saves the team notes through process 1; Alex's screen on process 2 shows them.
    notes = f"#input-team-{team_a.pk}-notes"
    anna_page.locator(notes).fill("Governance first, then careers")
    expect(anna_page.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("Saved")
    expect(alex_page.locator(notes)).to_have_value("Governance first, then careers")
    assert Team.objects.get(pk=team_a.pk).notes == "Governance first, then careers"

    # The facilitator moves the room on from the console on process 1; the projector on
    # process 2 follows, and so does Alex.
    next_phase = list(workshop.phases.all())[1]
    console.click("#key-next")
    expect(projector.locator("#phase-status")).to_contain_text(next_phase.title)
    expect(alex_page.locator("#phase-status")).to_contain_text(next_phase.title)

    assert all(not_reloaded(page) for page in (alex_page, projector))
    for page in (anna_page, alex_page, console, projector):
        open_on.watched.collect(page)
    assert not open_on.watched.reports, "\n".join(open_on.watched.reports)


def test_without_redis_a_change_stays_inside_its_process(
    start_servers, open_on, workshop, team_a, anna, alex
):
    one, two = start_servers(redis=False)  # the in-memory channel layer, one per process
    anna_page = open_on(one, reverse("attendee_home", args=[workshop.pk]), attendee_session(anna))
    alex_page = open_on(two, reverse("attendee_home", args=[workshop.pk]), attendee_session(alex))
    notes = f"#input-team-{team_a.pk}-notes"
    before = alex_page.locator(notes).input_value()

    anna_page.locator(notes).fill("Governance first")
    expect(anna_page.locator(f"#status-team-{team_a.pk}-notes")).to_contain_text("Saved")
    alex_page.wait_for_timeout(2000)  # with Redis the push arrives within milliseconds
    expect(alex_page.locator(notes)).to_have_value(before)

    alex_page.reload()  # saved in the shared database all along
    wait_until_live(alex_page)
    expect(alex_page.locator(notes)).to_have_value("Governance first")
