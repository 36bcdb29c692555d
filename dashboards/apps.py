from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Local and national inclusion dashboards"

    def ready(self):
        from . import signals

        signals.connect()
