"""The plan: its versions, each version section by section, the caseworker's editor (one item
per page), the comparison of two versions, the PDF of a version, and amendments.

Who sees what (``selectors.plans_visible_to``): council staff every version; the family, and a
school or college consulted about the plan, the versions sent to the family. A version outside
that is a 404. Writing is for council staff (403 with the rule's message for anyone else who can
see the case).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from send_portal import audit, permissions
from send_portal.forms import GovukDateField

from .. import plan_compare, plan_forms, plan_quality, selectors
from ..deadlines.wording import rule_period_words as period
from ..errors import DomainError
from ..forms import DateOnlyForm
from ..models import (
    AdviceItem,
    AdviceRequest,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    Section,
    Stage,
)
from ..plan_document import plan_sections, views_of, with_content
from ..services import participation, plans
from .base import CaseActionView, visible_case

KIND_FORMS = {
    "need": plan_forms.NeedForm,
    "outcome": plan_forms.OutcomeForm,
    "provision": plan_forms.ProvisionForm,
    "budget": plan_forms.BudgetForm,
}
KIND_MODELS = {
    "need": PlanNeed,
    "outcome": PlanOutcome,
    "provision": PlanProvision,
    "budget": PlanPersonalBudget,
}
#: What "add" means in each section, for the links under it.
ADD_LINKS = {
    Section.B: ("need", "Add a need to section B"),
    Section.C: ("need", "Add a health need to section C"),
    Section.D: ("need", "Add a social care need to section D"),
    Section.E: ("outcome", "Add an outcome"),
    Section.F: ("provision", "Add provision to section F"),
    Section.G: ("provision", "Add health provision to section G"),
    Section.H1: ("provision", "Add social care provision to section H1"),
    Section.H2: ("provision", "Add social care provision to section H2"),
    Section.J: ("budget", "Add a personal budget"),
}
PLAN_PAGE = "This page is for the council's SEND team, the family and the school consulted."


def _role_back(request, case) -> tuple[str, str]:
    if selectors.is_staff_of_case(request.user, case):
        return reverse("case-detail", args=[case.reference]), "Back to the case"
    if selectors.is_family_of_case(request.user, case):
        return reverse("family-case", args=[case.reference]), "Back to the case"
    consultation = case.setting_requests.filter(
        setting_id__in=request.user.organisations_for("senco")
    ).first()
    if consultation is not None:
        return reverse("consultation-respond", args=[consultation.pk]), "Back to the consultation"
    return reverse("home"), "Back"


def _readable_case(request, reference):
    """The case, if the person may read its plan: staff, family or the consulted school.
    Advisers can see the case while their advice is open, but not the plan (403)."""
    case = visible_case(request, reference)
    user = request.user
    if not (
        selectors.is_staff_of_case(user, case)
        or selectors.is_family_of_case(user, case)
        or selectors.is_consulted_setting_of_case(user, case)
    ):
        raise PermissionDenied(PLAN_PAGE)
    return case


def _visible_plan(request, case, version: int, *, content: bool = False) -> Plan:
    plans_qs = selectors.plans_visible_to(request.user, case)
    if content:
        plans_qs = with_content(plans_qs)
    return get_object_or_404(plans_qs, version=version)


def _log_view(request, case, what: str) -> None:
    audit.record_view(
        actor=request.user,
        obj=case,
        child_id=case.child_id,
        summary=f"{what} ({case.reference})",
        request=request,
    )


@login_required
def plan_versions(request, reference):
    case = _readable_case(request, reference)
    versions = list(selectors.plans_visible_to(request.user, case).select_related("document"))
    staff = selectors.is_staff_of_case(request.user, case)
    _log_view(request, case, "Viewed the plan's versions")
    back, back_text = _role_back(request, case)
    latest = versions[-1] if versions else None
    return render(
        request,
        "ehcp/plans/versions.html",
        {
            "case": case,
            "versions": list(reversed(versions)),
            "staff": staff,
            "back": back,
            "back_text": back_text,
            "can_start": staff
            and case.stage == Stage.DRAFTING
            and not any(p.is_editable for p in versions),
            "can_revise": staff
            and latest is not None
            and latest.status == Plan.Status.DRAFT
            and latest.served_on is not None
            and case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING),
            "can_amend": staff
            and latest is not None
            and latest.is_issued
            and case.stage == Stage.FINAL_ISSUED,
            "latest": latest,
            "compare_form": plan_forms.CompareForm(
                versions=versions,
                initial={
                    "older": versions[-2].version if len(versions) > 1 else None,
                    "newer": latest.version if latest else None,
                },
            )
            if len(versions) > 1
            else None,
        },
    )


def _comments_by_section(plan: Plan) -> dict:
    comments: dict[str, list] = {}
    for comment in plan.comments.select_related("author"):
        comments.setdefault(comment.section, []).append(comment)
    return comments


def _advice_to_use(plan: Plan) -> list[dict]:
    """Received advice with its structured items, and where each item already is in the plan."""
    used = {}
    for model, kind in ((PlanNeed, "need"), (PlanOutcome, "outcome"), (PlanProvision, "provision")):
        for item in model.objects.filter(plan=plan).exclude(source_item=None):
            used[item.source_item_id] = plans.reference_of(plan, kind, item)
    advice = (
        AdviceRequest.objects.filter(
            case=plan.case,
            status__in=[AdviceRequest.Status.RECEIVED, AdviceRequest.Status.REUSED],
        )
        .prefetch_related("items")
        .order_by("received_on", "pk")
    )
    return [
        {
            "advice": a,
            "items": [
                {"item": item, "used": used.get(item.pk, ""), "target": _target(item)}
                for item in a.items.all()
            ],
        }
        for a in advice
        if a.items.all()
    ]


def _target(item: AdviceItem) -> str:
    return {"need": "section B", "outcome": "section E", "provision": "section F"}[item.kind]


@login_required
def plan_version(request, reference, version):
    case = _readable_case(request, reference)
    plan = _visible_plan(request, case, version, content=True)
    staff = selectors.is_staff_of_case(request.user, case)
    family = selectors.is_family_of_case(request.user, case)
    _log_view(request, case, f"Read version {plan.version} of the plan")
    today = selectors.today()
    window = participation.comment_window(plan)
    latest_sent = case.plans.exclude(served_on=None).order_by("-version").first()
    can_comment = (
        family
        and window is not None
        and latest_sent is not None
        and latest_sent.pk == plan.pk
        and today <= window.due
        and (
            plan.status != Plan.Status.DRAFT or case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING)
        )
    )
    editable = staff and plan.is_editable
    findings = plan_quality.check(plan) if staff else []
    contribution = case.views_contributions.first() if editable else None
    views = views_of(plan)
    newer_views = (
        contribution
        if contribution is not None
        and (views is None or views.source_contribution_id != contribution.pk)
        else None
    )
    back, back_text = _role_back(request, case)
    return render(
        request,
        "ehcp/plans/version.html",
        {
            "case": case,
            "plan": plan,
            "sections": plan_sections(plan),
            "staff": staff,
            "family": family,
            "editable": editable,
            "findings": findings,
            "blocking": plan_quality.blocking(findings),
            "warnings": [f for f in findings if not f.blocking],
            "add_links": {code.value: text for code, (_, text) in ADD_LINKS.items()},
            "add_kinds": {code.value: kind for code, (kind, _) in ADD_LINKS.items()},
            "comments": _comments_by_section(plan),
            "can_comment": can_comment,
            "window": window,
            "today": today,
            "advice_to_use": _advice_to_use(plan) if editable else [],
            "newer_views": newer_views,
            "back": back,
            "back_text": back_text,
            "compare_pair": _compare_pair(request, case, plan),
        },
    )


def _compare_pair(request, case, plan: Plan) -> tuple[int, int] | None:
    """This version and the one before it (or after it, for the first) that the person sees."""
    numbers = list(selectors.plans_visible_to(request.user, case).values_list("version", flat=True))
    earlier = [n for n in numbers if n < plan.version]
    later = [n for n in numbers if n > plan.version]
    if earlier:
        return earlier[-1], plan.version
    if later:
        return plan.version, later[0]
    return None


@login_required
def plan_compare_view(request, reference):
    case = _readable_case(request, reference)
    versions = list(selectors.plans_visible_to(request.user, case))
    form = plan_forms.CompareForm(
        request.GET if len(versions) > 1 and request.GET else None, versions=versions
    )
    older = newer = None
    changes = None
    if form.is_bound and form.is_valid():
        numbers = sorted({form.cleaned_data["older"], form.cleaned_data["newer"]})
        if len(numbers) == 2:
            older = _visible_plan(request, case, numbers[0], content=True)
            newer = _visible_plan(request, case, numbers[1], content=True)
            changes = plan_compare.compare(plan_sections(older), plan_sections(newer))
            _log_view(
                request, case, f"Compared versions {older.version} and {newer.version} of the plan"
            )
        else:
            form.add_error("newer", "Choose two different versions")
    back, back_text = _role_back(request, case)
    return render(
        request,
        "ehcp/plans/compare.html",
        {
            "case": case,
            "form": form,
            "older": older,
            "newer": newer,
            "changes": changes,
            "changed_sections": [c for c in changes if c.changed] if changes else [],
            "enough_versions": len(versions) > 1,
            "back": back,
            "back_text": back_text,
        },
    )


@login_required
def plan_pdf(request, reference, version):
    """The PDF of a version sent or issued: the stored file, or the page that waits for it."""
    case = _readable_case(request, reference)
    plan = _visible_plan(request, case, version)
    if plan.document_id is None:
        raise Http404("This version has no PDF: it has not been sent.")
    if not (
        selectors.is_staff_of_case(request.user, case)
        or selectors.is_family_of_case(request.user, case)
        or selectors.is_consulted_setting_of_case(request.user, case)
    ):
        raise Http404
    from .cases import serve_document

    return serve_document(request, case, plan.document)


# ---- the caseworker's editor --------------------------------------------------------------------


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
