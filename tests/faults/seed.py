"""`python -m tests.faults.seed`: a workshop for the database fault test, written into
the database DATABASE_URL names (the test's private PostgreSQL, not the test
database). Prints, as JSON, what the test needs: an attendee's session and URLs."""

import json
import os


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    django.setup()

    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from teams.models import Dimension
    from tests.factories import ParticipantFactory, TeamFactory
    from workshop.access import remember_participant

    team = TeamFactory(name="Team Restart")
    participant = ParticipantFactory(team=team, display_name="Anna")
    session = SessionStore()
    remember_participant(session, participant)
    session.save()
    workshop_id = team.workshop_id
    print(
        json.dumps(
            {
                "team": team.pk,
                # A new company gets one assessment per dimension of the framework.
                "dimensions": Dimension.objects.filter(framework__workshop_id=workshop_id).count(),
                "session": session.session_key,
                "workspace": reverse("teams:workspace", args=[workshop_id, team.pk]),
                "notes": reverse("teams:field", args=[workshop_id, team.pk, "notes"]),
                "company_add": reverse("teams:company_add", args=[workshop_id, team.pk]),
            }
        )
    )


if __name__ == "__main__":
    main()
