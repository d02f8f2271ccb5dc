from tests.factories import UserFactory, WorkshopFactory


def test_dashboard_lists_workshops_by_role(client, db):
    facilitator, organiser, stranger = UserFactory(), UserFactory(), UserFactory()
    workshop = WorkshopFactory(created_by=facilitator, title="Stockholm PMO day")
    workshop.organisers.add(organiser)

    client.force_login(facilitator)
    page = client.get("/workshops/").content.decode()
    assert "Stockholm PMO day" in page and f"/workshops/{workshop.pk}/" in page

    client.force_login(organiser)
    page = client.get("/workshops/").content.decode()
    assert "Stockholm PMO day" in page
    assert f'href="/workshops/{workshop.pk}/"' not in page  # no console link for organisers

    client.force_login(stranger)
    assert "Stockholm PMO day" not in client.get("/workshops/").content.decode()
