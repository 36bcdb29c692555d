"""manage.py export_annex_a --council 881 --output annex-a.xlsx"""

from django.core.management.base import BaseCommand, CommandError

from ehcp.returns import services
from send_portal.models import Organisation


class Command(BaseCommand):
    help = (
        "Write Ofsted and CQC's area SEND inspection Annex A (sheets List_1 and List_2) for a "
        "council as XLSX, after Ofsted's checks. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="Three-digit LA code, e.g. 881")
        parser.add_argument("--output", required=True, help="The XLSX file to write")

    def handle(self, *args, council, output, **options):
        la = Organisation.objects.filter(kind="la", la_code=council).first()
        if la is None:
            raise CommandError(f"No council with LA code {council}")
        try:
            content, result = services.export_annex_a(
                actor=None, council=la, channel="manage.py export_annex_a"
            )
        except services.AnnexAHasErrors as error:
            for f in error.result.errors:
                self.stderr.write(f"{f.child_name}: {f.check.code} {f.check.message}")
            raise CommandError(error.message) from error
        with open(output, "wb") as handle:
            handle.write(content)
        self.stdout.write(f"Wrote {output}: List_1 has {len(result.list_1)} children")
