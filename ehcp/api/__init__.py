"""The EHC API (``/api/v1/``): registered on the project router by ``register``."""


def register(router) -> None:
    from . import views

    case = r"cases/(?P<reference>[^/]+)"
    plan = rf"{case}/plans/(?P<version>[0-9]+)"
    router.register("cases", views.CaseViewSet, basename="api-case")
    router.register(f"{case}/timeline", views.TimelineViewSet, basename="api-case-timeline")
    router.register(f"{case}/deadlines", views.DeadlineViewSet, basename="api-case-deadlines")
    router.register(f"{case}/decisions", views.DecisionViewSet, basename="api-case-decisions")
    router.register(f"{case}/advice-requests", views.CaseAdviceViewSet, basename="api-case-advice")
    router.register(f"{case}/plans", views.PlanViewSet, basename="api-plan")
    router.register(f"{plan}/needs", views.PlanNeedViewSet, basename="api-plan-needs")
    router.register(f"{plan}/outcomes", views.PlanOutcomeViewSet, basename="api-plan-outcomes")
    router.register(
        f"{plan}/provisions", views.PlanProvisionViewSet, basename="api-plan-provisions"
    )
    router.register(f"{plan}/budgets", views.PlanBudgetViewSet, basename="api-plan-budgets")
    router.register("advice-requests", views.MyAdviceViewSet, basename="api-advice-request")
