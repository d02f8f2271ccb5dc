"""How long rendering strategy packs takes, and how much memory.

    .venv/bin/python benchmarks/pack_render.py [--runs 5] [--zip-runs 3] [--companies 20]

Builds a demo workshop on a scratch SQLite database in a temporary folder (never
the app's own database): the bundled illustrative causal map with its path to a
profession, and `--companies` companies with every section of the pack filled in.
Then it times, each over several runs, with the median and the p90:

  (a) one full pack, rendered with the pack cache bypassed (`strategy.pack.render_pdf`)
  (b) a ZIP of every pack, cold: the pack cache emptied before each run
      (`strategy.pack_exports.build_export`, as the organisers' "Download all as ZIP")
  (c) the same ZIP, warm: every pack unchanged, so served from the cache
  (0) the floor: a trivial one-page WeasyPrint document with the same fonts

Memory: the peak resident set size of the process during (a) and (b) — Linux
VmHWM, reset before each measurement through /proc/self/clear_refs — which
counts WeasyPrint's native libraries (Pango, HarfBuzz, cairo-free PDF writer)
too; and the peak of Python allocations (tracemalloc), which does not.
See benchmarks/README.md.
"""

import argparse
import math
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCRATCH = Path(tempfile.mkdtemp(prefix="pack-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(SCRATCH / "media")
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import io  # noqa: E402
import shutil  # noqa: E402

import weasyprint  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from strategy import pack, pack_exports  # noqa: E402
from strategy.models import PackExport, PackRender  # noqa: E402
from teams import services as team_services  # noqa: E402
from tests.strategy.pack_helpers import fill_room_path, full_company  # noqa: E402
from workshop import map_templates, services  # noqa: E402

TRIVIAL = """<html><head><style>
@font-face { font-family: "Inter Variable"; src: url(fonts/inter-latin-wght-normal.woff2); }
body { font-family: "Inter Variable"; }
</style></head><body><h1>Åre Älvdalen Öresund AB</h1><p>One page.</p></body></html>"""


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def machine() -> list[tuple[str, str]]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("nproc", str(usable)),
        ("cpu", cpu),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("weasyprint", weasyprint.__version__),
    ]


# --- memory -------------------------------------------------------------------------------


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak_rss() -> bool:
    """Linux ≥ 4.0: writing 5 to clear_refs resets VmHWM to the current RSS."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class Peak:
    """Peak RSS (VmHWM after a reset; else ru_maxrss, which never goes down) and the
    tracemalloc peak of one block of work, in MiB."""

    def __enter__(self):
        self.resettable = reset_peak_rss()
        self.start_rss = _status_kib("VmRSS") or 0
        self.start_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        return self

    def __exit__(self, *exc):
        _, self.python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if self.resettable:
            self.rss_peak = (_status_kib("VmHWM") or 0) / 1024
            self.method = "VmHWM after clear_refs"
        else:
            self.rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.method = "ru_maxrss (not resettable: includes earlier work)"
        self.rss_growth = self.rss_peak - self.start_rss / 1024
        self.python_peak /= 1024 * 1024


# --- data -------------------------------------------------------------------------------------


def build_workshop(count: int):
    user = get_user_model().objects.create_user("bench", password="bench-only")
    workshop = services.create_workshop(
        title="PMO as a Profession — Vision & Strategy (benchmark)",
        date=datetime.date(2026, 3, 12),
        venue="Stockholm",
        created_by=user,
    )
    map_templates.import_map(workshop, map_templates.load_bundled("pmo-profession-demo"))
    fill_room_path(workshop)
    teams = [team_services.create_team(workshop, f"Team {n + 1}") for n in range(5)]
    names = [
        "Åre Älvdalen Öresund AB",
        "Nordvind Energi",
        "Västra stadsförvaltningen",
        "Cirrus Logistik AB",
    ]
    companies = [
        full_company(teams[n % len(teams)], f"{names[n % len(names)]} {n + 1}", seed=n)
        for n in range(count)
    ]
    return workshop, companies


def clear_pack_cache() -> None:
    for render in PackRender.objects.all():
        render.file.delete(save=False)
    PackRender.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of (a) and (0)")
    parser.add_argument("--zip-runs", type=int, default=3, help="runs of (b) and (c)")
    parser.add_argument("--companies", type=int, default=20)
    args = parser.parse_args()

    try:
        call_command("migrate", verbosity=0, stdout=io.StringIO())
        workshop, companies = build_workshop(args.companies)
        run(args, workshop, companies)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


def run(args, workshop, companies) -> None:
    for name, value in machine():
        print(f"{name:>10}: {value}")
    print(f"   scratch: SQLite in {SCRATCH} (removed afterwards)")
    print(
        f" companies: {len(companies)}, every section filled; "
        f"runs {args.runs}, zip runs {args.zip_runs}"
    )
    print()

    one = companies[0]
    fetcher = pack.PackURLFetcher()
    base = pack.STATIC_DIR.as_uri() + "/"

    def trivial():
        return weasyprint.HTML(string=TRIVIAL, base_url=base, url_fetcher=fetcher).write_pdf()

    # Warm fontconfig, the template loader and the room map's SVG cache once.
    trivial()
    warm = pack.render_pdf(one)

    floor_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        trivial()
        floor_times.append(time.perf_counter() - started)

    pack_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        pack.render_pdf(one)
        pack_times.append(time.perf_counter() - started)
    with Peak() as pack_memory:
        pack.render_pdf(one)

    cold_times, warm_times = [], []
    for index in range(args.zip_runs):
        clear_pack_cache()
        export = PackExport.objects.create(workshop=workshop, token=f"cold{index}")
        started = time.perf_counter()
        export = pack_exports.build_export(export.pk)
        cold_times.append(time.perf_counter() - started)
        assert export.status == PackExport.Status.DONE, export.error
        zip_size = export.file.size
    clear_pack_cache()
    export = PackExport.objects.create(workshop=workshop, token="cold-memory")
    with Peak() as zip_memory:
        pack_exports.build_export(export.pk)
    for index in range(args.zip_runs):
        export = PackExport.objects.create(workshop=workshop, token=f"warm{index}")
        started = time.perf_counter()
        pack_exports.build_export(export.pk)
        warm_times.append(time.perf_counter() - started)

    def row(label: str, values: list[float], unit: str = "s") -> None:
        median = statistics.median(values)
        print(f"{label:<48} median {median:8.3f} {unit}   p90 {p90(values):8.3f} {unit}")

    row("(0) floor: trivial one-page WeasyPrint PDF", floor_times)
    row(f"(a) one full pack ({warm.pages} pages), cache bypassed", pack_times)
    row(f"(b) ZIP of {len(companies)} packs, cold cache", cold_times)
    row(f"(c) ZIP of {len(companies)} packs, warm cache", warm_times)
    ratio = statistics.median(pack_times) / statistics.median(floor_times)
    print(f"{'(a)/(0) ratio of medians':<48} {ratio:15.1f} x")
    per_pack = statistics.median(cold_times) / len(companies)
    print(f"{'(b) per pack':<48} {per_pack:15.3f} s")
    print()
    print(f"memory ({pack_memory.method}):")
    print(
        f"  (a) one pack: peak RSS {pack_memory.rss_peak:6.0f} MiB "
        f"(+{pack_memory.rss_growth:.0f} MiB over the start), "
        f"Python allocations peak {pack_memory.python_peak:5.1f} MiB (tracemalloc)"
    )
    print(
        f"  (b) cold ZIP: peak RSS {zip_memory.rss_peak:6.0f} MiB "
        f"(+{zip_memory.rss_growth:.0f} MiB over the start), "
        f"Python allocations peak {zip_memory.python_peak:5.1f} MiB (tracemalloc)"
    )
    print()
    print(
        f"one pack: {len(warm.pdf) / 1024:.0f} KiB; "
        f"ZIP of {len(companies)}: {zip_size / 1024:.0f} KiB"
    )
    print("(a) and (b) run with tracemalloc off; the memory figures come from one extra run each.")


if __name__ == "__main__":
    main()
