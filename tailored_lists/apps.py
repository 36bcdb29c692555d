from django.apps import AppConfig


class TailoredListsConfig(AppConfig):
    name = "tailored_lists"
    verbose_name = "Tailored lists of settings"

    def ready(self):
        from . import rules  # noqa: F401  (register permission rules)
