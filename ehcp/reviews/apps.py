from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "ehcp.reviews"
    label = "reviews"
    verbose_name = "After the plan: reviews, phase transfers, re-assessment, ceasing and moves"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import reminders, rules  # noqa: F401  (register rules and reminder sources)
        from .services import cessation

        cessation.register_reserved_decision()
