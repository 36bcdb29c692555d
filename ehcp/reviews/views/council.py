"""Council pages: the review worklist, the phase transfer cohort, a case's life after the plan,
each review and every council step. Thin: parse input, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ehcp import deadlines
from ehcp.errors import DomainError
from ehcp.models import Case, ReservedKind
from ehcp.selectors import la_ids
from ehcp.timeline import _row
from ehcp.views.base import ProposeIfReserved
from send_portal import permissions
from send_portal.models import Organisation

from .. import forms, selectors, services
from ..models import Cessation, PhaseTransfer, PlanTransfer, Reassessment, Review
from .base import StepView

COHORT_PAGE_SIZE = 200


def _staff_case(request, reference: str) -> Case:
    case = selectors.case_for_staff(request.user, reference)
    if case is None:
        raise Http404
    return case


def _case_url(case) -> str:
    return reverse("reviews-case", args=[case.reference])


# ---- lists ------------------------------------------------------------------------------------


@login_required
def review_list(request):
    if not la_ids(request.user):
        raise Http404
    show = request.GET.get("show", "open")
    if show not in ("open", "due", "overdue"):
        show = "open"
    today = services.today()
    reviews = list(selectors.review_worklist(request.user, show=show, today=today))
    for review in reviews:
        review.status = (
            deadlines.overdue_status(due=review.next_due_on, today=today).value
            if (review.next_due_on)
            else "on_track"
        )
        review.next_label = (
            deadlines.RULES[review.next_due_key].label if review.next_due_key else ""
        )
    return render(
        request,
        "ehcp/reviews/list.html",
        {"reviews": reviews, "show": show, "today": today},
    )


@login_required
def cohort(request):
    permissions.require(request.user, "reviews.see_cohort", None)
    today = services.today()
    try:
        year = int(request.GET.get("year") or today.year + (1 if today.month >= 9 else 0))
    except ValueError:
        year = today.year
    risk = request.GET.get("risk", "")
    transfer = request.GET.get("transfer", "")
    if transfer not in PhaseTransfer.Transfer.values:
        transfer = ""
    search = request.GET.get("q", "").strip()[:100]
    data = selectors.phase_transfer_cohort(
        request.user, year=year, today=today, risk=risk, transfer=transfer, search=search
    )
    page = Paginator(data.rows, COHORT_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.label(page.object_list)
    councils = Organisation.objects.filter(pk__in=la_ids(request.user)).order_by("name")
    return render(
        request,
        "ehcp/reviews/cohort.html",
        {
            "cohort": data,
            "page": page,
            "year": year,
            "years": [today.year - 1, today.year, today.year + 1, today.year + 2],
            "risk": risk,
            "risks": selectors.RISKS,
            "transfer": transfer,
            "transfers": PhaseTransfer.Transfer.choices,
            "search": search,
            "councils": councils,
            "deadline_rules": [deadlines.RULES[key] for key in deadlines.PHASE_TRANSFERS.values()],
            "lead_rule": deadlines.RULES["phase_transfer_latest_meeting"],
        },
    )


@login_required
@require_POST
def identify_cohort(request):
    council = get_object_or_404(
        Organisation, pk=request.POST.get("council"), kind=Organisation.Kind.LOCAL_AUTHORITY
    )
    try:
        year = int(request.POST.get("year", ""))
    except ValueError as exc:
        raise Http404 from exc
    if council.pk not in la_ids(request.user):
        raise Http404
    added = services.identify_phase_transfers(
        actor=request.user, local_authority=council, year=year
    )
    messages.success(request, f"{added} children moving between phases in {year} added.")
    return redirect(f"{reverse('reviews-cohort')}?year={year}")


@login_required
@require_POST
def schedule_phase_review(request, pk):
    transfer = get_object_or_404(
        PhaseTransfer.objects.filter(case__local_authority_id__in=la_ids(request.user)), pk=pk
    )
    try:
        review = services.schedule_review(
            actor=request.user, case_id=transfer.case_id, phase_transfer_id=transfer.pk
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_case_url(transfer.case))
    return redirect("review-detail", review.pk)


@login_required
def case_overview(request, reference):
    case = _staff_case(request, reference)
    today = services.today()
    reviews = list(
        case.reviews.select_related(
            "setting", "decision", "decision__notice", "phase_transfer"
        ).order_by("-id")
    )
    return render(
        request,
        "ehcp/reviews/case.html",
        {
            "case": case,
            "reviews": reviews,
            "open_review": next((r for r in reviews if r.is_open), None),
            "phase_transfers": list(case.phase_transfers.select_related("next_setting")),
            "reassessments": list(case.reassessments.select_related("decision__notice")),
            "cessations": list(
                case.cessations.select_related("decision__notice", "consultation_letter")
            ),
            "moves": list(
                case.plan_transfers.select_related("from_authority", "to_authority", "decision")
            ),
            "decisions": list(case.plan_decisions.select_related("notice")),
            "plan": selectors.issued_plan(case),
            "today": today,
        },
    )


@login_required
def review_detail(request, pk):
    review = get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)
    staff = permissions.can(request.user, "reviews.manage", review)
    if not staff and not permissions.can(request.user, "reviews.hold_meeting", review):
        return redirect("family-review", review.pk)
    today = services.today()
    done = {
        "review_due": review.completed_on,
        "transfer_review_due": review.completed_on,
        "review_meeting_notice_by": review.invitations_sent_on,
        "review_advice_circulated_by": review.advice_circulated_on,
        "review_report_due": review.report_sent_on,
        "review_decision_due": review.decision.notice_sent_on if review.decision_id else None,
        "amended_plan_due": review.amended_plan.issued_on if review.amended_plan_id else None,
        "amended_plan_review_cap": review.amended_plan.issued_on
        if review.amended_plan_id
        else None,
        "amended_plan_due_after_window": review.amended_plan.issued_on
        if review.amended_plan_id
        else None,
        "phase_transfer_latest_meeting": review.meeting_on,
        "review_suggested_under_5": review.meeting_held_on,
    }
    rows = [
        _row(
            d,
            done.get(d.key),
            today,
            applies=d.key != "amendment_representations_close" or today <= d.due,
        )
        for d in services.review_timetable(review)
    ]
    return render(
        request,
        "ehcp/reviews/detail.html",
        {
            "review": review,
            "case": review.case,
            "rows": rows,
            "staff": staff,
            "views_given": list(review.views_given.select_related("given_by")),
            "actions": _actions(review, staff),
        },
    )


def _actions(review: Review, staff: bool) -> list[tuple[str, str, bool]]:
    """(text, url, is POST) for the steps that can be taken now."""
    url = lambda name: reverse(name, args=[review.pk])  # noqa: E731
    actions = []
    stage = review.stage
    if stage in (Review.Stage.DUE, Review.Stage.ARRANGED):
        label = "Arrange the review meeting" if stage == Review.Stage.DUE else "Change the meeting"
        actions.append((label, url("review-arrange"), False))
    if stage == Review.Stage.ARRANGED:
        if review.advice_circulated_on is None:
            actions.append(("Record that the advice was sent", url("review-advice"), False))
        actions.append(("Record that the meeting was held", url("review-held"), False))
    if stage == Review.Stage.HELD:
        actions.append(("Send the report of the meeting", url("review-report"), False))
    if staff and stage in (Review.Stage.HELD, Review.Stage.REPORTED):
        if review.proposed_plan_id is None:
            actions.append(("Prepare proposed amendments", url("review-amendments"), True))
        else:
            actions.append(
                (
                    f"Edit the proposed amendments (version {review.proposed_plan.version})",
                    reverse(
                        "plan-version", args=[review.case.reference, review.proposed_plan.version]
                    ),
                    False,
                )
            )
            actions.append(
                ("Name the next school or college (section I)", url("review-setting"), False)
            )
        actions.append(("Record the council's decision", url("review-decide"), False))
    if staff and stage == Review.Stage.AMENDING:
        actions.append(("Issue the amended plan", url("review-issue"), False))
        actions.append(
            ("Decide not to make the proposed amendments", url("review-not-amending"), False)
        )
    return actions


# ---- step pages -------------------------------------------------------------------------------


class ReviewStep(StepView):
    def queryset(self, request):
        return selectors.reviews_visible_to(request.user)

    def back_url(self, obj) -> str:
        return reverse("review-detail", args=[obj.pk])

    def extra_context(self, obj) -> dict:
        return {"review": obj, "deadline": self.deadline(obj)}

    def deadline(self, obj):
        return None


class ScheduleView(StepView):
    form_class = forms.ScheduleForm
    title = "Schedule the next review"
    submit_label = "Schedule the review"

    def queryset(self, request):
        return Case.objects.filter(local_authority_id__in=la_ids(request.user)).select_related(
            "child", "local_authority"
        )

    def lookup(self, kwargs):
        return {"reference": kwargs["reference"]}

    def case_of(self, obj):
        return obj

    def back_url(self, obj):
        return _case_url(obj)

    def perform(self, form, case):
        return services.schedule_review(
            actor=self.request.user, case_id=case.pk, kind=form.cleaned_data["kind"]
        )

    def success_url(self, obj, result):
        return reverse("review-detail", args=[result.pk])


class ArrangeView(ReviewStep):
    form_class = forms.ArrangeForm
    permission = "reviews.hold_meeting"
    title = "Arrange the review meeting"
    intro = (
        "Invite the parent or young person, the school or college, a council SEND officer, a "
        "health professional and a social care officer (SEND Regulations 2014 reg 20(2))."
    )
    submit_label = "Save the meeting"

    def deadline(self, obj):
        return services.next_due(obj) if obj.stage == Review.Stage.DUE else None

    def get_initial(self, obj):
        return {"meeting_on": obj.meeting_on, "place": obj.meeting_place}

    def perform(self, form, review):
        return services.arrange_meeting(
            actor=self.request.user,
            review_id=review.pk,
            meeting_on=form.cleaned_data["meeting_on"],
            invitations_sent_on=form.cleaned_data["invitations_sent_on"],
            place=form.cleaned_data["place"],
        )


class AdviceView(ReviewStep):
    permission = "reviews.hold_meeting"
    title = "Record that the advice was sent"
    intro = "Advice and information for the meeting go to everyone invited."
    submit_label = "Record the advice as sent"

    @property
    def form_class(self):
        from ehcp.forms import DateOnlyForm

        return DateOnlyForm

    def get_form_kwargs(self, obj):
        return {"label": "Date the advice was sent", "label_lower": "the date the advice was sent"}

    def deadline(self, obj):
        return (
            deadlines.review_advice_circulated_by(meeting=obj.meeting_on)
            if obj.meeting_on
            else None
        )

    def perform(self, form, review):
        return services.record_advice_circulated(
            actor=self.request.user, review_id=review.pk, circulated_on=form.cleaned_data["on"]
        )


class HeldView(AdviceView):
    title = "Record that the meeting was held"
    intro = ""
    submit_label = "Record the meeting"

    def get_form_kwargs(self, obj):
        return {"label": "Date of the meeting", "label_lower": "the date of the meeting"}

    def deadline(self, obj):
        return None

    def perform(self, form, review):
        return services.record_meeting_held(
            actor=self.request.user, review_id=review.pk, held_on=form.cleaned_data["on"]
        )


class ReportView(ReviewStep):
    form_class = forms.ReportForm
    permission = "reviews.hold_meeting"
    title = "Report of the review meeting"
    intro = (
        "Send the report to the council and everyone invited: progress towards the outcomes, "
        "your recommendation, and any differences of view."
    )
    submit_label = "Send the report"

    def deadline(self, obj):
        return (
            deadlines.review_report_due(meeting=obj.meeting_held_on)
            if obj.meeting_held_on
            else None
        )

    def get_initial(self, obj):
        return {"sent_on": services.today()}

    def perform(self, form, review):
        data = form.cleaned_data
        return services.submit_report(
            actor=self.request.user,
            review_id=review.pk,
            sent_on=data["sent_on"],
            progress=data["progress"],
            recommendation=data["recommendation"],
            changes=data["changes"],
            differences=data["differences"],
        )


class DecideView(ReviewStep):
    form_class = forms.DecideForm
    title = "The council's decision after the review"
    intro = (
        "To change the plan, prepare the proposed amendments first: they are sent with this "
        "decision. To stop the plan, this starts the consultation with the family and school."
    )
    submit_label = "Record the decision and send the letter"

    def deadline(self, obj):
        return (
            deadlines.review_decision_due(meeting=obj.meeting_held_on)
            if obj.meeting_held_on
            else None
        )

    def extra_context(self, obj) -> dict:
        """Where the proposed amendments are prepared (or can be read), so that an "amend"
        decision refused for want of them says where to go."""
        transfer = obj.phase_transfer
        needs_setting = transfer is not None and not (
            transfer.next_setting_id or transfer.next_setting_type
        )
        return {
            **super().extra_context(obj),
            "amendments": {"plan": obj.proposed_plan, "needs_setting": needs_setting},
            "error_anchor": "proposed-amendments"
            if obj.proposed_plan_id is None or needs_setting
            else "",
        }

    def perform(self, form, review):
        data = form.cleaned_data
        return services.decide_after_review(
            actor=self.request.user,
            review_id=review.pk,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


class NextSettingView(ReviewStep):
    form_class = forms.NextSettingForm
    title = "Name the next school or college"
    intro = "Section I of the proposed amendments."
    submit_label = "Save section I"

    def get_form_kwargs(self, obj):
        return {"local_authority": obj.case.local_authority}

    def perform(self, form, review):
        return services.name_next_setting(
            actor=self.request.user,
            review_id=review.pk,
            setting=form.cleaned_data["setting"],
            setting_type=form.cleaned_data["setting_type"],
        )


class IssueView(ReviewStep):
    form_class = forms.IssueForm
    title = "Issue the amended plan"
    submit_label = "Issue the amended plan"

    def deadline(self, obj):
        if obj.proposed_plan_id and obj.proposed_plan.served_on:
            return deadlines.amended_plan_due(
                amendment_notice_sent=obj.proposed_plan.served_on, meeting=obj.meeting_held_on
            )
        return None

    def extra_context(self, obj):
        context = super().extra_context(obj)
        if obj.proposed_plan_id and obj.proposed_plan.served_on:
            context["window"] = deadlines.amendment_representations_close(
                notice_served=obj.proposed_plan.served_on
            )
        return context

    def perform(self, form, review):
        return services.issue_amended_plan(
            actor=self.request.user,
            review_id=review.pk,
            issued_on=form.cleaned_data["issued_on"],
            notice_sent_on=form.cleaned_data["notice_sent_on"],
        )


class NotAmendingView(ReviewStep):
    form_class = forms.NotAmendingForm
    title = "Decide not to make the proposed amendments"
    intro = (
        "After considering the family's views, the council can decide not to amend the plan. "
        "The plan stays as it is and the family can appeal (Children and Families Act 2014 "
        "s51(2)(e))."
    )
    submit_label = "Record the decision and send the letter"

    def deadline(self, obj):
        if obj.proposed_plan_id and obj.proposed_plan.served_on:
            return deadlines.no_amendment_notice_due(
                amendment_notice_sent=obj.proposed_plan.served_on
            )
        return None

    def perform(self, form, review):
        data = form.cleaned_data
        return services.decide_not_to_amend(
            actor=self.request.user,
            review_id=review.pk,
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


@login_required
@require_POST
def start_amendments(request, pk):
    review = get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)
    permissions.require(request.user, "reviews.manage", review)
    try:
        plan = services.start_amendments(actor=request.user, review_id=review.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("review-detail", review.pk)
    return redirect("plan-version", review.case.reference, plan.version)


# ---- case-level steps: re-assessment, ceasing, moving ----------------------------------------


class CaseStep(StepView):
    def queryset(self, request):
        return Case.objects.filter(local_authority_id__in=la_ids(request.user)).select_related(
            "child", "local_authority"
        )

    def lookup(self, kwargs):
        return {"reference": kwargs["reference"]}

    def case_of(self, obj):
        return obj

    def back_url(self, obj):
        return _case_url(obj)


class ReassessmentRequestView(CaseStep):
    form_class = forms.ReassessmentForm
    title = "Record a request for a re-assessment"
    submit_label = "Record the request"

    def perform(self, form, case):
        data = form.cleaned_data
        return services.request_reassessment(
            actor=self.request.user,
            case_id=case.pk,
            requested_by=data["requested_by"],
            requested_on=data["requested_on"],
            reasons=data["reasons"],
        )


class Post16MoveView(CaseStep):
    form_class = forms.Post16MoveForm
    title = "Record a move between post-16 institutions"
    intro = (
        "A move between post-16 institutions at any time other than after year 11: the plan "
        "must be reviewed and amended to name the new institution at least 5 months before the "
        "move (SEND Regulations 2014 reg 18(2))."
    )
    submit_label = "Record the move"

    def perform(self, form, case):
        data = form.cleaned_data
        return services.record_post16_move(
            actor=self.request.user,
            case_id=case.pk,
            transfer_date=data["transfer_date"],
            to_phase=data["to_phase"],
        )


class CeaseProposalView(CaseStep):
    form_class = forms.CeaseProposalForm
    title = "Propose to stop maintaining the plan"
    intro = (
        "The council must inform and consult the family, and consult the school or college, "
        "before deciding (SEND Regulations 2014 reg 31(1)). This sends the consultation letter."
    )
    submit_label = "Send the consultation letter"

    def perform(self, form, case):
        data = form.cleaned_data
        return services.propose_to_cease(
            actor=self.request.user,
            case_id=case.pk,
            ground=data["ground"],
            explanation=data["explanation"],
            consulted_on=data["consulted_on"],
        )


class MoveView(CaseStep):
    form_class = forms.TransferForm
    title = "Transfer the plan to a new council"
    intro = (
        "When the family moves, the plan goes with the child. Afterwards only the new council's "
        "SEND team can see this case."
    )
    submit_label = "Transfer the plan"

    def extra_context(self, obj):
        return {"deadline": None}

    def perform(self, form, case):
        data = form.cleaned_data
        return services.transfer_plan(
            actor=self.request.user,
            case_id=case.pk,
            to_authority=data["to_authority"],
            moved_on=data["moved_on"],
            old_council_aware_on=data["old_council_aware_on"],
            transferred_on=data["transferred_on"],
        )

    def success_url(self, obj, result):
        messages.success(
            self.request,
            f"The plan was transferred to {result.to_authority.name}. You no longer have access.",
        )
        return reverse("reviews-list")


class _Scoped(StepView):
    model = None

    def queryset(self, request):
        return self.model.objects.filter(
            case__local_authority_id__in=la_ids(request.user)
        ).select_related("case", "case__child", "case__local_authority")

    def back_url(self, obj):
        return _case_url(obj.case)


class ReassessmentDecideView(_Scoped):
    model = Reassessment
    form_class = forms.YesNoDecisionForm
    title = "Decide whether to re-assess"
    submit_label = "Record the decision and send the letter"

    def get_form_kwargs(self, obj):
        return {"question": "Will the council carry out a re-assessment?"}

    def extra_context(self, obj):
        return {"deadline": deadlines.reassessment_decision_due(request_received=obj.requested_on)}

    def perform(self, form, item):
        data = form.cleaned_data
        return services.decide_reassessment(
            actor=self.request.user,
            reassessment_id=item.pk,
            reassess=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


class CeaseDecideView(ProposeIfReserved, _Scoped):
    model = Cessation
    reserved_kind = ReservedKind.CEASE
    decision_form_class = forms.CeaseDecisionForm
    proposal_fields = (
        ("family_response", "What the family said"),
        ("setting_response", "What the school or college said"),
    )
    title = "Decide whether to stop the plan"
    intro = "The plan stays in force until the appeal window closes or any appeal ends."
    submit_label = "Record the decision and send the letter"

    def get_form_kwargs(self, obj):
        return {"question": "Will the council stop maintaining the plan?"}

    def reserved_case(self, obj):
        return obj.case

    def decide(self, form, item):
        data = form.cleaned_data
        return services.decide_cessation(
            actor=self.request.user,
            cessation_id=item.pk,
            cease=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
            family_response=data["family_response"],
            setting_response=data["setting_response"],
        )


class CeaseAppealView(_Scoped):
    model = Cessation
    form_class = forms.CeaseAppealForm
    title = "Record an appeal against stopping the plan"
    submit_label = "Save"

    def perform(self, form, item):
        data = form.cleaned_data
        return services.record_cessation_appeal(
            actor=self.request.user,
            cessation_id=item.pk,
            lodged_on=data["lodged_on"] if not item.appeal_lodged_on else None,
            ended_on=data["ended_on"],
            plan_continues=data["plan_continues"],
        )


class CeaseConfirmView(_Scoped):
    model = Cessation
    title = "Stop maintaining the plan"
    intro = (
        "Only after the time to appeal has passed with no appeal, or an appeal has ended with "
        "the decision upheld."
    )
    submit_label = "Stop the plan"

    @property
    def form_class(self):
        from ehcp.forms import DateOnlyForm

        return DateOnlyForm

    def get_form_kwargs(self, obj):
        return {"label": "Date the plan stops", "label_lower": "the date the plan stops"}

    def perform(self, form, item):
        return services.confirm_cessation(
            actor=self.request.user, cessation_id=item.pk, on=form.cleaned_data["on"]
        )


class TransferDecideView(_Scoped):
    model = PlanTransfer
    form_class = forms.YesNoDecisionForm
    title = "Decide whether to assess after the move"
    submit_label = "Record the decision and send the letter"

    def get_form_kwargs(self, obj):
        return {"question": "Will the council carry out an EHC needs assessment?"}

    def extra_context(self, obj):
        return {"deadline": deadlines.transfer_between_las(move_notified=obj.transferred_on)}

    def perform(self, form, item):
        data = form.cleaned_data
        return services.decide_after_transfer(
            actor=self.request.user,
            transfer_id=item.pk,
            reassess=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


@login_required
@require_POST
def complete_reassessment(request, pk):
    item = get_object_or_404(
        Reassessment.objects.filter(case__local_authority_id__in=la_ids(request.user)), pk=pk
    )
    try:
        services.complete_reassessment(actor=request.user, reassessment_id=item.pk)
    except DomainError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        raise
    return redirect("reviews-case", item.case.reference)
