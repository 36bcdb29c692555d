from django.core.management.base import BaseCommand, CommandError

from send_portal.api.tokens import TokenError, issue_token
from send_portal.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Issue an API token for a system integration, limited to one council and to read or "
        "write. The key is printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin", required=True, help="E-mail of the system administrator")
        parser.add_argument("--user", required=True, help="E-mail of the service account")
        parser.add_argument("--council", required=True, help="DfE LA number, e.g. 881")
        parser.add_argument("--scope", choices=["read", "write"], default="read")
        parser.add_argument("--name", required=True, help="What will use it")

    def handle(self, *args, **options):
        try:
            admin = User.objects.get(email__iexact=options["admin"])
            user = User.objects.get(email__iexact=options["user"])
            council = Organisation.objects.get(kind="la", la_code=options["council"])
        except (User.DoesNotExist, Organisation.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        try:
            token, key = issue_token(
                actor=admin,
                user=user,
                local_authority=council,
                scope=options["scope"],
                name=options["name"],
            )
        except TokenError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Token {token} for {council.name}.")
        self.stdout.write("Key (shown once; send it as 'Authorization: Bearer <key>'):")
        self.stdout.write(key)
