"""``manage.py generate_synthetic --scale england|region|la|FRACTION``: synthetic councils' data
calibrated to the published statistics (see ``dashboards.synthetic``)."""

import time

from django.core.management.base import BaseCommand, CommandError

from send_portal import reference_data
from send_portal.models import Organisation

from ... import calibration, published, summaries, synthetic
from ...models import PublishedFigure


class Command(BaseCommand):
    help = (
        "Create synthetic EHC plan data for England (about 640,000 plans), a region, one council "
        "or a fraction of England, calibrated to the DfE's published statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            default="la",
            help="england (all 153 councils), region, la (one council), or a fraction such as "
            "0.01 (every council, scaled down).",
        )
        parser.add_argument(
            "--region", default="E12000001", help="ONS region code for --scale region"
        )
        parser.add_argument(
            "--la", default="390", help="DfE LA number for --scale la (390 Gateshead)"
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--replace", action="store_true", help="Remove earlier synthetic data first"
        )
        parser.add_argument(
            "--check", action="store_true", help="Then compare with the published figures"
        )

    def handle(self, *args, scale, region, la, seed, replace, check, **options):
        reference_data.ensure()
        if not PublishedFigure.objects.exists():
            self.stdout.write("Importing the published statistics first...")
            published.import_release()
        councils = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by(
            "la_code"
        )
        factor = 1.0
        if scale == "england":
            pass
        elif scale == "region":
            councils = councils.filter(region__code=region)
        elif scale == "la":
            councils = councils.filter(la_code=la)
        else:
            try:
                factor = float(scale)
            except ValueError as exc:
                raise CommandError("--scale must be england, region, la or a fraction") from exc
            if not 0 < factor <= 1:
                raise CommandError("A fraction must be more than 0 and at most 1")
        if not councils.exists():
            raise CommandError("No councils match")
        try:
            result = synthetic.generate(
                councils, factor, seed=seed, replace=replace, progress=self.stdout.write
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for label, count in sorted(result.rows.items()):
            self.stdout.write(f"  {label}: {count:,} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.councils} councils in {result.seconds:.1f}s "
                f"({sum(result.rows.values()):,} rows)."
            )
        )
        # The load wrote with COPY, past the model signals, and marked each council it loaded
        # or cleared stale: recalculate their summaries now (the years shown by default; any
        # other year of theirs is recalculated when first shown).
        council_ids = list(councils.values_list("pk", flat=True))
        # (--replace removed every council's earlier synthetic data.)
        loaded = summaries.council_ids() if replace else council_ids
        self.stdout.write(
            f"Dashboard summaries marked stale for the {len(council_ids)} councils loaded"
        )
        started = time.monotonic()
        # (synthetic.generate ANALYZEs on PostgreSQL after its load, issue 16.)
        years = summaries.default_page_years()
        summaries.refresh_councils(None if scale == "england" else loaded, years)
        if scale != "england":
            # And every other council still without a row for those years, so that no first
            # page view calculates them (issue 22).
            summaries.catch_up(la_ids=(), years=set(years))
        self.stdout.write(
            f"Dashboard summaries for {', '.join(str(y) for y in years)} recalculated "
            f"({time.monotonic() - started:.1f}s)"
        )
        if check:
            report = calibration.check(list(councils), factor)
            for line in report.lines():
                self.stdout.write(line)
            if not report.ok:
                raise CommandError("Calibration is outside the tolerance")
