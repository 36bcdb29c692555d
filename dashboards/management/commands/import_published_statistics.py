"""``manage.py import_published_statistics [--directory DIR]``: load the DfE EHC plan
statistics (reporting year 2025 release, with its time series from 2019) and the Tribunal
appeal rates, replacing any earlier import of the same release."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from send_portal import reference_data

from ... import published


class Command(BaseCommand):
    help = "Import the DfE's published EHC plan statistics (SEN2) from ../shared/data/sen2/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="The ehcp-2025 release folder (default: ../shared/data/sen2/ehcp-2025).",
        )

    def handle(self, *args, directory=None, **options):
        directory = directory or published.default_directory()
        if not (directory / "data" / "caseload.csv").exists():
            raise CommandError(f"No published statistics found in {directory}")
        reference_data.ensure()
        result = published.import_release(directory)
        for dataset, count in result.by_dataset.items():
            self.stdout.write(f"  {dataset}: {count} figures")
        self.stdout.write(self.style.SUCCESS(f"Imported {result.figures} published figures."))
