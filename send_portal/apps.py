from django.apps import AppConfig


class SendPortalConfig(AppConfig):
    name = "send_portal"
    verbose_name = "SEND Partnership Portal core"

    def ready(self):
        from . import rules, signals  # noqa: F401  (register permission rules and auth hooks)
        from .security import access_log  # noqa: F401  (its permission rule)
