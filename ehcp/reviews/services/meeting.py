"""The review meeting (SEND Regulations 2014 reg 20): invitations with at least 2 weeks'
notice, the advice sent to everyone invited, the meeting held, the school's or college's report
within 2 weeks, and the family's views (CFA 2014 s19)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp import deadlines
from ehcp.deadlines.wording import rule_period_words
from ehcp.errors import DomainError, InvalidTransition
from send_portal import permissions
from send_portal.models import User
from send_portal.text import in_sentence

from ..models import Outcome, Review, ReviewViews
from ._common import (
    event,
    expect,
    family_link,
    lateness,
    lock_review,
    long_date,
    not_before,
    not_in_future,
    review_link,
    save_review,
    tell_council,
    tell_family,
    tell_setting,
    today,
)


def arrange_meeting(
    *, actor: User, review_id: int, meeting_on: date, invitations_sent_on: date, place: str = ""
) -> Review:
    """Invite everyone with at least 2 weeks' notice (SEND Regulations 2014 reg 20(3))."""
    not_in_future(invitations_sent_on, "The date the invitations were sent", "invitations_sent_on")
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.hold_meeting", review)
        expect(review, Review.Stage.DUE, Review.Stage.ARRANGED, action="arrange the meeting")
        notice = deadlines.review_meeting_notice_by(meeting=meeting_on)
        if invitations_sent_on > notice.due:
            earliest = invitations_sent_on + (meeting_on - notice.due)
            raise DomainError(
                "Invitations must go out at least "
                f"{rule_period_words('review_meeting_notice_by')} before the meeting "
                f"({notice.basis}). "
                f"For a meeting on {long_date(meeting_on)} they had to be sent by "
                f"{long_date(notice.due)}: hold the meeting on {long_date(earliest)} or later.",
                field="meeting_on",
            )
        not_before(
            invitations_sent_on,
            review.plan.issued_on,
            "The date the invitations were sent",
            "the date the plan was issued",
            "invitations_sent_on",
        )
        review.meeting_on = meeting_on
        review.invitations_sent_on = invitations_sent_on
        review.meeting_place = place.strip()[:200]
        review.stage = Review.Stage.ARRANGED
        save_review(review, "meeting_on", "invitations_sent_on", "meeting_place", "stage")
        advice_by = deadlines.review_advice_circulated_by(meeting=meeting_on)
        case = review.case
        late = meeting_on > review.due_on
        event(
            case,
            "review_meeting_arranged",
            on=invitations_sent_on,
            actor=actor,
            title=f"Review meeting arranged for {long_date(meeting_on)}",
            detail=f"Invitations sent {long_date(invitations_sent_on)}"
            + (f" ({review.meeting_place})." if review.meeting_place else ".")
            + f" Advice must be sent to everyone invited by {long_date(advice_by.due)}."
            + (
                f" The meeting is after the date the review was due ({long_date(review.due_on)})."
                if late
                else ""
            ),
            basis=notice.basis,
        )
        tell_family(
            case,
            on=invitations_sent_on,
            key=f"review:{review.pk}:meeting:{meeting_on.isoformat()}",
            subject=f"Review meeting for {case.child.known_as} on {long_date(meeting_on)}",
            what_happened=f"The review meeting for {case.child.known_as}'s EHC plan is on "
            f"{meeting_on:%A %-d %B %Y}"
            + (f" at {review.meeting_place}" if review.meeting_place else "")
            + ". The advice and information for it will be sent to you at least "
            + f"{rule_period_words('review_advice_circulated_by')} before.",
            what_to_do="Tell us your views (and your child's) before the meeting: what is going "
            "well, what should change, and your hopes for the next year.",
            due=advice_by,
            link=family_link(review),
        )
        tell_council(
            case,
            key=f"review:{review.pk}:meeting:{meeting_on.isoformat()}",
            subject=f"Review meeting for {case.child.full_name} on {long_date(meeting_on)}",
            what_happened=f"The review meeting is arranged for {meeting_on:%A %-d %B %Y}.",
            what_to_do="Send the advice and information to everyone invited by the date below.",
            due=advice_by,
            link=review_link(review),
            exclude=actor,
        )
    return review


