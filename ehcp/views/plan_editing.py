"""Writing the EHC plan (council staff): each section's items, the child's views, the health
agreement, starting and revising a version, pulling in advice, and amending an issued plan."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from send_portal import permissions
from send_portal.forms import GovukDateField

from .. import plan_forms, plan_quality
from ..deadlines.wording import rule_period_words as period
from ..errors import DomainError
from ..forms import DateOnlyForm
from ..models import (
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    Section,
)
from ..plan_document import views_of, with_content
from ..services import plans
from .base import CaseActionView, visible_case
from .plans import (
    KIND_FORMS,
    KIND_MODELS,
)


class PlanEditView(CaseActionView):
    """One form that changes one thing in a version being written. The version is looked up
    after the permission check (only council staff get this far)."""

    template_name = "ehcp/plans/form.html"
    submit_label = "Save"

    @cached_property
    def plan(self) -> Plan:
        return get_object_or_404(
            with_content(self.case.plans.all()), version=self.kwargs["version"]
        )

    def get(self, request, *args, **kwargs):
        self._check(request, self.case)
        if not self.plan.is_editable:
            messages.error(
                request,
                f"Version {self.plan.version} cannot change: it has been sent or issued. Start a "
                "revised draft or propose amendments to change the plan.",
            )
            return redirect(self.plan_url())
        return super().get(request, *args, **kwargs)

    def plan_url(self, anchor: str = "") -> str:
        url = reverse("plan-version", args=[self.case.reference, self.plan.version])
        return f"{url}#section-{anchor}" if anchor else url

    def get_initial(self, case):
        return {"version_lock": self.plan.version_lock}

    def extra_context(self, case):
        return {"plan": self.plan, "back": self.plan_url(), "caption": self.plan.label}

    def lock(self, form) -> int | None:
        return form.cleaned_data.get("version_lock")


class PlanItemView(PlanEditView):
    """Add (``pk`` absent) or change one need, outcome, provision or personal budget."""

    @property
    def kind(self) -> str:
        kind = self.kwargs["kind"]
        if kind not in KIND_FORMS:
            raise Http404
        return kind

    @cached_property
    def item(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(KIND_MODELS[self.kind], plan=self.plan, pk=self.kwargs["pk"])

    @property
    def form_class(self):
        return KIND_FORMS[self.kind]

    @property
    def title(self) -> str:
        if self.item:
            names = {"budget": "personal budget"}
            ref = plans.reference_of(self.plan, self.kind, self.item)
            return f"Change {names.get(self.kind, self.kind)} {ref}"
        section = self._section()
        where = f" to section {section}" if section else ""
        return {
            "need": f"Add a need{where}",
            "outcome": "Add an outcome",
            "provision": f"Add provision{where}",
            "budget": "Add a personal budget",
        }[self.kind]

    def _section(self) -> str:
        if self.item is not None:
            return getattr(self.item, "section", "")
        section = self.request.GET.get("section") or self.request.POST.get("section") or ""
        return section if section in Section.values else ""

    def get_form_kwargs(self, case):
        return {"plan": self.plan} if self.kind != "need" else {"section": self._section()}

    def get_initial(self, case):
        initial = super().get_initial(case)
        if self.item is not None:
            for name in self.form_class.base_fields:
                if name in ("needs", "outcomes"):
                    initial[name] = [o.pk for o in getattr(self.item, name).all()]
                elif name != "version_lock":
                    value = getattr(self.item, name)
                    initial[name] = "" if value is None else value
        elif self._section():
            initial["section"] = self._section()
        return initial

    def perform(self, form, case):
        item = plans.save_item(
            actor=self.request.user,
            plan_id=self.plan.pk,
            expected_lock=self.lock(form),
            kind=self.kind,
            item_id=self.item.pk if self.item else None,
            data=form.cleaned_data,
        )
        self.saved = item
        ref = plans.reference_of(
            with_content(Plan.objects.filter(pk=self.plan.pk)).get(), self.kind, item
        )
        messages.success(self.request, f"{ref} saved")
        return item

    def success_url(self, case, result):
        section = getattr(result, "section", None) or {"outcome": "E", "budget": "J"}[self.kind]
        return self.plan_url(section)


class PlanItemRemoveView(PlanItemView):
    submit_label = "Remove"

    @property
    def form_class(self):
        return plan_forms.LockedForm

    @property
    def title(self) -> str:
        ref = plans.reference_of(self.plan, self.kind, self.item)
        return f"Remove {ref} from the draft?"

    def get_form_kwargs(self, case):
        return {}

    def get_initial(self, case):
        return {"version_lock": self.plan.version_lock}

    def extra_context(self, case):
        return {**super().extra_context(case), "removing": self.item, "warning_button": True}

    def perform(self, form, case):
        section = getattr(self.item, "section", None) or {"outcome": "E", "budget": "J"}[self.kind]
        ref = plans.reference_of(self.plan, self.kind, self.item)
        plans.remove_item(
            actor=self.request.user,
            plan_id=self.plan.pk,
            expected_lock=self.lock(form),
            kind=self.kind,
            item_id=self.item.pk,
        )
        messages.success(self.request, f"{ref} removed")
        return section

    def success_url(self, case, result):
        return self.plan_url(result)


class PlanViewsView(PlanEditView):
    form_class = plan_forms.ViewsForm
    title = "Change section A: views, interests and aspirations"
    submit_label = "Save section A"
    intro = (
        "Keep the child's or young person's own words apart from the parents' views. Write the "
        "child's answers as they gave them."
    )

    def get_initial(self, case):
        initial = super().get_initial(case)
        views = views_of(self.plan)
        if views is not None:
            for name in plan_forms.ViewsForm.CHILD + plan_forms.ViewsForm.PARENT:
                initial[name] = getattr(views, name)
        return initial

    def extra_context(self, case):
        return {
            **super().extra_context(case),
            "groups": [
                (f"In {case.child.known_as}'s own words", plan_forms.ViewsForm.CHILD),
                ("Parents' and carers' views", plan_forms.ViewsForm.PARENT),
            ],
        }

    def perform(self, form, case):
        views = views_of(self.plan)
        result = plans.save_views(
            actor=self.request.user,
            plan_id=self.plan.pk,
            expected_lock=self.lock(form),
            data=form.cleaned_data,
            source_contribution=views.source_contribution if views else None,
        )
        messages.success(self.request, "Section A saved")
        return result

    def success_url(self, case, result):
        return self.plan_url("A")


class HealthAgreementView(PlanEditView):
    form_class = plan_forms.HealthAgreementForm
    title = "Record the integrated care board's agreement to section G"
    submit_label = "Record agreement"
    intro = (
        "Health provision in section G must be agreed by the responsible commissioning body "
        "(SEND Regulations 2014 reg 12(2)). If section G changes after this, it must be agreed "
        "again."
    )

    def perform(self, form, case):
        data = form.cleaned_data
        result = plans.record_health_agreement(
            actor=self.request.user,
            plan_id=self.plan.pk,
            expected_lock=self.lock(form),
            agreed_by=data["agreed_by"],
            icb=data["icb"],
            agreed_on=data["agreed_on"],
        )
        messages.success(self.request, "The integrated care board's agreement is recorded")
        return result

    def success_url(self, case, result):
        return self.plan_url("G")


def _staff_post(request, reference):
    case = visible_case(request, reference)
    permissions.require(request.user, "ehcp.run_workflow", case)
    return case


@login_required
@require_POST
def plan_start(request, reference):
    case = _staff_post(request, reference)
    try:
        plan = plans.start_draft(actor=request.user, case_id=case.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("plan-versions", case.reference)
    messages.success(request, f"Draft started (version {plan.version})")
    return redirect("plan-version", case.reference, plan.version)


@login_required
@require_POST
def plan_revise(request, reference, version):
    case = _staff_post(request, reference)
    plan = get_object_or_404(case.plans, version=version)
    try:
        new = plans.start_revised_draft(actor=request.user, plan_id=plan.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("plan-versions", case.reference)
    messages.success(
        request,
        f"Revised draft started (version {new.version}). Version {plan.version}, the draft the "
        "family has, stays as it was.",
    )
    return redirect("plan-version", case.reference, new.version)


def _lock_from(request) -> int | None:
    try:
        return int(request.POST.get("version_lock", ""))
    except ValueError:
        return None


@login_required
@require_POST
def plan_pull_advice(request, reference, version, item):
    case = _staff_post(request, reference)
    plan = get_object_or_404(case.plans, version=version)
    try:
        added = plans.pull_advice_item(
            actor=request.user,
            plan_id=plan.pk,
            expected_lock=_lock_from(request),
            advice_item_id=item,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(reverse("plan-version", args=[case.reference, version]) + "#advice")
    kind = {PlanNeed: "need", PlanOutcome: "outcome", PlanProvision: "provision"}[type(added)]
    ref = plans.reference_of(with_content(Plan.objects.filter(pk=plan.pk)).get(), kind, added)
    messages.success(
        request, f"Added to the draft as {ref}. Check it and complete what is missing."
    )
    return redirect(reverse("plan-version", args=[case.reference, version]) + "#advice")


@login_required
@require_POST
def plan_use_views(request, reference, version, contribution):
    case = _staff_post(request, reference)
    plan = get_object_or_404(case.plans, version=version)
    get_object_or_404(case.views_contributions, pk=contribution)
    try:
        plans.use_family_views(
            actor=request.user,
            plan_id=plan.pk,
            expected_lock=_lock_from(request),
            contribution_id=contribution,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The family's views are now in section A")
    return redirect(reverse("plan-version", args=[case.reference, version]) + "#section-A")


# ---- amendments ---------------------------------------------------------------------------------


@login_required
@require_POST
def plan_propose_amendments(request, reference):
    case = _staff_post(request, reference)
    try:
        plan = plans.propose_amendments(actor=request.user, case_id=case.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("plan-versions", case.reference)
    messages.success(request, f"Proposed amendments started (version {plan.version})")
    return redirect("plan-version", case.reference, plan.version)


class _AmendmentStep(CaseActionView):
    template_name = "ehcp/plans/form.html"

    @cached_property
    def plan(self) -> Plan:
        return get_object_or_404(self.case.plans, version=self.kwargs["version"])

    def get(self, request, *args, **kwargs):
        self._check(request, self.case)
        if self.plan.status != Plan.Status.PROPOSED:
            messages.error(request, f"Version {self.plan.version} is not a proposed amendment.")
            return redirect("plan-version", self.case.reference, self.plan.version)
        return super().get(request, *args, **kwargs)

    def extra_context(self, case):
        url = reverse("plan-version", args=[case.reference, self.plan.version])
        return {"plan": self.plan, "back": url, "caption": self.plan.label}

    def success_url(self, case, result):
        return reverse("plan-version", args=[case.reference, result.version])


class SendAmendmentsView(_AmendmentStep):
    title = "Send the proposed amendments to the family"
    submit_label = "Record as sent"
    success_message = "Proposed amendments recorded as sent"
    intro = (
        f"The family has at least {period('amendment_representations_close')}, beginning with the "
        "day the proposal is sent, to comment (SEND Regulations 2014 reg 22(2)). The amended "
        f"plan must then be issued within {period('amended_plan_due')} of the proposal (reg 22(3))."
    )
    form_class = DateOnlyForm

    def get_form_kwargs(self, case):
        return {"label": "Date the proposal was sent", "label_lower": "the date it was sent"}

    def perform(self, form, case):
        return plans.send_amendment_proposal(
            actor=self.request.user, plan_id=self.plan.pk, sent_on=form.cleaned_data["on"]
        )


class IssueAmendedForm(forms.Form):
    issued_on = GovukDateField(
        label="Date the amended plan is issued", label_lower="the issue date", past_only=True
    )
    notice_sent_on = GovukDateField(
        label="Date the amended plan was sent",
        label_lower="the date the plan was sent",
        past_only=True,
        help_text="The family's appeal deadline runs from this date.",
    )


class IssueAmendedView(_AmendmentStep):
    form_class = IssueAmendedForm
    title = "Issue the amended plan"
    submit_label = "Issue the amended plan"
    success_message = "Amended plan issued"

    def extra_context(self, case):
        full = with_content(Plan.objects.filter(pk=self.plan.pk)).get()
        findings = plan_quality.check(full)
        return {
            **super().extra_context(case),
            "blocking": plan_quality.blocking(findings),
            "warnings": [f for f in findings if not f.blocking],
        }

    def perform(self, form, case):
        data = form.cleaned_data
        return plans.issue_amended_plan(
            actor=self.request.user,
            plan_id=self.plan.pk,
            issued_on=data["issued_on"],
            notice_sent_on=data["notice_sent_on"],
        )
