"""The family's part in the plan: views for section A (the child's own, with an easy read
option), comments on a draft section by section, asking for a meeting or a personal budget; and
the message thread between the family and the council."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods

from send_portal import audit

from .. import plan_forms, selectors
from ..errors import DomainError
from ..models import Plan, Section
from ..plan_document import plan_sections, with_content
from ..services import participation
from ..services.participation import DRAFT_MEETING_BASIS, PERSONAL_BUDGET_BASIS
from .base import apply_domain_error, visible_case
from .family import FamilyActionView, _family_case

MESSAGES_PAGE = "Messages are between the family and the council's SEND team."


def _young_person(request, case) -> bool:
    return case.child.relationships.filter(
        user=request.user, kind__in=["young_person", "representative"], is_active=True
    ).exists()


@login_required
@require_http_methods(["GET", "POST"])
def family_section_a(request, reference):
    """Views for section A: the child's or young person's own answers, then the parents'."""
    case = _family_case(request, reference)
    easy_read = request.GET.get("easy-read") == "yes" or request.POST.get("easy_read") == "yes"
    young_person = _young_person(request, case)
    form = plan_forms.SectionAContributionForm(
        request.POST if request.method == "POST" else None,
        easy_read=easy_read,
        young_person=young_person,
    )
    if request.method == "POST" and form.is_valid():
        try:
            participation.contribute_views(
                actor=request.user,
                case_id=case.pk,
                made_on=selectors.today(),
                data={**form.cleaned_data, "easy_read": easy_read},
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Your views have been sent to the council")
            return redirect("family-case", case.reference)
    child_fields = [form[name] for name in plan_forms.CHILD_QUESTIONS]
    return render(
        request,
        "ehcp/family/section_a.html",
        {
            "case": case,
            "form": form,
            "easy_read": easy_read,
            "young_person": young_person,
            "child_fields": child_fields,
            "how_field": form["child_how_captured"],
            "parent_fields": [form[name] for name in ("parent_views", "parent_aspirations")]
            if not young_person
            else [],
            "last": case.views_contributions.first(),
        },
    )


class FamilyPlanCommentView(FamilyActionView):
    """A comment on one section of the draft (or proposed amendments) sent to the family."""

    form_class = plan_forms.CommentForm
    template_name = "ehcp/family/comment.html"
    submit_label = "Send your comment"

    @cached_property
    def plan(self) -> Plan:
        return get_object_or_404(
            with_content(selectors.plans_visible_to(self.request.user, self.case)),
            version=self.kwargs["version"],
        )

    @property
    def section(self) -> str:
        section = self.kwargs["section"]
        if section not in Section.values:
            from django.http import Http404

            raise Http404
        return section

    @property
    def title(self) -> str:
        return f"Comment on section {self.section}"

    def extra_context(self, case):
        window = participation.comment_window(self.plan)
        section = next(s for s in plan_sections(self.plan) if s["code"] == self.section)
        return {
            "plan": self.plan,
            "section": section,
            "window": window,
            "today": selectors.today(),
            "open": window is not None and selectors.today() <= window.due,
            "earlier": self.plan.comments.filter(section=self.section).select_related("author"),
        }

    def perform(self, form, case):
        comment = participation.comment_on_plan(
            actor=self.request.user,
            plan_id=self.plan.pk,
            section=self.section,
            text=form.cleaned_data["text"],
            made_on=selectors.today(),
        )
        messages.success(
            self.request,
            f"Your comment on section {self.section} has been sent to the council",
        )
        return comment

    def success_url(self, case, result):
        return (
            reverse("plan-version", args=[case.reference, self.plan.version])
            + f"#section-{self.section}"
        )


class FamilyMeetingView(FamilyActionView):
    form_class = plan_forms.MeetingForm
    title = "Ask for a meeting with the council"
    submit_label = "Ask for a meeting"
    success_message = "Your request for a meeting has been sent to the council"
    template_name = "ehcp/family/action.html"

    @property
    def intro(self) -> str:
        if self.case.stage in ("draft_served", "consulting"):
            return (
                "While you have the draft plan, you have the right to a meeting with a council "
                f"officer to discuss it ({DRAFT_MEETING_BASIS})."
            )
        return "A council officer will contact you to arrange a time."

    def perform(self, form, case):
        return participation.request_meeting(
            actor=self.request.user,
            case_id=case.pk,
            on=selectors.today(),
            about=form.cleaned_data["about"],
        )


class FamilyPersonalBudgetView(FamilyActionView):
    form_class = plan_forms.PersonalBudgetRequestForm
    title = "Ask for a personal budget"
    submit_label = "Ask for a personal budget"
    success_message = "Your request for a personal budget has been sent to the council"
    template_name = "ehcp/family/action.html"
    intro = (
        "A personal budget is an amount of money for some of the support in the plan, which you "
        "can have a say in or arrange yourself, sometimes as a direct payment. The council must "
        "prepare one if you ask while it is assessing or preparing the plan, or reviewing it "
        f"({PERSONAL_BUDGET_BASIS}). It is set out in section J of the plan."
    )

    def perform(self, form, case):
        return participation.request_personal_budget(
            actor=self.request.user,
            case_id=case.pk,
            on=selectors.today(),
            detail=form.cleaned_data["detail"],
        )


@login_required
@require_http_methods(["GET", "POST"])
def case_messages(request, reference):
    """The thread between the family and the council. Both sides see every message."""
    case = visible_case(request, reference)
    staff = selectors.is_staff_of_case(request.user, case)
    if not (staff or selectors.is_family_of_case(request.user, case)):
        raise PermissionDenied(MESSAGES_PAGE)
    form = plan_forms.MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            participation.send_message(
                actor=request.user, case_id=case.pk, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Message sent")
            return redirect("case-messages", case.reference)
    audit.record_view(
        actor=request.user,
        obj=case,
        child_id=case.child_id,
        summary=f"Read the messages of {case.reference}",
        request=request,
    )
    back = reverse("case-detail" if staff else "family-case", args=[case.reference])
    return render(
        request,
        "ehcp/messages.html",
        {
            "case": case,
            "form": form,
            "thread": case.messages.select_related("author"),
            "staff": staff,
            "back": back,
        },
    )
