from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from workshop.access import remember_participant


def _session_cookie(page, session):
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": session.session_key,
        "domain": "127.0.0.1",
        "path": "/",
    }


def open_console(new_page, workshop, viewport=(1280, 800)):
    page = new_page(viewport=viewport)
    user = workshop.facilitators.first()
    page.context.add_cookies([_session_cookie(page, login_session(user))])
    page.goto(reverse("workshop:console", args=[workshop.pk]))
    wait_until_live(page)
    return page


def open_as_attendee(new_page, participant, viewport=(1280, 800)):
    page = new_page(viewport=viewport)
    session = SessionStore()
    remember_participant(session, participant)
    session.save()
    page.context.add_cookies([_session_cookie(page, session)])
    page.goto(reverse("attendee_home", args=[participant.workshop_id]))
    wait_until_live(page)
    return page


def wait_until_live(page):
    """The socket is open and its first snapshot has been swapped in."""
    page.locator("#live-status[data-synced]").wait_for()


def login_session(user) -> SessionStore:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    user = get_user_model().objects.get(pk=user.pk)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session
