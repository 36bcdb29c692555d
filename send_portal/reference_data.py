"""Reference data every deployment needs: the nine DfE regions, the 153 local authorities
(send_portal/data/local_authorities.csv), a DfE Regions Group team per region, and the DfE.

Loaded by migration 0002 and re-applied (idempotently) by ``seed_demo``, so a database that was
emptied (for example by a transactional test) can be restored.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "local_authorities.csv"


def load(Region, Organisation) -> None:  # noqa: N803 - model classes (historical in migrations)
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = {}
    for row in rows:
        if row["region_code"] not in regions:
            regions[row["region_code"]], _ = Region.objects.get_or_create(
                code=row["region_code"], defaults={"name": row["region_name"]}
            )
    existing = set(Organisation.objects.filter(kind="la").values_list("la_code", flat=True))
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind="la",
                la_code=row["la_code"],
                name=row["name"],
                ons_code=row["ons_code"],
                region=regions[row["region_code"]],
            )
            for row in rows
            if row["la_code"] not in existing
        ]
    )
    for region in regions.values():
        Organisation.objects.get_or_create(
            kind="regions_group",
            region=region,
            defaults={"name": f"DfE Regions Group, {region.name}"},
        )
    Organisation.objects.get_or_create(kind="dfe", defaults={"name": "Department for Education"})


def ensure() -> None:
    """Load the reference data with the current models if any of it is missing."""
    # A data migration imports this module (``load`` with historical models): the current
    # models are imported only when they are used.
    from .models import Organisation, Region

    if Organisation.objects.filter(kind="la").count() < 153 or Region.objects.count() < 9:
        load(Region, Organisation)
