"""An organiser downloads every strategy pack of a workshop as one ZIP."""

import io
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import login_session
from tests.factories import TeamFactory, UserFactory
from tests.strategy.pack_helpers import full_company
from tests.strategy.pdfs import page_count, pdf_text

pytestmark = pytest.mark.browser


def test_an_organiser_downloads_all_packs_as_one_zip(new_page, workshop, tmp_path):
    organiser = UserFactory(username="organiser-pack")
    workshop.organisers.add(organiser)
    assert not workshop.facilitators.filter(pk=organiser.pk).exists()
    names = ["Åre Älvdalen Öresund AB", "Nordvind Energi", "Västra stadsförvaltningen"]
    for index, name in enumerate(names):
        full_company(TeamFactory(workshop=workshop, name=f"Lag {index + 1}"), name, seed=index)

    page = new_page()
    session = login_session(organiser)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "domain": "127.0.0.1",
                "path": "/",
            }
        ]
    )
    page.goto(reverse("strategy:packs", args=[workshop.pk]))
    for name in names:
        expect(page.get_by_role("cell", name=name)).to_be_visible()

    page.get_by_role("button", name="Download all as ZIP").click()
    # Progress is shown while the background thread renders the packs…
    expect(page.locator("#pack-export [data-progress]")).to_contain_text("of 3 packs")
    # …and the polling stops with a download link once it is done.
    link = page.get_by_role("link", name="Download ZIP")
    expect(link).to_be_visible(timeout=90_000)
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "packs.zip"
    info.value.save_as(path)

    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert archive.testzip() is None
        members = sorted(archive.namelist())
        assert members == [
            "Lag-1-Are-Alvdalen-Oresund-AB.pdf",
            "Lag-2-Nordvind-Energi.pdf",
            "Lag-3-Vastra-stadsforvaltningen.pdf",
        ]
        for member in members:
            pdf = archive.read(member)
            assert pdf.startswith(b"%PDF-")
            assert page_count(pdf) >= 10
            text = pdf_text(pdf)
            company = names[members.index(member)]
            assert company in text
