from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = "National Standards catalogue"

    def ready(self):
        from . import rules  # noqa: F401  (register permission rules)
