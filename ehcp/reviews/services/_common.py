"""What every step after the plan shares: today, the row locks, the stage check, the saved next
date, the decision row, the lateness sentence, the case timeline event with its audit entry,
and the notifications to the family, the council and the school or college.

The module is private to ``ehcp.reviews.services``; its names carry no underscore so that each
stage module imports them plainly."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.urls import reverse

from ehcp import deadlines
from ehcp import selectors as case_selectors
from ehcp.case_updates import council_contacts
from ehcp.case_updates import record_case_event as event
from ehcp.case_updates import tell as tell_people
from ehcp.errors import InvalidTransition
from ehcp.models import Case
from ehcp.services.dates import not_before, not_in_future
from ehcp.services.family import tell_family as tell_the_family
from send_portal.models import Role, User

from ..models import Outcome, PlanDecision, Review
from .timetable import next_due

T = TypeVar("T", bound=Model)

__all__ = [
    "APPEAL_WHAT_TO_DO",
    "check_decision_dates",
    "council_contacts",
    "event",
    "expect",
    "family_link",
    "finish_keeping_the_plan",
    "lateness",
    "lock_case",
    "lock_review",
    "lock_with_case",
    "long_date",
    "not_before",
    "not_in_future",
    "record_decision",
    "review_link",
    "save_review",
    "senco_of",
    "tell",
    "tell_council",
    "tell_family",
    "tell_setting",
    "today",
]


def today() -> date:
    """Today, looked up through ``ehcp.selectors.today`` on every call (tests move it there)."""
    return case_selectors.today()


def long_date(d: date) -> str:
    return f"{d:%-d %B %Y}"


def lock_case(case_id: int) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("child", "local_authority", "caseworker")
        .get(pk=case_id)
    )


def lock_with_case(rows: QuerySet[T], pk: int) -> tuple[T, Case]:
    """A row of a case (a re-assessment, a proposal to cease, a move) locked, then its case."""
    row = rows.select_for_update(of=("self",)).get(pk=pk)
    return row, lock_case(row.case_id)


def lock_review(review_id: int) -> Review:
    review = Review.objects.select_related("case").get(pk=review_id)
    lock_case(review.case_id)
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related(
            "case",
            "case__child",
            "case__local_authority",
            "case__caseworker",
            "setting",
            "plan",
            "phase_transfer",
            "proposed_plan",
        )
        .get(pk=review_id)
    )


def expect(review: Review, *stages: str, action: str) -> None:
    if review.stage not in stages:
        raise InvalidTransition(
            f"You cannot {action} now: the review is at '{Review.Stage(review.stage).label}'."
        )


def review_link(review: Review) -> str:
    return reverse("review-detail", args=[review.pk])


def family_link(review: Review) -> str:
    return reverse("family-review", args=[review.pk])


def tell(people, *, case: Case, **message) -> None:
    """Notify each of ``people`` once about a step of the reviews (``ehcp.case_updates.tell``,
    scope "reviews"), for the case's council."""
    tell_people(
        people, case=case, scope="reviews", local_authority_id=case.local_authority_id, **message
    )


def tell_family(case: Case, *, on: date, **message) -> None:
    """Notify the family about a step of the reviews, and give the caseworker a task to post or
    phone it to those who hear that way (``ehcp.services.family.tell_family``)."""
    tell_the_family(
        case, on=on, scope="reviews", local_authority_id=case.local_authority_id, **message
    )


def tell_council(case: Case, **kwargs) -> None:
    tell(council_contacts(case), case=case, **kwargs)


def senco_of(setting_id: int | None) -> list[User]:
    if not setting_id:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.SENCO,
            role_assignments__organisation_id=setting_id,
            role_assignments__is_active=True,
        ).distinct()
    )


def tell_setting(review: Review, **kwargs) -> None:
    tell(senco_of(review.setting_id), case=review.case, link=review_link(review), **kwargs)


def record_decision(
    case: Case, kind: str, *, decided_on: date, actor, reasons: str
) -> PlanDecision:
    return PlanDecision.objects.create(
        case=case,
        kind=kind,
        decided_on=decided_on,
        decided_by=actor,
        local_authority=case.local_authority,
        reasons=reasons.strip(),
    )


def save_review(review: Review, *fields: str) -> None:
    due = next_due(review)
    review.next_due_key = due.key if due else ""
    review.next_due_on = due.due if due else None
    review.save(update_fields=[*fields, "next_due_key", "next_due_on", "updated_at"])


def lateness(done: date, deadline: deadlines.Deadline) -> str:
    if done > deadline.due:
        return f"Late: the legal date was {long_date(deadline.due)}."
    return f"In time (by {long_date(deadline.due)})."


#: What a family can do about an appealable decision (CFA 2014 s51; mediation advice first).
APPEAL_WHAT_TO_DO = (
    "If you disagree you can appeal to the SEND Tribunal. Contact a mediation adviser first; "
    "mediation itself is optional."
)


def check_decision_dates(decided_on: date, notice_sent_on: date) -> None:
    """A decision and its letter: neither in the future, the letter not before the decision."""
    not_in_future(decided_on, "The date of the decision", "decided_on")
    not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")
    not_before(
        notice_sent_on, decided_on, "The date the letter was sent", "the decision", "notice_sent_on"
    )


def finish_keeping_the_plan(
    review: Review,
    decision: PlanDecision,
    *,
    actor: User,
    due: deadlines.Deadline,
    notice_sent_on: date,
    title: str,
    key: str,
    subject: str,
    what_happened: str,
) -> None:
    """The review ends with the plan as it is (after the meeting, or after the family's
    representations on proposed amendments): the review completed on the decision's date, the
    timeline event, and the family told of their appeal rights (CFA 2014 s51(2)(e))."""
    review.outcome = Outcome.MAINTAIN
    review.decision = decision
    review.stage = Review.Stage.COMPLETED
    review.completed_on = decision.decided_on
    save_review(review, "outcome", "decision", "stage", "completed_on")
    event(
        review.case,
        "review_decided",
        on=decision.decided_on,
        actor=actor,
        title=title,
        detail=f"Letter sent {long_date(notice_sent_on)}. {lateness(notice_sent_on, due)} "
        f"Appeal by {long_date(decision.appeal_deadline)}.",
        basis=due.basis,
    )
    tell_family(
        review.case,
        on=notice_sent_on,
        key=f"review:{review.pk}:{key}",
        subject=subject,
        what_happened=what_happened,
        what_to_do=APPEAL_WHAT_TO_DO,
        due=deadlines.appeal_deadline(decision_sent=notice_sent_on),
        link=family_link(review),
    )
