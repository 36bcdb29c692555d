"""Shared pieces of the redress views: scoped lookups and the one-form action page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ehcp import selectors as case_selectors
from ehcp.models import Case
from ehcp.views.base import visible_case
from send_portal.views.steps import OneFormStepView

from .. import selectors
from ..models import ComplianceStep, MediationCase, TribunalAppeal

STAFF_ONLY = "This page is for the council's SEND team."
FAMILY_ONLY = "This page is for the child's parent or carer, or the young person."


def staff_case(request, reference: str) -> Case:
    """A case for a council page: 404 outside the person's relationships, 403 for people who can
    see the case but are not its council's staff (families are sent to their own page)."""
    case = visible_case(request, reference)
    if not case_selectors.is_staff_of_case(request.user, case):
        raise PermissionDenied(STAFF_ONLY)
    return case


def family_case(request, reference: str) -> Case:
    """A case for a family page: 404 outside the person's relationships, 403 for people who can
    see the case but hold no rights in it (council staff, advisers)."""
    case = visible_case(request, reference)
    if not case_selectors.is_family_of_case(request.user, case):
        raise PermissionDenied(FAMILY_ONLY)
    return case


def visible_mediation(request, reference: str, pk: int) -> MediationCase:
    return get_object_or_404(
        selectors.mediation_detail_queryset(request.user), pk=pk, case__reference=reference
    )


def visible_appeal(request, reference: str, pk: int) -> TribunalAppeal:
    return get_object_or_404(
        selectors.appeals_visible_to(request.user).select_related(
            "case__child", "case__local_authority", "decision", "mediation"
        ),
        pk=pk,
        case__reference=reference,
    )


def visible_step(request, reference: str, pk: int) -> ComplianceStep:
    return get_object_or_404(
        selectors.steps_visible_to(request.user).select_related(
            "case__child", "case__local_authority", "order", "appeal", "agreement_action"
        ),
        pk=pk,
        case__reference=reference,
    )


class ActionView(OneFormStepView):
    """A page with one form that performs one step.

    Subclasses define ``get_object`` (a scoped lookup: 404 out of scope), ``perform(form, obj)``
    (calls the service) and ``back_url(obj)``; they set ``form_class``, ``title`` and
    ``permission``. The permission is checked before the form is shown (403 with the rule's
    message); domain errors become GOV.UK error messages on the form.
    """

    template_name = "redress/action.html"
    permission = "redress.manage"
    back_text = "Back"

    def back_url(self, obj) -> str:
        raise NotImplementedError(f"{type(self).__name__} must say where its back link goes")

    def success_url(self, obj, result) -> str:
        return self.back_url(obj)

    def base_context(self, obj) -> dict:
        return {
            "case": obj if isinstance(obj, Case) else getattr(obj, "case", None),
            "back_url": self.back_url(obj),
            "back_text": self.back_text,
            "today_date": case_selectors.today(),
        }


class MediationActionView(ActionView):
    """A step on a mediation case (staff of the council or its mediator)."""

    back_text = "Back to the mediation"

    def get_object(self, request, **kwargs):
        return visible_mediation(request, kwargs["reference"], kwargs["pk"])

    def back_url(self, obj) -> str:
        return reverse("redress-mediation", args=[obj.case.reference, obj.pk])


class AppealActionView(ActionView):
    back_text = "Back to the appeal"

    def get_object(self, request, **kwargs):
        return visible_appeal(request, kwargs["reference"], kwargs["pk"])

    def back_url(self, obj) -> str:
        return reverse("redress-appeal", args=[obj.case.reference, obj.pk])


class CaseLevelActionView(ActionView):
    """A step that starts from the case (opening a mediation case, registering an appeal)."""

    back_text = "Back to mediation and appeals"

    def get_object(self, request, **kwargs):
        return visible_case(request, kwargs["reference"])

    def back_url(self, obj) -> str:
        return reverse("redress-case", args=[obj.reference])
