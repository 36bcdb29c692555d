"""``manage.py refresh_dashboard_summaries [--year Y ...] [--all]``: recalculate the per-council
dashboard summaries (``dashboards.summaries``) from the operational tables."""

from django.core.management.base import BaseCommand

from ... import summaries


class Command(BaseCommand):
    help = (
        "Recalculate the dashboards' per-council summaries: the stale ones (default), every "
        "council for the years given (--year), or every council for every year summarised and "
        "the years shown by default (--all, what the nightly task does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, action="append", default=[], help="A reporting year (repeatable)"
        )
        parser.add_argument("--all", action="store_true", help="Every summarised year")

    def handle(self, *args, year, all, **options):
        years = set(year)
        if all:
            years |= set(summaries.summarised_years()) | set(summaries.default_page_years())
        if years:
            summaries.refresh_years(years, progress=self.stdout.write)
            return
        count = summaries.refresh_stale()
        self.stdout.write(f"{count} stale council-year summaries recalculated.")
