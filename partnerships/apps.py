from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Local SEND and AP partnerships and local inclusion plans"

    def ready(self):
        from . import rules  # noqa: F401  (register permission rules)
