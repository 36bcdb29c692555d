from django.apps import AppConfig


class TailoredListsConfig(AppConfig):
    name = "tailored_lists"
    verbose_name = "Tailored lists of settings"
