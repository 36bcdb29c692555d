"""The one-form step page of this app: the object is looked up through a permission-scoped
selector (404 when out of scope), the step's permission is checked before the form is shown
(403 with the rule's message), and the service's DomainErrors go back on the form."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from send_portal.views.steps import OneFormStepView

from .. import selectors


class StepView(OneFormStepView):
    """Subclasses give ``queryset(request)`` (permission-scoped), ``perform(form, obj)`` and
    ``back_url(obj)``; ``lookup(kwargs)`` picks the object out of the queryset (by pk)."""

    template_name = "ehcp/reviews/action.html"
    permission = "reviews.manage"
    object_name = "obj"

    def queryset(self, request):
        raise NotImplementedError(f"{type(self).__name__} must say where its objects come from")

    def lookup(self, kwargs) -> dict:
        return {"pk": kwargs["pk"]}

    def get_object(self, request, **kwargs):
        return get_object_or_404(self.queryset(request), **self.lookup(kwargs))

    def case_of(self, obj):
        return obj.case

    def back_url(self, obj) -> str:
        raise NotImplementedError(f"{type(self).__name__} must say where its back link goes")

    def success_url(self, obj, result) -> str:
        return self.back_url(obj)

    def base_context(self, obj) -> dict:
        return {"case": self.case_of(obj), "back_url": self.back_url(obj)}


def case_url(case) -> str:
    """A case's page after the plan (the back link of every case-level step)."""
    return reverse("reviews-case", args=[case.reference])


class CaseStep(StepView):
    """A step on the council's case itself, looked up by its reference."""

    def queryset(self, request):
        return selectors.cases_for_staff(request.user)

    def lookup(self, kwargs):
        return {"reference": kwargs["reference"]}

    def case_of(self, obj):
        return obj

    def back_url(self, obj):
        return case_url(obj)
