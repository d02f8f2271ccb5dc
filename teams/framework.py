"""The maturity framework of a workshop: the default one, and JSON import/export."""

import json
from pathlib import Path

from django.db import transaction

from .models import Dimension, Framework, Service

DEFAULT_FRAMEWORK_FILE = Path(__file__).parent / "frameworks" / "pmo-default.json"


@transaction.atomic
def install_default(workshop) -> Framework | None:
    """Give a new workshop the default framework and services catalogue."""
    if not DEFAULT_FRAMEWORK_FILE.exists():
        return None
    data = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    framework = Framework.objects.create(
        workshop=workshop, name=data["name"], sources=data.get("sources", "")
    )
    Dimension.objects.bulk_create(
        Dimension(
            framework=framework,
            position=i,
            key=d["key"],
            name=d["name"],
            short_name=d.get("short_name", ""),
            description=d.get("description", ""),
            **{f"level_{n}": d["levels"][n - 1] for n in range(1, 6)},
        )
        for i, d in enumerate(data["dimensions"], start=1)
    )
    Service.objects.bulk_create(
        Service(workshop=workshop, position=i, name=s["name"], description=s.get("description", ""))
        for i, s in enumerate(data.get("services", []), start=1)
    )
    return framework
