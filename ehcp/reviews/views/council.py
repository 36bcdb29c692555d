"""Council pages: the review worklist, the phase transfer cohort, a case's life after the plan
and each review. Thin: parse input, call a selector or service, render. The step pages are in
``review_steps`` (a review) and ``case_steps`` (re-assessment, ceasing and moves)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ehcp import deadlines
from ehcp.errors import DomainError
from ehcp.models import Case
from ehcp.timeline import _row
from send_portal import permissions
from send_portal.models import Organisation

from .. import selectors, services
from ..models import PhaseTransfer, Review
from .base import case_url

COHORT_PAGE_SIZE = 200


def _staff_case(request, reference: str) -> Case:
    case = selectors.case_for_staff(request.user, reference)
    if case is None:
        raise Http404
    return case


# ---- lists ------------------------------------------------------------------------------------


@login_required
def review_list(request):
    if not selectors.works_for_a_council(request.user):
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
    councils = selectors.councils_for_staff(request.user)
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
        selectors.councils_for_staff(request.user),
        pk=request.POST.get("council"),
        kind=Organisation.Kind.LOCAL_AUTHORITY,
    )
    try:
        year = int(request.POST.get("year", ""))
    except ValueError as exc:
        raise Http404 from exc
    added = services.identify_phase_transfers(
        actor=request.user, local_authority=council, year=year
    )
    messages.success(request, f"{added} children moving between phases in {year} added.")
    return redirect(f"{reverse('reviews-cohort')}?year={year}")


@login_required
@require_POST
def schedule_phase_review(request, pk):
    transfer = get_object_or_404(selectors.phase_transfers_for_staff(request.user), pk=pk)
    try:
        review = services.schedule_review(
            actor=request.user, case_id=transfer.case_id, phase_transfer_id=transfer.pk
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(case_url(transfer.case))
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
