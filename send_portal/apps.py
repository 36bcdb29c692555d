from django.apps import AppConfig


class SendPortalConfig(AppConfig):
    name = "send_portal"
    verbose_name = "SEND Partnership Portal core"

    def ready(self):
        # Register permission rules, auth hooks and the retention sweep task.
        from . import erasure, retention, rules, signals  # noqa: F401
        from .security import access_log  # noqa: F401  (its permission rule)
