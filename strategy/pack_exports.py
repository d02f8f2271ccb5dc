"""Strategy packs for download: file names, the organisers' list, and the ZIP of
every pack of a workshop, built in the background with progress.

`start_export` records a PackExport and, once committed, hands it to a thread
that calls `build_export`; progress lives in the database, so any web worker can
answer the page that polls it. With `settings.PACK_EXPORT_BACKGROUND = False`
(tests) `build_export` runs before `start_export` returns.
"""

import datetime
import logging
import re
import secrets
import tempfile
import threading
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.db import connections, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teams.models import Company
from workshop.models import Workshop

from .models import PackExport
from .pack import render_pack

logger = logging.getLogger(__name__)

RUNNING = (PackExport.Status.QUEUED, PackExport.Status.RUNNING)
# An export thread dies with its process (a deploy, a crash). One still "running"
# this long after it started is taken as stopped, so a new ZIP can be produced.
STALE_AFTER = datetime.timedelta(minutes=10)
STALE_PER_PACK = datetime.timedelta(seconds=30)


# --- file names ------------------------------------------------------------------------


def ascii_slug(text: str, fallback: str = "pack") -> str:
    """ "Åre Älvdalen Öresund AB" → "Are-Alvdalen-Oresund-AB": safe on every file system."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")
    return slug[:80].strip("-") or fallback


def readable_name(text: str) -> str:
    """The name as people wrote it, minus what no file name may hold."""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r'[\\/:*?"<>|]+', " ", text)
    return " ".join(text.split())[:100] or "pack"


def pack_filename(company: Company) -> tuple[str, str]:
    """(ASCII fallback, UTF-8 name) of a company's pack download."""
    suffix = "PMO strategy pack"
    return (
        f"{ascii_slug(company.name)}-{ascii_slug(suffix)}.pdf",
        f"{readable_name(company.name)} - {suffix}.pdf",
    )


def content_disposition(ascii_name: str, utf8_name: str) -> str:
    """An attachment with both names (RFC 6266 / RFC 5987): old clients read
    `filename`, current ones `filename*` with the å, ä and ö intact."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(utf8_name, safe='')}"


def archive_name(company: Company) -> str:
    """`<team>-<company>.pdf`: the name inside the ZIP and in the export folder."""
    return f"{ascii_slug(company.team.name, 'team')}-{ascii_slug(company.name, 'company')}.pdf"


def unique_names(companies: list[Company]) -> list[tuple[Company, str]]:
    seen: set[str] = set()
    result = []
    for company in companies:
        name = archive_name(company)
        stem, n = name[:-4], 2
        while name.lower() in seen:
            name, n = f"{stem}-{n}.pdf", n + 1
        seen.add(name.lower())
        result.append((company, name))
    return result


# --- reads ---------------------------------------------------------------------------------


def workshop_companies(workshop: Workshop):
    return (
        Company.objects.active()
        .filter(team__workshop=workshop)
        .select_related("team")
        .order_by("team__position", "team_id", "position", "id")
    )


@dataclass
class PackRow:
    company: Company
    last_rendered: datetime.datetime | None


def packs_page(workshop: Workshop) -> dict:
    companies = workshop_companies(workshop).annotate(last_rendered=Max("packs__created_at"))
    return {
        "workshop": workshop,
        "rows": [PackRow(c, c.last_rendered) for c in companies],
        "export": PackExport.objects.filter(workshop=workshop).first(),
    }


def is_stale(export: PackExport, now: datetime.datetime | None = None) -> bool:
    if export.status not in RUNNING:
        return False
    limit = max(STALE_AFTER, STALE_PER_PACK * export.total)
    return (now or timezone.now()) - export.created_at > limit


def export_progress(export: PackExport) -> dict:
    if is_stale(export):
        _mark_stopped(export)
    return {"workshop": export.workshop, "export": export, "running": export.status in RUNNING}


# --- writes ---------------------------------------------------------------------------------


def start_export(workshop: Workshop, user, language: str | None = None) -> PackExport:
    """A new ZIP of every active company's pack (in `language`, by default the
    workshop's), or the one already being produced."""
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        export = PackExport.objects.filter(workshop=workshop, status__in=RUNNING).first()
        if export is not None and not is_stale(export):
            return export
        if export is not None:
            _mark_stopped(export)
        export = PackExport.objects.create(
            workshop=workshop,
            requested_by=user,
            token=secrets.token_hex(16),
            total=workshop_companies(workshop).count(),
        )
        if getattr(settings, "PACK_EXPORT_BACKGROUND", True):
            transaction.on_commit(lambda: _start_thread(export.pk, language))
    if not getattr(settings, "PACK_EXPORT_BACKGROUND", True):
        build_export(export.pk, language)
        export.refresh_from_db()
    return export


def _mark_stopped(export: PackExport) -> None:
    export.status = PackExport.Status.FAILED
    export.error = _("Producing the ZIP stopped before it was done (the server restarted?).")
    export.finished_at = timezone.now()
    PackExport.objects.filter(pk=export.pk, status__in=RUNNING).update(
        status=export.status, error=export.error, finished_at=export.finished_at
    )


def _start_thread(export_id: int, language: str | None) -> None:
    threading.Thread(
        target=_run_in_thread,
        args=(export_id, language),
        name=f"pack-export-{export_id}",
        daemon=True,
    ).start()


def _run_in_thread(export_id: int, language: str | None) -> None:
    try:
        build_export(export_id, language)
    finally:
        connections.close_all()  # this thread's connections, not the request's


def build_export(export_id: int, language: str | None = None) -> PackExport:
    """Renders (through the cache) every active company's pack of the export's workshop
    into one ZIP, counting progress as it goes. Any error ends it as failed, with a
    message for the organiser."""
    export = PackExport.objects.select_related("workshop").get(pk=export_id)
    companies = list(workshop_companies(export.workshop))
    PackExport.objects.filter(pk=export.pk).update(
        status=PackExport.Status.RUNNING, total=len(companies), done=0
    )
    current = None
    try:
        with tempfile.TemporaryFile(suffix=".zip") as tmp:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for current, name in unique_names(companies):
                    render = render_pack(current, language)
                    with render.file.open("rb") as pdf:
                        archive.writestr(name, pdf.read())
                    PackExport.objects.filter(pk=export.pk).update(done=F("done") + 1)
            current = None
            tmp.seek(0)
            export.refresh_from_db()
            export.file.save(f"{export.token}.zip", File(tmp), save=False)
        export.status = PackExport.Status.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "finished_at"])
    except Exception as exc:
        logger.exception("Pack export %s failed", export.pk)
        if current is not None:
            message = _("The pack of “%(company)s” could not be produced (%(error)s).") % {
                "company": current.name,
                "error": type(exc).__name__,
            }
        else:
            message = _("The ZIP could not be produced (%(error)s).") % {
                "error": type(exc).__name__
            }
        PackExport.objects.filter(pk=export.pk).update(
            status=PackExport.Status.FAILED, error=message[:300], finished_at=timezone.now()
        )
    export.refresh_from_db()
    return export
