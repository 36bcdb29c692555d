"""Demo data for the dashboards: the published statistics and synthetic records for the demo
councils (Essex, Southend-on-Sea, Thurrock), calibrated to their published figures, so the
demo SEND managers, board members, Regions Group officers and DfE analysts see full
dashboards beside the published ones. Idempotent: skipped when already there."""

from __future__ import annotations

from ehcp.models import Case
from send_portal.models import Organisation

from . import published, synthetic
from .models import PublishedFigure


def build(ctx) -> None:
    if not PublishedFigure.objects.exists():
        # The demo councils' region, its councils and England (the full release is
        # ``manage.py import_published_statistics``).
        regions = {c.region_id for c in ctx.las.values()}
        codes = {published.ENGLAND_CODE}
        for council in Organisation.objects.filter(kind="la", region_id__in=regions):
            codes.update({council.ons_code, council.region.code})
        published.import_release(area_codes=codes)
    if not Case.objects.filter(reference__startswith=synthetic.PREFIX).exists():
        councils = sorted(ctx.las.values(), key=lambda c: c.la_code)
        synthetic.generate(councils, 1.0, progress=lambda message: None)
