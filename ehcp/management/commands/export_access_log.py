from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from send_portal.models import User
from send_portal.security.access_log import export_access_log

from ...models import Child


class Command(BaseCommand):
    help = (
        "For a subject access request: write as CSV who viewed or changed a child's record, "
        "and when. The export itself is recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--child", type=int, required=True, help="The child's id")
        parser.add_argument("--actor", required=True, help="E-mail of the person exporting")

    def handle(self, *args, **options):
        try:
            actor = User.objects.get(email__iexact=options["actor"])
            child = Child.objects.get(pk=options["child"])
        except (User.DoesNotExist, Child.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        try:
            self.stdout.write(export_access_log(actor=actor, child=child), ending="")
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
