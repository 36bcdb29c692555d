from django.apps import AppConfig


class TailoredListsConfig(AppConfig):
    name = "tailored_lists"
    verbose_name = "Tailored lists of settings"

    def ready(self):
        from . import erasure, rules  # noqa: F401  (permission rules; what erasure deletes)
