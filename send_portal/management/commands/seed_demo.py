import os

from django.conf import settings
from django.core.management.base import BaseCommand

from send_portal import demo


class Command(BaseCommand):
    help = "Build the demo Regional Expert Partnership (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default=os.environ.get("DEMO_ADDRESS", "127.0.0.1:8000"),
            help="host:port the demo is served on, for the sign-in address printed at the end "
            "(scripts/demo.sh passes the one it runs the server on).",
        )

    def handle(self, *args, **options):
        import logging

        from django.test.utils import override_settings

        # The demo sends dozens of notifications through the real services; keep their e-mails
        # in memory (they are still recorded as sent in the outbox) rather than on the console.
        logging.getLogger("celery").setLevel(logging.WARNING)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            ctx = demo.build()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for every account: {demo.DEMO_PASSWORD})")
        from send_portal.security.demo import DEMO_TOTP_BASE32

        self.stdout.write(
            "Staff accounts then ask for an authenticator app code: add the secret "
            f"{DEMO_TOTP_BASE32} to an authenticator app, or read the code shown on the code page "
            "(make demo sets SEND_PORTAL_DEMO=1)."
        )
        width = max(len(email) for email, _, _ in ctx.logins)
        for email, describe, roles in ctx.logins:
            self.stdout.write(f"  {email.ljust(width)}  {describe} [{roles}]")
        self.stdout.write("")
        operator = settings.COUNCIL_NAME or "(COUNCIL_NAME is not set: pages name no operator)"
        self.stdout.write(f"The service is shown as run by: {operator}")
        self.stdout.write(f"Sign in at http://{options['address']}/sign-in/")
