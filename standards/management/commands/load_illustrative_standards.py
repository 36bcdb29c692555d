"""Load the illustrative National Standards (version 1 published, version 2 in development)."""

from django.core.management.base import BaseCommand

from standards import content


class Command(BaseCommand):
    help = (
        "Load the illustrative National Standards content (idempotent). DfE has not yet "
        "published the National Standards; every page says this content is illustrative."
    )

    def handle(self, *args, **options):
        first, second = content.install()
        versions = ", ".join(
            f"version {v.number} ({v.get_status_display().lower()}, {v.entries.count()} standards)"
            for v in (first, second)
            if v is not None
        )
        self.stdout.write(f"Illustrative National Standards: {versions}")
