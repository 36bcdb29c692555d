from django.apps import AppConfig


class RedressConfig(AppConfig):
    name = "ehcp.redress"
    label = "redress"
    verbose_name = "Mediation, appeals and complaints"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import rules  # noqa: F401  (register permission rules)
