"""Shared pieces of the EHC views: scoped case lookup and the one-form action page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from send_portal.views.steps import OneFormStepView, apply_domain_error

from ..models import Case
from ..selectors import cases_visible_to


def visible_case(request, reference: str) -> Case:
    """The case with this reference if the person may see it; otherwise 404."""
    return get_object_or_404(
        cases_visible_to(request.user).select_related("child", "local_authority", "caseworker"),
        reference=reference,
    )


__all__ = ["CaseActionView", "apply_domain_error", "visible_case"]


class CaseActionView(OneFormStepView):
    """A page with one form that performs one workflow step on a case.

    Subclasses set ``form_class``, ``title`` and ``permission`` and define
    ``perform(form, case)``, which calls the service.
    The case is looked up through the permission-scoped selector (404 when out of scope); the
    step's permission is checked before the form is shown (403 with the rule's message).
    """

    template_name = "ehcp/action.html"
    permission = "ehcp.run_workflow"
    object_name = "case"

    def get_object(self, request, **kwargs) -> Case:
        return visible_case(request, kwargs["reference"])

    def success_url(self, case, result) -> str:
        return reverse("case-detail", args=[case.reference])
