from django.apps import AppConfig


class EhcpConfig(AppConfig):
    name = "ehcp"
    verbose_name = "EHC needs assessments and plans"

    def ready(self):
        # Register permission rules, reminder sources, and what erasure and retention do with
        # this app's records (send_portal.erasure, send_portal.retention).
        from . import erasure, reminders, retention, rules  # noqa: F401
        from .returns import rules as return_rules  # noqa: F401
        from .uploads import rules as upload_rules  # noqa: F401  (evidence upload rules)