def record_advice_circulated(*, actor: User, review_id: int, circulated_on: date) -> Review:
    """Advice and information sent to everyone invited, at least 2 weeks before (reg 20(4))."""
    not_in_future(circulated_on, "The date the advice was sent", "on")
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.hold_meeting", review)
        expect(review, Review.Stage.ARRANGED, action="record the advice as sent")
        if review.advice_circulated_on is not None:
            raise InvalidTransition("The advice was already recorded as sent.")
        not_before(
            circulated_on,
            review.invitations_sent_on,
            "The date the advice was sent",
            "the date of the invitations",
            "on",
        )
        by = deadlines.review_advice_circulated_by(meeting=review.meeting_on)
        review.advice_circulated_on = circulated_on
        save_review(review, "advice_circulated_on")
        event(
            review.case,
            "review_advice_circulated",
            on=circulated_on,
            actor=actor,
            title="Advice and information for the review meeting sent",
            detail=lateness(circulated_on, by),
            basis=by.basis,
        )
    return review


def record_meeting_held(*, actor: User, review_id: int, held_on: date) -> Review:
    """The meeting took place: the report is due within 2 weeks (reg 20(7)-(8))."""
    not_in_future(held_on, "The date of the meeting", "on")
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.hold_meeting", review)
        expect(review, Review.Stage.ARRANGED, action="record the meeting")
        not_before(
            held_on,
            review.invitations_sent_on,
            "The date of the meeting",
            "the date of the invitations",
            "on",
        )
        notice = deadlines.review_meeting_notice_by(meeting=held_on)
        if review.invitations_sent_on > notice.due:
            raise DomainError(
                "The meeting must be held at least "
                f"{rule_period_words('review_meeting_notice_by')} after the invitations were sent "
                f"({long_date(review.invitations_sent_on)}; {notice.basis}). Arrange it again "
                "if it was moved.",
                field="on",
            )
        review.meeting_held_on = held_on
        review.stage = Review.Stage.HELD
        save_review(review, "meeting_held_on", "stage")
        report = deadlines.review_report_due(meeting=held_on)
        decision = deadlines.review_decision_due(meeting=held_on)
        case = review.case
        event(
            case,
            "review_meeting_held",
            on=held_on,
            actor=actor,
            title="Review meeting held",
            detail=f"The report is due by {long_date(report.due)}; the council's decision by "
            f"{long_date(decision.due)}.",
            basis=report.basis,
        )
        tell_setting(
            review,
            key=f"review:{review.pk}:report_due",
            subject=f"Review report for {case.child.full_name} due {long_date(report.due)}",
            what_happened=f"The review meeting was held on {long_date(held_on)}.",
            what_to_do="Write the report of the meeting in the portal: progress, your "
            "recommendation and any differences of view.",
            due=report,
            exclude=actor,
        )
        tell_family(
            case,
            on=held_on,
            key=f"review:{review.pk}:held",
            subject=f"What happens after {case.child.known_as}'s review meeting",
            what_happened=f"The review meeting was held on {long_date(held_on)}. The school or "
            f"college sends its report by {long_date(report.due)}.",
            what_to_do="The council must then tell you whether it will keep, change or stop the "
            "plan, with any proposed changes, by the date below.",
            due=decision,
            link=family_link(review),
        )
    return review


