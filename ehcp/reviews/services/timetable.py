"""The dates of a review, each with its legal basis: the date of the plan or of its last review,
the review's whole timetable, and the next date the council (or the school) must meet."""

from __future__ import annotations

from datetime import date

from ehcp import deadlines
from ehcp.deadlines.wording import rule_period_words
from ehcp.models import Case

from ..models import PlanDecision, Review


def last_reviewed_on(case: Case) -> date | None:
    """The date of the plan or of its last review (the day the council made its decision)."""
    last = (
        PlanDecision.objects.filter(
            case=case, kind__in=[PlanDecision.Kind.MAINTAIN, PlanDecision.Kind.AMEND]
        )
        .order_by("-decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    if last:
        return last
    return case.final_issued_on


def review_timetable(review: Review) -> list[deadlines.Deadline]:
    """The dates of this review, each with its legal basis, in date order."""
    rows = [
        deadlines.Deadline(
            key=review.due_key,
            due=review.due_on,
            label=deadlines.RULES[review.due_key].label,
            basis=review.due_basis,
            kind=deadlines.RULES[review.due_key].kind,
        )
    ]
    if review.suggested_on:
        rule = deadlines.RULES["review_suggested_under_5"]
        rows.append(
            deadlines.Deadline(
                key="review_suggested_under_5",
                due=review.suggested_on,
                label=rule.label,
                basis=rule.basis,
                kind=rule.kind,
            )
        )
    if review.phase_transfer_id:
        rows.append(
            deadlines.phase_transfer_latest_meeting(
                phase_deadline=review.phase_transfer.deadline_on
            )
        )
    meeting = review.meeting_held_on or review.meeting_on
    if meeting:
        rows += [
            deadlines.review_meeting_notice_by(meeting=review.meeting_on or meeting),
            deadlines.review_advice_circulated_by(meeting=review.meeting_on or meeting),
            deadlines.review_report_due(meeting=meeting),
            deadlines.review_decision_due(meeting=meeting),
        ]
    if review.proposed_plan_id and review.proposed_plan.served_on:
        sent = review.proposed_plan.served_on
        rows.append(deadlines.amendment_representations_close(notice_served=sent))
        # Reg 22(3)'s 8 weeks and the 12 weeks from the meeting (Devon), each with its basis.
        limits = deadlines.amended_plan_deadlines(amendment_notice_sent=sent, meeting=meeting)
        rows += limits
        due = deadlines.amended_plan_due(amendment_notice_sent=sent, meeting=meeting)
        if due.due not in {limit.due for limit in limits}:
            # A late notice put the 12 weeks inside the family's 15 days.
            rows.append(
                deadlines.Deadline(
                    key="amended_plan_due_after_window",
                    due=due.due,
                    label="Final amended EHC plan issued: the first day after the family's "
                    f"{rule_period_words('amendment_representations_close')} to comment",
                    basis=due.basis,
                    kind=due.kind,
                )
            )
        if review.stage == Review.Stage.AMENDING:
            rows.append(deadlines.no_amendment_notice_due(amendment_notice_sent=sent))
    return sorted(rows, key=lambda d: d.due)


def next_due(review: Review) -> deadlines.Deadline | None:
    """The next date the council (or the school) must meet on this review."""
    if not review.is_open:
        return None
    meeting = review.meeting_held_on or review.meeting_on
    due = deadlines.Deadline(
        key=review.due_key,
        due=review.due_on,
        label=deadlines.RULES[review.due_key].label,
        basis=review.due_basis,
    )
    if review.stage == Review.Stage.DUE:
        return due
    if review.stage == Review.Stage.ARRANGED:
        if review.advice_circulated_on is None:
            return deadlines.review_advice_circulated_by(meeting=review.meeting_on)
        return due
    if review.stage == Review.Stage.HELD:
        return deadlines.review_report_due(meeting=meeting)
    if review.stage == Review.Stage.REPORTED:
        return deadlines.review_decision_due(meeting=meeting)
    if review.stage == Review.Stage.AMENDING and review.proposed_plan_id:
        sent = review.proposed_plan.served_on
        if sent:
            return deadlines.amended_plan_due(amendment_notice_sent=sent, meeting=meeting)
        return deadlines.review_decision_due(meeting=meeting)
    return due
