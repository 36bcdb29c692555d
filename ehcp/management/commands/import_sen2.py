"""manage.py import_sen2 FILE.xml --council 881 [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError

from ehcp.returns import importer
from send_portal.models import Organisation


class Command(BaseCommand):
    help = (
        "Bring a council's caseload in from a SEN2 XML return made by another system: all or "
        "nothing, with a report of what was created, updated and refused. --dry-run checks the "
        "file and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--council", required=True, help="Three-digit LA code, e.g. 881")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, council, dry_run, **options):
        la = Organisation.objects.filter(kind="la", la_code=council).first()
        if la is None:
            raise CommandError(f"No council with LA code {council}")

        def progress(n):
            self.stdout.write(f"  {n} persons read")

        try:
            with open(file, "rb") as stream:
                report = importer.import_sen2(
                    actor=None, council=la, stream=stream, dry_run=dry_run, progress=progress
                )
        except (OSError, importer.ImportRefused) as error:
            raise CommandError(str(error)) from error
        for r in report.refusals:
            self.stderr.write(f"Refused: {r.person}: {r.module}/{r.item}: {r.reason}")
        self.stdout.write(report.summary())
        if report.refusals:
            raise CommandError(f"{len(report.refusals)} refused: nothing was written")