def submit_report(
    *,
    actor: User,
    review_id: int,
    sent_on: date,
    progress: str,
    recommendation: str,
    changes: str = "",
    differences: str = "",
) -> Review:
    """The report of the meeting, by the school or college that held it, within 2 weeks
    (SEND Regulations 2014 reg 20(7)-(8))."""
    not_in_future(sent_on, "The date of the report", "sent_on")
    if not progress.strip():
        raise DomainError("Describe the progress towards the outcomes", field="progress")
    if recommendation not in Outcome.values:
        raise DomainError("Select your recommendation", field="recommendation")
    if recommendation == Outcome.AMEND and not changes.strip():
        raise DomainError("Say which changes to the plan you recommend", field="changes")
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.hold_meeting", review)
        expect(review, Review.Stage.HELD, action="send the report")
        not_before(
            sent_on, review.meeting_held_on, "The date of the report", "the meeting", "sent_on"
        )
        review.report_sent_on = sent_on
        review.report_by = actor
        review.report_progress = progress.strip()
        review.report_recommendation = recommendation
        review.report_changes = changes.strip()
        review.report_differences = differences.strip()
        review.stage = Review.Stage.REPORTED
        save_review(
            review,
            "report_sent_on",
            "report_by",
            "report_progress",
            "report_recommendation",
            "report_changes",
            "report_differences",
            "stage",
        )
        _record_report(review, actor=actor)
    return review


def _record_report(review: Review, *, actor: User) -> None:
    """The timeline event, and the council and the family told of the report."""
    sent_on, recommendation = review.report_sent_on, review.report_recommendation
    due = deadlines.review_report_due(meeting=review.meeting_held_on)
    decision = deadlines.review_decision_due(meeting=review.meeting_held_on)
    case = review.case
    event(
        case,
        "review_report",
        on=sent_on,
        actor=actor,
        title="Report of the review meeting sent",
        detail=f"Recommendation: {in_sentence(Outcome(recommendation).label)}. "
        + lateness(sent_on, due),
        basis=due.basis,
    )
    tell_council(
        case,
        key=f"review:{review.pk}:report",
        subject=f"Review report for {case.child.full_name}: decide by {long_date(decision.due)}",
        what_happened=f"{review.setting.name if review.setting_id else 'The school'} sent the "
        "report of the review meeting, recommending: "
        f"{in_sentence(Outcome(recommendation).label)}.",
        what_to_do="Decide whether to keep, change or stop the plan and send the decision "
        "(with any proposed amendments).",
        due=decision,
        link=review_link(review),
        exclude=actor,
    )
    tell_family(
        case,
        on=sent_on,
        key=f"review:{review.pk}:report",
        subject=f"Report of {case.child.known_as}'s review meeting",
        what_happened="The school or college sent the report of the review meeting to the "
        f"council on {long_date(sent_on)}. It recommends: "
        f"{in_sentence(Outcome(recommendation).label)}.",
        what_to_do="The council decides next, by the date below.",
        due=decision,
        link=family_link(review),
    )


def give_views(
    *, actor: User, review_id: int, going_well: str, should_change: str = "", hopes: str = ""
) -> ReviewViews:
    """The family's views for the review (CFA 2014 s19)."""
    if not going_well.strip():
        raise DomainError("Tell us what is going well", field="going_well")
    with transaction.atomic():
        review = lock_review(review_id)
        permissions.require(actor, "reviews.give_views", review)
        expect(
            review,
            Review.Stage.DUE,
            Review.Stage.ARRANGED,
            Review.Stage.HELD,
            action="give your views for the review",
        )
        views = ReviewViews.objects.create(
            review=review,
            given_by=actor,
            given_on=today(),
            going_well=going_well.strip(),
            should_change=should_change.strip(),
            hopes=hopes.strip(),
        )
        case = review.case
        event(
            case,
            "review_views",
            on=today(),
            actor=actor,
            title="Views for the review sent by the family",
            basis="Children and Families Act 2014 s19",
        )
        tell_council(
            case,
            key=f"review:{review.pk}:views:{views.pk}",
            subject=f"{case.child.full_name}'s family sent views for the review",
            what_happened="The family told us what is going well, what should change and their "
            "hopes. Their views are on the review page.",
            link=review_link(review),
        )
        tell_setting(
            review,
            key=f"review:{review.pk}:views:{views.pk}",
            subject=f"{case.child.full_name}'s family sent views for the review",
            what_happened="Their views are on the review page, for the meeting and its report.",
        )
    return views
