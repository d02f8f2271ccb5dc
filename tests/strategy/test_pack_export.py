"""All packs of a workshop as one ZIP, with progress; and the export_packs command."""

import datetime
import io
import zipfile
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from strategy import pack_exports
from strategy.models import PackExport
from teams.models import Company, Team

from ..conftest import PASSWORD
from ..part2_factories import framework_for
from .pack_helpers import full_company
from .pdfs import page_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies(workshop, team_a, team_b):
    framework_for(workshop)
    made = [
        full_company(team_a, "Åre Älvdalen Öresund AB", seed=1),
        full_company(team_a, "Nordvind Energi", seed=2),
        full_company(team_b, "Västra stadsförvaltningen", seed=3),
    ]
    removed = full_company(team_b, "Removed AB", seed=4)
    Company.objects.filter(pk=removed.pk).update(removed_at=timezone.now())
    return made


@pytest.fixture
def sync_exports(settings):
    settings.PACK_EXPORT_BACKGROUND = False


EXPECTED_NAMES = {
    "Team-A-Are-Alvdalen-Oresund-AB.pdf",
    "Team-A-Nordvind-Energi.pdf",
    "Team-B-Vastra-stadsforvaltningen.pdf",
}


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_build_export_puts_one_valid_pdf_per_active_company_in_the_zip(workshop, companies):
    export = PackExport.objects.create(workshop=workshop, token="t" * 32)
    export = pack_exports.build_export(export.pk)
    assert export.status == PackExport.Status.DONE
    assert (export.done, export.total) == (3, 3)
    assert export.finished_at is not None
    with export.file.open("rb") as handle:
        members = read_zip(handle.read())
    assert set(members) == EXPECTED_NAMES
    for pdf in members.values():
        assert pdf.startswith(b"%PDF-")
        assert page_count(pdf) >= 10


def test_an_organiser_starts_the_zip_and_downloads_it(
    client, organiser, workshop, companies, sync_exports
):
    client.login(username=organiser.username, password=PASSWORD)
    response = client.post(
        reverse("strategy:pack_export", args=[workshop.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    export = PackExport.objects.get()
    assert export.requested_by == organiser
    assert 'hx-trigger="every 1s"' not in html  # done: polling stops
    download = reverse("strategy:pack_export_download", args=[workshop.pk, export.token])
    assert download in html
    zipped = client.get(download)
    assert zipped["Content-Type"] == "application/zip"
    assert "attachment;" in zipped["Content-Disposition"]
    assert set(read_zip(b"".join(zipped.streaming_content))) == EXPECTED_NAMES


def test_the_progress_fragment_counts_packs_and_keeps_polling_while_running(
    client, organiser, workshop
):
    export = PackExport.objects.create(
        workshop=workshop, token="p" * 32, status=PackExport.Status.RUNNING, done=7, total=20
    )
    client.login(username=organiser.username, password=PASSWORD)
    url = reverse("strategy:pack_export_progress", args=[workshop.pk, export.token])
    html = client.get(url).content.decode()
    assert "7 of 20 packs" in html
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="{url}"' in html
    assert "Download ZIP" not in html


def test_a_second_click_while_a_zip_is_produced_does_not_start_another(
    client, organiser, workshop, companies
):
    running = PackExport.objects.create(
        workshop=workshop, token="r" * 32, status=PackExport.Status.RUNNING, total=3
    )
    with mock.patch.object(pack_exports, "_start_thread") as start:
        export = pack_exports.start_export(workshop, organiser)
    assert export.pk == running.pk
    start.assert_not_called()
    assert PackExport.objects.count() == 1


def test_a_background_export_is_started_after_commit(
    workshop, organiser, companies, django_capture_on_commit_callbacks
):
    with mock.patch.object(pack_exports, "_start_thread") as start:
        with django_capture_on_commit_callbacks(execute=True):
            export = pack_exports.start_export(workshop, organiser)
    start.assert_called_once_with(export.pk, None)
    assert export.status == PackExport.Status.QUEUED
    assert export.total == 3


def test_a_failing_pack_fails_the_export_with_a_message(workshop, companies):
    export = PackExport.objects.create(workshop=workshop, token="f" * 32)
    real = pack_exports.render_pack

    def failing(company, language=None):
        if company.name == "Nordvind Energi":
            raise OSError("disk full")
        return real(company, language)

    with mock.patch.object(pack_exports, "render_pack", failing):
        export = pack_exports.build_export(export.pk)
    assert export.status == PackExport.Status.FAILED
    assert "Nordvind Energi" in export.error
    assert export.done == 1
    assert not export.file


def test_the_failure_is_shown_to_the_organiser(client, organiser, workshop):
    export = PackExport.objects.create(
        workshop=workshop,
        token="e" * 32,
        status=PackExport.Status.FAILED,
        error="The pack of “Nordvind Energi” could not be produced (OSError).",
    )
    client.login(username=organiser.username, password=PASSWORD)
    url = reverse("strategy:pack_export_progress", args=[workshop.pk, export.token])
    html = client.get(url).content.decode()
    assert "could not be produced" in html
    assert "Download all as ZIP" in html  # try again
    download = reverse("strategy:pack_export_download", args=[workshop.pk, export.token])
    assert client.get(download).status_code == 404


def test_the_command_writes_every_pack_to_a_folder(workshop, companies, tmp_path):
    out = io.StringIO()
    call_command("export_packs", str(workshop.pk), str(tmp_path / "packs"), stdout=out)
    written = {p.name: p.read_bytes() for p in (tmp_path / "packs").iterdir()}
    assert set(written) == EXPECTED_NAMES
    assert all(pdf.startswith(b"%PDF-") for pdf in written.values())
    lines = out.getvalue().splitlines()
    assert sum(1 for line in lines if line.endswith("Energi)") or ".pdf" in line) >= 3
    assert "3 packs written to" in lines[-1]


def test_the_command_names_an_unknown_workshop(tmp_path):
    with pytest.raises(CommandError, match="No workshop with id 999999"):
        call_command("export_packs", "999999", str(tmp_path))


def test_file_names_are_ascii_and_unique():
    team = Team(name="Team Å/Ö")
    first = Company(team=team, name='Öl & Ål "AB"')
    second = Company(team=team, name="Öl & Ål AB")
    names = [name for _, name in pack_exports.unique_names([first, second])]
    assert names == ["Team-A-O-Ol-Al-AB.pdf", "Team-A-O-Ol-Al-AB-2.pdf"]
    assert pack_exports.pack_filename(first) == (
        "Ol-Al-AB-PMO-strategy-pack.pdf",
        "Öl & Ål AB - PMO strategy pack.pdf",
    )


def test_an_export_whose_thread_died_does_not_block_a_new_one(workshop, organiser, companies):
    stuck = PackExport.objects.create(
        workshop=workshop, token="s" * 32, status=PackExport.Status.RUNNING, total=3, done=1
    )
    PackExport.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - pack_exports.STALE_AFTER - datetime.timedelta(minutes=1)
    )
    with mock.patch.object(pack_exports, "_start_thread"):
        export = pack_exports.start_export(workshop, organiser)
    assert export.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == PackExport.Status.FAILED
    assert "stopped before it was done" in stuck.error
