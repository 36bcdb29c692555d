"""Shared pieces of the EHC views: scoped case lookup and the one-form action page."""

from __future__ import annotations

from django.urls import reverse

from send_portal.views.steps import OneFormStepView, apply_domain_error

from ..models import Case
from ..selectors import visible_case_or_404


def visible_case(request, reference: str) -> Case:
    """The case with this reference if the person may see it; otherwise 404."""
    return visible_case_or_404(request.user, reference)


__all__ = ["CaseActionView", "ProposeIfReserved", "apply_domain_error", "visible_case"]


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


class ProposeIfReserved:
    """For a decision the council reserves to its SEND managers (``reserved_kind``): a
    caseworker's page prepares it for approval (no dates: the manager's approval makes and dates
    it) instead of making it; a manager's page makes it as before.

    The view defines ``decision_form_class`` (the usual form), ``reserved_case(obj)`` and
    ``decide(form, obj)``; ``proposal_fields`` are extra text fields kept with the proposal.
    """

    reserved_kind = ""
    decision_form_class = None
    proposal_fields: tuple[tuple[str, str], ...] = ()

    def reserved_case(self, obj):
        return obj

    def proposing(self, obj) -> bool:
        from ..services import management

        return management.needs_approval(
            self.request.user, self.reserved_case(obj), self.reserved_kind
        )

    @property
    def form_class(self):
        from ..forms import ProposeDecisionForm

        return ProposeDecisionForm if self.proposing(self.step_object) else self.decision_form_class

    def get_form_kwargs(self, obj):
        kwargs = super().get_form_kwargs(obj)
        if self.proposing(obj):
            kwargs = {
                "question": kwargs.get("question", "The decision"),
                "extra_fields": self.proposal_fields,
            }
        return kwargs

    def base_context(self, obj):
        # base_context, not extra_context: the decision views define their own extra_context.
        context = super().base_context(obj)
        if self.proposing(obj):
            from ..models import DecisionApproval

            case = self.reserved_case(obj)
            waiting = DecisionApproval.objects.filter(
                case=case, kind=self.reserved_kind, status=DecisionApproval.Status.PENDING
            ).first()
            returned = (
                DecisionApproval.objects.filter(
                    case=case, kind=self.reserved_kind, status=DecisionApproval.Status.RETURNED
                )
                .order_by("-decided_at")
                .first()
            )
            context["intro"] = (
                f"{case.local_authority.name} reserves this decision to a SEND manager. Prepare "
                "it here: it goes to the managers' approval queue, and the letter is sent when "
                "a manager approves it."
            )
            context["submit_label"] = "Send to a manager for approval"
            context["approval_waiting"] = waiting
            context["approval_returned"] = returned
        return context

    def get_success_message(self, result):
        from ..models import DecisionApproval

        if isinstance(result, DecisionApproval):
            return "Sent to a SEND manager for approval. The letter goes once they approve it."
        return super().get_success_message(result)

    def perform(self, form, obj):
        if not self.proposing(obj):
            return self.decide(form, obj)
        from ..services import management

        data = form.cleaned_data
        return management.propose_decision(
            actor=self.request.user,
            case_id=self.reserved_case(obj).pk,
            kind=self.reserved_kind,
            outcome=data["decision"] == "yes",
            reasons=data.get("reasons", ""),
            cessation_id=getattr(obj, "pk", None) if obj is not self.reserved_case(obj) else None,
            details={name: data.get(name, "") for name, _ in self.proposal_fields},
        )
