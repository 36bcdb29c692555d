from datetime import date

from django.core.management.base import BaseCommand, CommandError

from send_portal import erasure, retention
from send_portal.models import Organisation


class Command(BaseCommand):
    help = (
        "List every record past its retention date, with the rule that says so (the default, "
        "--dry-run), or erase and delete them (--apply) as the retention sweep. After restoring "
        "a backup, --reapply-erasures erases again every child erased since the backup was "
        "taken (from the erasure ledger). Rules: send_portal/retention.py."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list what is past retention (the default).",
        )
        mode.add_argument(
            "--apply", action="store_true", help="Erase and delete what is past retention."
        )
        mode.add_argument(
            "--reapply-erasures",
            action="store_true",
            help="After a restore: erase again the children in the erasure ledger.",
        )
        parser.add_argument("--council", help="Only this council (its three-digit LA code).")
        parser.add_argument(
            "--on",
            type=date.fromisoformat,
            help="Judge retention as on this day (YYYY-MM-DD) instead of today.",
        )
        parser.add_argument("--rules", action="store_true", help="Print the retention rules.")

    def handle(self, *args, **options):
        if options["rules"]:
            for rule in retention.RULES.values():
                self.stdout.write(f"{rule.key}: {rule.records}")
                self.stdout.write(f"    kept: {rule.description} ({rule.action})")
                self.stdout.write(f"    basis: {rule.basis}")
            return
        if options["reapply_erasures"]:
            redone = erasure.reapply_erasures()
            self.stdout.write(
                f"Erasures re-applied: {len(redone)}"
                + (f" (children {', '.join(map(str, redone))})" if redone else "")
            )
            return
        council = options["council"]
        if council and not Organisation.objects.filter(kind="la", la_code=council).exists():
            raise CommandError(f"No council has the LA code {council!r}")
        report = retention.run(options["on"], council=council, apply=options["apply"])
        verb = "Erased" if report.applied else "Past retention (not erased: dry run)"
        self.stdout.write(f"Retention as on {report.today:%d %B %Y}")
        self.stdout.write(f"Children's records past retention: {len(report.children)}")
        for entry in report.children:
            state = ""
            if report.applied:
                state = " erased" if entry.child_id in report.erased else " NOT erased"
                if entry.child_id in report.refused:
                    state += f": {report.refused[entry.child_id]}"
            self.stdout.write(
                f"  child {entry.child_id}: {entry.rule.key}, due {entry.due_on:%d %B %Y} "
                f"({entry.rule.description}){state}"
            )
        for key, count in report.housekeeping.items():
            rule = retention.RULES[key]
            self.stdout.write(f"{rule.key}: {count} ({rule.description})")
        if report.applied:
            self.stdout.write(
                f"{verb}: {len(report.erased)} children's records; deleted "
                f"{sum(report.housekeeping.values())} other records."
            )
        else:
            self.stdout.write("Dry run: nothing was changed. Use --apply to erase and delete.")
