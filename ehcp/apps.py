from django.apps import AppConfig


class EhcpConfig(AppConfig):
    name = "ehcp"
    verbose_name = "EHC needs assessments and plans"

    def ready(self):
        from . import reminders, rules  # noqa: F401  (register rules and reminder sources)
        from .returns import rules as return_rules  # noqa: F401
