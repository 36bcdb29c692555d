"""manage.py export_sen2 --council 881 --year 2026 --output SEN2.xml"""

from django.core.management.base import BaseCommand, CommandError

from ehcp.returns import services
from send_portal.models import Organisation


class Command(BaseCommand):
    help = (
        "Write a council's SEN2 person-level return (DfE specification 2026) as XML: the same "
        "file as the SEND manager's download. Refused, with each problem listed, while a "
        "validation rule fails. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="Three-digit LA code, e.g. 881")
        parser.add_argument("--year", type=int, required=True, help="Reporting year, e.g. 2026")
        parser.add_argument("--output", required=True, help="The XML file to write")

    def handle(self, *args, council, year, output, **options):
        la = Organisation.objects.filter(kind="la", la_code=council).first()
        if la is None:
            raise CommandError(f"No council with LA code {council}")
        try:
            content, result = services.export_sen2(
                actor=None, council=la, year=year, channel="manage.py export_sen2"
            )
        except services.ReturnHasProblems as error:
            for p in error.result.problems:
                self.stderr.write(
                    f"{p.child_name}: {p.rule} {p.module}/{p.field}: {p.message}"
                    + (f" (fix at {p.fix_url})" if p.fix_url else "")
                )
            raise CommandError(error.message) from error
        with open(output, "wb") as handle:
            handle.write(content)
        self.stdout.write(f"Wrote {output}: {len(result.persons)} persons, {la.name} {year}")
