"""After the plan is issued, one function per step.

Each step takes the acting user, checks permission, locks the row it changes, checks the state
it expects (so a step never happens twice), records the case timeline event and audit entry in
the same transaction, and leaves notifications and PDFs to run after commit. Every date in the
law comes from ``ehcp.deadlines``; amendments reuse ``ehcp.services.plans`` (a proposed version
of the plan, sent to the family, then the amended plan issued as a new version).

Review stages (``Review.Stage``)::

    due -> arranged -> held -> reported -> completed (keep the plan)
                                        -> amending -> completed (amended plan issued)
                                        -> ceasing (a proposal to cease: ``Cessation``)
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from ehcp import deadlines, section_i
from ehcp import selectors as case_selectors
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, Child, Plan, ReservedKind, Stage
from ehcp.services import dates, management, plans
from ehcp.services.family import family_members
from ehcp.services.workflow import _event
from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, Role, User
from send_portal.notifications import notify
from send_portal.selectors import council_managers
from send_portal.text import in_sentence

from . import letters
from .models import (
    Cessation,
    Outcome,
    PhaseTransfer,
    PlanDecision,
    PlanTransfer,
    Reassessment,
    Review,
    ReviewViews,
)
from .selectors import issued_plan

# ---- helpers ------------------------------------------------------------------------------------


def today() -> date:
    return case_selectors.today()


def _long(d: date) -> str:
    return f"{d:%-d %B %Y}"


_not_in_future = dates.not_in_future
_not_before = dates.not_before


def _lock_case(case_id: int) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("child", "local_authority", "caseworker")
        .get(pk=case_id)
    )


def _lock_review(review_id: int) -> Review:
    review = Review.objects.select_related("case").get(pk=review_id)
    _lock_case(review.case_id)
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


def _expect(review: Review, *stages: str, action: str) -> None:
    if review.stage not in stages:
        raise InvalidTransition(
            f"You cannot {action} now: the review is at '{Review.Stage(review.stage).label}'."
        )


def _review_link(review: Review) -> str:
    return reverse("review-detail", args=[review.pk])


def _family_link(review: Review) -> str:
    return reverse("family-review", args=[review.pk])


def _tell(
    people,
    *,
    case: Case,
    key: str,
    subject: str,
    what_happened: str,
    what_to_do="",
    due: deadlines.Deadline | None = None,
    link: str,
    exclude: User | None = None,
) -> None:
    for person in people:
        if person is None or not person.is_active:
            continue
        if exclude is not None and person.pk == exclude.pk:
            continue
        notify(
            recipient=person,
            subject=subject,
            what_happened=what_happened,
            what_to_do=what_to_do,
            due_date=due.due if due else None,
            legal_basis=due.basis if due else "",
            link=link,
            dedupe_key=f"reviews:{case.pk}:{key}:user:{person.pk}",
            local_authority_id=case.local_authority_id,
        )


def tell_family(case: Case, *, on: date, link: str = "", **kwargs) -> None:
    link = link or reverse("family-case", args=[case.reference])
    _tell(family_members(case, on), case=case, link=link, **kwargs)


def council_contacts(case: Case) -> list[User]:
    """The case's caseworker, or the council's SEND managers when nobody is allocated."""
    if case.caseworker_id and case.caseworker.is_active:
        return [case.caseworker]
    return council_managers(case.local_authority_id)


def tell_council(case: Case, **kwargs) -> None:
    _tell(council_contacts(case), case=case, **kwargs)


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
    _tell(senco_of(review.setting_id), case=review.case, link=_review_link(review), **kwargs)


def _decision(case: Case, kind: str, *, decided_on: date, actor, reasons: str) -> PlanDecision:
    return PlanDecision.objects.create(
        case=case,
        kind=kind,
        decided_on=decided_on,
        decided_by=actor,
        local_authority=case.local_authority,
        reasons=reasons.strip(),
    )


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
                    label="Final amended EHC plan issued: the first day after the family's 15 "
                    "days to comment",
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


def _save(review: Review, *fields: str) -> None:
    due = next_due(review)
    review.next_due_key = due.key if due else ""
    review.next_due_on = due.due if due else None
    review.save(update_fields=[*fields, "next_due_key", "next_due_on", "updated_at"])


def _lateness(done: date, deadline: deadlines.Deadline) -> str:
    if done > deadline.due:
        return f"Late: the legal date was {_long(deadline.due)}."
    return f"In time (by {_long(deadline.due)})."


# ---- scheduling -------------------------------------------------------------------------------


def _review_due(case: Case, kind: str, phase_transfer: PhaseTransfer | None):
    """(key, due date, basis) of the date the review must be finished by."""
    last = last_reviewed_on(case)
    if last is None:
        raise InvalidTransition("The plan has no issue date, so its review cannot be scheduled.")
    transfer = case.plan_transfers.order_by("-transferred_on").first()
    if kind == Review.Kind.AFTER_MOVE and transfer is not None:
        usual = deadlines.transfer_review_due(
            last_review=last, transferred_on=transfer.transferred_on
        )
    else:
        usual = deadlines.review_due(last_issue_or_review=last)
    if phase_transfer is not None and phase_transfer.deadline_on < usual.due:
        rule = deadlines.RULES[deadlines.PHASE_TRANSFERS[phase_transfer.transfer]]
        return (
            deadlines.PHASE_TRANSFERS[phase_transfer.transfer],
            phase_transfer.deadline_on,
            rule.basis,
            last,
        )
    key = "transfer_review_due" if usual.key == "transfer_review_due" else "review_due"
    return key, usual.due, usual.basis, last


def schedule_review(
    *,
    actor: User | None,
    case_id: int,
    kind: str = Review.Kind.ANNUAL,
    phase_transfer_id: int | None = None,
    setting: Organisation | None = None,
    check_permission: bool = True,
) -> Review:
    """Put the next review of the issued plan in the council's list, with the date it must be
    finished by: 12 months from the plan or its last review (CFA 2014 s44(1)), earlier for a
    phase transfer (reg 18), and 3 to 6 months suggested for under-5s (CoP 9.178)."""
    with transaction.atomic():
        case = _lock_case(case_id)
        if check_permission:
            permissions.require(actor, "reviews.manage", case)
        if case.stage != Stage.FINAL_ISSUED:
            raise InvalidTransition("Only a case with an issued EHC plan can be reviewed.")
        if Cessation.objects.filter(case=case, stage=Cessation.Stage.CEASED).exists():
            raise InvalidTransition("The council no longer maintains this plan.")
        plan = issued_plan(case)
        if plan is None:
            raise InvalidTransition("Only an issued EHC plan can be reviewed.")
        if Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)).exists():
            raise InvalidTransition("This plan already has a review in progress.")
        transfer = None
        if phase_transfer_id is not None:
            transfer = PhaseTransfer.objects.filter(pk=phase_transfer_id, case=case).first()
            if transfer is None:
                raise DomainError("That phase transfer is not this child's")
            kind = Review.Kind.PHASE_TRANSFER
        key, due_on, basis, last = _review_due(case, kind, transfer)
        suggested = None
        if case.child.age_on(last) < 5:
            suggested = deadlines.review_suggested_under_5(last_issue_or_review=last).due
        if setting is not None and setting.kind != Organisation.Kind.SETTING:
            raise DomainError("Choose a school, college or early years setting", field="setting")
        setting = setting or plan.section_i_setting or case.child.current_setting
        review = Review(
            case=case,
            plan=plan,
            kind=kind,
            phase_transfer=transfer,
            due_on=due_on,
            due_key=key,
            due_basis=basis,
            suggested_on=suggested,
            setting=setting,
            created_by=actor,
        )
        due = next_due(review)
        review.next_due_key, review.next_due_on = due.key, due.due
        review.save()
        _event(
            case,
            "review_scheduled",
            on=today(),
            actor=actor,
            title=f"{review.get_kind_display()} scheduled",
            detail=f"The review must be finished by {_long(due_on)}."
            + (
                f" Guidance suggests reviewing by {_long(suggested)} (under 5)."
                if suggested
                else ""
            ),
            basis=basis,
        )
        tell_family(
            case,
            on=today(),
            key=f"review:{review.pk}:scheduled",
            subject=f"{case.child.known_as}'s EHC plan will be reviewed",
            what_happened=f"{case.local_authority.name} has scheduled the "
            f"{in_sentence(review.get_kind_display())} of the EHC plan. You will be invited to the "
            "review meeting at least 2 weeks before it.",
            what_to_do="You can tell us now what is going well and what should change.",
            due=deadlines.Deadline(
                key=key, due=due_on, label=deadlines.RULES[key].label, basis=basis
            ),
            link=_family_link(review),
        )
        if setting is not None:
            tell_setting(
                review,
                key=f"review:{review.pk}:scheduled",
                subject=f"EHC plan review for {case.child.full_name} to arrange",
                what_happened=f"{case.local_authority.name} asks your school or college to hold "
                f"the {in_sentence(review.get_kind_display())} of "
                f"{case.child.full_name}'s EHC plan.",
                what_to_do="Arrange the meeting with at least 2 weeks' notice, then record it "
                "in the portal.",
                due=deadlines.Deadline(
                    key=key, due=due_on, label=deadlines.RULES[key].label, basis=basis
                ),
            )
    return review


# ---- the review meeting (reg 20) -------------------------------------------------------------


def arrange_meeting(
    *, actor: User, review_id: int, meeting_on: date, invitations_sent_on: date, place: str = ""
) -> Review:
    """Invite everyone with at least 2 weeks' notice (SEND Regulations 2014 reg 20(3))."""
    _not_in_future(invitations_sent_on, "The date the invitations were sent", "invitations_sent_on")
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.hold_meeting", review)
        _expect(review, Review.Stage.DUE, Review.Stage.ARRANGED, action="arrange the meeting")
        notice = deadlines.review_meeting_notice_by(meeting=meeting_on)
        if invitations_sent_on > notice.due:
            earliest = invitations_sent_on + (meeting_on - notice.due)
            raise DomainError(
                f"Invitations must go out at least 2 weeks before the meeting ({notice.basis}). "
                f"For a meeting on {_long(meeting_on)} they had to be sent by "
                f"{_long(notice.due)}: hold the meeting on {_long(earliest)} or later.",
                field="meeting_on",
            )
        _not_before(
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
        _save(review, "meeting_on", "invitations_sent_on", "meeting_place", "stage")
        advice_by = deadlines.review_advice_circulated_by(meeting=meeting_on)
        case = review.case
        late = meeting_on > review.due_on
        _event(
            case,
            "review_meeting_arranged",
            on=invitations_sent_on,
            actor=actor,
            title=f"Review meeting arranged for {_long(meeting_on)}",
            detail=f"Invitations sent {_long(invitations_sent_on)}"
            + (f" ({review.meeting_place})." if review.meeting_place else ".")
            + f" Advice must be sent to everyone invited by {_long(advice_by.due)}."
            + (
                f" The meeting is after the date the review was due ({_long(review.due_on)})."
                if late
                else ""
            ),
            basis=notice.basis,
        )
        tell_family(
            case,
            on=invitations_sent_on,
            key=f"review:{review.pk}:meeting:{meeting_on.isoformat()}",
            subject=f"Review meeting for {case.child.known_as} on {_long(meeting_on)}",
            what_happened=f"The review meeting for {case.child.known_as}'s EHC plan is on "
            f"{meeting_on:%A %-d %B %Y}"
            + (f" at {review.meeting_place}" if review.meeting_place else "")
            + ". The advice and information for it will be sent to you at least 2 weeks before.",
            what_to_do="Tell us your views (and your child's) before the meeting: what is going "
            "well, what should change, and your hopes for the next year.",
            due=advice_by,
            link=_family_link(review),
        )
        tell_council(
            case,
            key=f"review:{review.pk}:meeting:{meeting_on.isoformat()}",
            subject=f"Review meeting for {case.child.full_name} on {_long(meeting_on)}",
            what_happened=f"The review meeting is arranged for {meeting_on:%A %-d %B %Y}.",
            what_to_do="Send the advice and information to everyone invited by the date below.",
            due=advice_by,
            link=_review_link(review),
            exclude=actor,
        )
    return review


def record_advice_circulated(*, actor: User, review_id: int, circulated_on: date) -> Review:
    """Advice and information sent to everyone invited, at least 2 weeks before (reg 20(4))."""
    _not_in_future(circulated_on, "The date the advice was sent", "on")
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.hold_meeting", review)
        _expect(review, Review.Stage.ARRANGED, action="record the advice as sent")
        if review.advice_circulated_on is not None:
            raise InvalidTransition("The advice was already recorded as sent.")
        _not_before(
            circulated_on,
            review.invitations_sent_on,
            "The date the advice was sent",
            "the date of the invitations",
            "on",
        )
        by = deadlines.review_advice_circulated_by(meeting=review.meeting_on)
        review.advice_circulated_on = circulated_on
        _save(review, "advice_circulated_on")
        _event(
            review.case,
            "review_advice_circulated",
            on=circulated_on,
            actor=actor,
            title="Advice and information for the review meeting sent",
            detail=_lateness(circulated_on, by),
            basis=by.basis,
        )
    return review


def record_meeting_held(*, actor: User, review_id: int, held_on: date) -> Review:
    """The meeting took place: the report is due within 2 weeks (reg 20(7)-(8))."""
    _not_in_future(held_on, "The date of the meeting", "on")
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.hold_meeting", review)
        _expect(review, Review.Stage.ARRANGED, action="record the meeting")
        _not_before(
            held_on,
            review.invitations_sent_on,
            "The date of the meeting",
            "the date of the invitations",
            "on",
        )
        notice = deadlines.review_meeting_notice_by(meeting=held_on)
        if review.invitations_sent_on > notice.due:
            raise DomainError(
                f"The meeting must be held at least 2 weeks after the invitations were sent "
                f"({_long(review.invitations_sent_on)}; {notice.basis}). Arrange it again if it "
                "was moved.",
                field="on",
            )
        review.meeting_held_on = held_on
        review.stage = Review.Stage.HELD
        _save(review, "meeting_held_on", "stage")
        report = deadlines.review_report_due(meeting=held_on)
        decision = deadlines.review_decision_due(meeting=held_on)
        case = review.case
        _event(
            case,
            "review_meeting_held",
            on=held_on,
            actor=actor,
            title="Review meeting held",
            detail=f"The report is due by {_long(report.due)}; the council's decision by "
            f"{_long(decision.due)}.",
            basis=report.basis,
        )
        tell_setting(
            review,
            key=f"review:{review.pk}:report_due",
            subject=f"Review report for {case.child.full_name} due {_long(report.due)}",
            what_happened=f"The review meeting was held on {_long(held_on)}.",
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
            what_happened=f"The review meeting was held on {_long(held_on)}. The school or "
            f"college sends its report by {_long(report.due)}.",
            what_to_do="The council must then tell you whether it will keep, change or stop the "
            "plan, with any proposed changes, by the date below.",
            due=decision,
            link=_family_link(review),
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
    _not_in_future(sent_on, "The date of the report", "sent_on")
    if not progress.strip():
        raise DomainError("Describe the progress towards the outcomes", field="progress")
    if recommendation not in Outcome.values:
        raise DomainError("Select your recommendation", field="recommendation")
    if recommendation == Outcome.AMEND and not changes.strip():
        raise DomainError("Say which changes to the plan you recommend", field="changes")
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.hold_meeting", review)
        _expect(review, Review.Stage.HELD, action="send the report")
        _not_before(
            sent_on, review.meeting_held_on, "The date of the report", "the meeting", "sent_on"
        )
        review.report_sent_on = sent_on
        review.report_by = actor
        review.report_progress = progress.strip()
        review.report_recommendation = recommendation
        review.report_changes = changes.strip()
        review.report_differences = differences.strip()
        review.stage = Review.Stage.REPORTED
        _save(
            review,
            "report_sent_on",
            "report_by",
            "report_progress",
            "report_recommendation",
            "report_changes",
            "report_differences",
            "stage",
        )
        due = deadlines.review_report_due(meeting=review.meeting_held_on)
        decision = deadlines.review_decision_due(meeting=review.meeting_held_on)
        case = review.case
        _event(
            case,
            "review_report",
            on=sent_on,
            actor=actor,
            title="Report of the review meeting sent",
            detail=f"Recommendation: {in_sentence(Outcome(recommendation).label)}. "
            + _lateness(sent_on, due),
            basis=due.basis,
        )
        tell_council(
            case,
            key=f"review:{review.pk}:report",
            subject=f"Review report for {case.child.full_name}: decide by {_long(decision.due)}",
            what_happened=f"{review.setting.name if review.setting_id else 'The school'} sent the "
            "report of the review meeting, recommending: "
            f"{in_sentence(Outcome(recommendation).label)}.",
            what_to_do="Decide whether to keep, change or stop the plan and send the decision "
            "(with any proposed amendments).",
            due=decision,
            link=_review_link(review),
            exclude=actor,
        )
        tell_family(
            case,
            on=sent_on,
            key=f"review:{review.pk}:report",
            subject=f"Report of {case.child.known_as}'s review meeting",
            what_happened="The school or college sent the report of the review meeting to the "
            f"council on {_long(sent_on)}. It recommends: "
            f"{in_sentence(Outcome(recommendation).label)}.",
            what_to_do="The council decides next, by the date below.",
            due=decision,
            link=_family_link(review),
        )
    return review


def give_views(
    *, actor: User, review_id: int, going_well: str, should_change: str = "", hopes: str = ""
) -> ReviewViews:
    """The family's views for the review (CFA 2014 s19)."""
    if not going_well.strip():
        raise DomainError("Tell us what is going well", field="going_well")
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.give_views", review)
        _expect(
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
        _event(
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
            link=_review_link(review),
        )
        tell_setting(
            review,
            key=f"review:{review.pk}:views:{views.pk}",
            subject=f"{case.child.full_name}'s family sent views for the review",
            what_happened="Their views are on the review page, for the meeting and its report.",
        )
    return views


# ---- the council's decision (reg 20(10), reg 22; Devon) --------------------------------------


def start_amendments(*, actor: User, review_id: int) -> Plan:
    """Prepare the proposed amendments (a new version of the plan, ``plans.propose_amendments``)
    so they can be sent with the decision, within 4 weeks of the meeting (Devon)."""
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        _expect(
            review, Review.Stage.HELD, Review.Stage.REPORTED, action="prepare proposed amendments"
        )
        if review.proposed_plan_id:
            raise InvalidTransition(
                f"The proposed amendments are already being prepared (version "
                f"{review.proposed_plan.version})."
            )
        proposed = plans.propose_amendments(actor=actor, case_id=review.case_id)
        review.proposed_plan = proposed
        _save(review, "proposed_plan")
    return proposed


def name_next_setting(
    *,
    actor: User,
    review_id: int,
    setting: Organisation | None,
    setting_type: str = "",
) -> Plan:
    """Section I of the proposed amendments: the next school or college (phase transfers)."""
    if setting is None and not setting_type.strip():
        raise DomainError("Choose the school or college, or its type", field="setting")
    if setting is not None and setting.kind != Organisation.Kind.SETTING:
        raise DomainError("Choose a school, college or early years setting", field="setting")
    if setting is None and section_i.problem(setting_id=None, setting_type=setting_type):
        raise DomainError(
            section_i.problem(setting_id=None, setting_type=setting_type), field="setting_type"
        )
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        proposed = review.proposed_plan
        if proposed is None:
            raise InvalidTransition("Start the proposed amendments first.")
        proposed = Plan.objects.select_for_update().get(pk=proposed.pk)
        if not proposed.is_editable:
            raise InvalidTransition("The proposed amendments were already sent and cannot change.")
        proposed.section_i_setting = setting
        proposed.section_i_type = (
            setting_type.strip() or (setting.setting_type if setting else "")
        )[:200]
        proposed.version_lock += 1
        proposed.save(update_fields=["section_i_setting", "section_i_type", "version_lock"])
        if review.phase_transfer_id:
            PhaseTransfer.objects.filter(pk=review.phase_transfer_id).update(
                next_setting=setting, next_setting_type=proposed.section_i_type
            )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=proposed,
            child_id=review.case.child_id,
            summary=f"{review.case.reference}: section I of the proposed amendments set to "
            f"{setting.name if setting else proposed.section_i_type}",
        )
    return proposed


def decide_after_review(
    *,
    actor: User,
    review_id: int,
    outcome: str,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> PlanDecision | Cessation:
    """Tell the family whether the council keeps, changes or proposes to stop the plan, within
    4 weeks of the meeting (reg 20(10)). Changing it: the proposed amendments go with the
    decision (Devon) and the family has 15 days to comment (reg 22(2)). Stopping it: the council
    must first inform and consult (reg 31), so the decision starts that consultation."""
    _not_in_future(decided_on, "The date of the decision", "decided_on")
    _not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")
    _not_before(
        notice_sent_on, decided_on, "The date the letter was sent", "the decision", "notice_sent_on"
    )
    if outcome not in Outcome.values:
        raise DomainError("Select the decision", field="outcome")
    if outcome in (Outcome.MAINTAIN, Outcome.CEASE) and not reasons.strip():
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        _expect(review, Review.Stage.HELD, Review.Stage.REPORTED, action="decide")
        _not_before(
            decided_on,
            review.meeting_held_on,
            "The date of the decision",
            "the meeting",
            "decided_on",
        )
        case = review.case
        due = deadlines.review_decision_due(meeting=review.meeting_held_on)
        timing = _lateness(notice_sent_on, due)
        if outcome == Outcome.CEASE:
            review.outcome = outcome
            review.stage = Review.Stage.CEASING
            review.completed_on = decided_on
            _save(review, "outcome", "stage", "completed_on")
            cessation = _propose_cessation(
                actor=actor,
                case=case,
                review=review,
                ground=Cessation.Ground.NOT_NECESSARY,
                explanation=reasons,
                consulted_on=notice_sent_on,
            )
            _event(
                case,
                "review_decided",
                on=decided_on,
                actor=actor,
                title="After the review: the council proposes to stop the plan",
                detail=f"The council must consult the family and the school before deciding. "
                f"{timing}",
                basis=due.basis,
            )
            return cessation
        if outcome == Outcome.MAINTAIN:
            decision = _decision(
                case,
                PlanDecision.Kind.MAINTAIN,
                decided_on=decided_on,
                actor=actor,
                reasons=reasons,
            )
            letters.send_letter(
                decision,
                sent_on=notice_sent_on,
                actor=actor,
                paragraphs=[
                    f"After the review meeting on {_long(review.meeting_held_on)}, "
                    f"{case.local_authority.name} has decided to keep {case.child.full_name}'s "
                    "EHC plan as it is, without changes.",
                ],
            )
            review.outcome = outcome
            review.decision = decision
            review.stage = Review.Stage.COMPLETED
            review.completed_on = decided_on
            _save(review, "outcome", "decision", "stage", "completed_on")
            _event(
                case,
                "review_decided",
                on=decided_on,
                actor=actor,
                title="After the review: the plan stays as it is",
                detail=f"Letter sent {_long(notice_sent_on)}. {timing} Appeal by "
                f"{_long(decision.appeal_deadline)}.",
                basis=due.basis,
            )
            tell_family(
                case,
                on=notice_sent_on,
                key=f"review:{review.pk}:decided",
                subject=f"{case.child.known_as}'s EHC plan stays as it is after the review",
                what_happened=f"{case.local_authority.name} decided on {_long(decided_on)} to "
                "keep the EHC plan without changes. The letter explains why.",
                what_to_do="If you disagree you can appeal to the SEND Tribunal. Contact a "
                "mediation adviser first; mediation itself is optional.",
                due=deadlines.appeal_deadline(decision_sent=notice_sent_on),
                link=_family_link(review),
            )
            return decision
        # Amend: the proposed amendments go with the decision.
        if review.proposed_plan_id is None:
            raise InvalidTransition(
                "Prepare the proposed amendments first: they must be sent with the decision."
            )
        proposed = review.proposed_plan
        transfer = review.phase_transfer
        if transfer is not None and not (transfer.next_setting_id or transfer.next_setting_type):
            raise InvalidTransition(
                "This is a phase transfer review: name the next school or college (section I) "
                "in the proposed amendments first."
            )
        plans.send_amendment_proposal(actor=actor, plan_id=proposed.pk, sent_on=notice_sent_on)
        proposed.refresh_from_db()
        window = deadlines.amendment_representations_close(notice_served=notice_sent_on)
        final_due = deadlines.amended_plan_due(
            amendment_notice_sent=notice_sent_on, meeting=review.meeting_held_on
        )
        decision = _decision(
            case, PlanDecision.Kind.AMEND, decided_on=decided_on, actor=actor, reasons=reasons
        )
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[
                f"After the review meeting on {_long(review.meeting_held_on)}, "
                f"{case.local_authority.name} proposes to change (amend) "
                f"{case.child.full_name}'s EHC plan. The proposed amendments (version "
                f"{proposed.version} of the plan) come with this letter, with the evidence for "
                "them.",
                "You can comment on the proposed amendments, ask for a meeting with us, and ask "
                "for a particular school or college to be named, by the date below. We will then "
                "issue the amended plan, and you will be able to appeal about it.",
            ],
            extra_deadlines=[
                window,
                *deadlines.amended_plan_deadlines(
                    amendment_notice_sent=notice_sent_on, meeting=review.meeting_held_on
                ),
            ],
        )
        review.outcome = outcome
        review.decision = decision
        review.stage = Review.Stage.AMENDING
        _save(review, "outcome", "decision", "stage")
        _event(
            case,
            "review_decided",
            on=decided_on,
            actor=actor,
            title="After the review: the council proposes changes to the plan",
            detail=f"Proposed amendments (version {proposed.version}) sent "
            f"{_long(notice_sent_on)}. {timing} Comments by {_long(window.due)}; amended plan "
            f"by {_long(final_due.due)}.",
            basis=due.basis,
        )
    return decision


def decide_not_to_amend(
    *, actor: User, review_id: int, decided_on: date, notice_sent_on: date, reasons: str
) -> PlanDecision:
    """After the family's representations on the proposed amendments, the council decides not to
    amend the plan after all: it tells the family, with its reasons, as soon as practicable and
    within 8 weeks of the amendment notice (SEND Regulations 2014 reg 22(4)). The plan stays as
    it is; the decision can be appealed (CFA 2014 s51(2)(e))."""
    if not reasons.strip():
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    _not_in_future(decided_on, "The date of the decision", "decided_on")
    _not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")
    _not_before(
        notice_sent_on, decided_on, "The date the letter was sent", "the decision", "notice_sent_on"
    )
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        _expect(review, Review.Stage.AMENDING, action="decide not to amend the plan")
        proposed = review.proposed_plan
        if proposed is None or proposed.served_on is None:
            raise InvalidTransition("The proposed amendments were never sent to the family.")
        if proposed.status != Plan.Status.PROPOSED:
            raise InvalidTransition("These amendments have already been dealt with.")
        _not_before(
            decided_on,
            proposed.served_on,
            "The date of the decision",
            "the date the proposed amendments were sent",
            "decided_on",
        )
        case = review.case
        due = deadlines.no_amendment_notice_due(amendment_notice_sent=proposed.served_on)
        Plan.objects.filter(pk=proposed.pk).update(status=Plan.Status.NOT_MADE)
        decision = _decision(
            case, PlanDecision.Kind.MAINTAIN, decided_on=decided_on, actor=actor, reasons=reasons
        )
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[
                f"{case.local_authority.name} sent you proposed amendments to "
                f"{case.child.full_name}'s EHC plan on {_long(proposed.served_on)}. After "
                "considering your views, it has decided not to make them: the plan stays as it "
                "is.",
                f"Our reasons: {reasons.strip()}",
            ],
        )
        review.outcome = Outcome.MAINTAIN
        review.decision = decision
        review.stage = Review.Stage.COMPLETED
        review.completed_on = decided_on
        _save(review, "outcome", "decision", "stage", "completed_on")
        _event(
            case,
            "review_decided",
            on=decided_on,
            actor=actor,
            title="The proposed amendments will not be made: the plan stays as it is",
            detail=f"Letter sent {_long(notice_sent_on)}. {_lateness(notice_sent_on, due)} "
            f"Appeal by {_long(decision.appeal_deadline)}.",
            basis=due.basis,
        )
        tell_family(
            case,
            on=notice_sent_on,
            key=f"review:{review.pk}:not_amended",
            subject=f"{case.child.known_as}'s EHC plan will not be changed after all",
            what_happened=f"{case.local_authority.name} decided on {_long(decided_on)} not to "
            "make the amendments it proposed. The letter explains why.",
            what_to_do="If you disagree you can appeal to the SEND Tribunal. Contact a "
            "mediation adviser first; mediation itself is optional.",
            due=deadlines.appeal_deadline(decision_sent=notice_sent_on),
            link=_family_link(review),
        )
    return decision


def issue_amended_plan(
    *, actor: User, review_id: int, issued_on: date, notice_sent_on: date
) -> PlanDecision:
    """Issue the amended plan after the family's 15 days, within 8 weeks of the amendment notice
    and 12 weeks of the meeting (reg 22(3); Devon), with appeal rights (CFA s51(2)(c))."""
    with transaction.atomic():
        review = _lock_review(review_id)
        permissions.require(actor, "reviews.manage", review)
        _expect(review, Review.Stage.AMENDING, action="issue the amended plan")
        proposed = review.proposed_plan
        amended = plans.issue_amended_plan(
            actor=actor, plan_id=proposed.pk, issued_on=issued_on, notice_sent_on=notice_sent_on
        )
        case = review.case
        due = deadlines.amended_plan_due(
            amendment_notice_sent=proposed.served_on, meeting=review.meeting_held_on
        )
        decision = _decision(
            case, PlanDecision.Kind.AMENDED_PLAN, decided_on=issued_on, actor=actor, reasons=""
        )
        named = amended.placement
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[
                f"{case.local_authority.name} has issued the amended EHC plan for "
                f"{case.child.full_name} (version {amended.version}) after the review. "
                f"Section I names: {named or 'no school or college'}.",
                "The council must secure the special educational provision in section F.",
            ],
        )
        review.amended_plan = amended
        review.decision = decision  # the appealable one; the amendment notice stays listed
        review.stage = Review.Stage.COMPLETED
        review.completed_on = issued_on
        _save(review, "amended_plan", "decision", "stage", "completed_on")
        if review.phase_transfer_id:
            PhaseTransfer.objects.filter(pk=review.phase_transfer_id).update(
                named_on=issued_on,
                next_setting=amended.section_i_setting,
                next_setting_type=amended.section_i_type,
            )
        phase_note = ""
        if review.phase_transfer_id:
            pt = review.phase_transfer
            phase_note = (
                " Phase transfer: next setting named "
                + ("in time" if issued_on <= pt.deadline_on else "late")
                + f" (by {_long(pt.deadline_on)})."
            )
        _event(
            case,
            "review_completed",
            on=issued_on,
            actor=actor,
            title="Review finished: amended plan issued",
            detail=_lateness(issued_on, due) + phase_note,
            basis=due.basis,
        )
        tell_setting(
            review,
            key=f"review:{review.pk}:amended",
            subject=f"Amended EHC plan for {case.child.full_name} issued",
            what_happened=f"The amended plan was issued on {_long(issued_on)}, naming "
            f"{named or 'no school or college'} in section I.",
        )
    return decision


# ---- phase transfers (reg 18) ----------------------------------------------------------------

#: (transfer, from phase, to phase, age on 31 August before the move).
_PHASE_MOVES = [
    (PhaseTransfer.Transfer.SCHOOL, "Early years", "Reception (school)", 4),
    (PhaseTransfer.Transfer.SCHOOL, "Primary (year 6)", "Secondary (year 7)", 11),
    (PhaseTransfer.Transfer.POST16, "Secondary (year 11)", "Post-16", 16),
]


def _born_between(age_on_31_august: int, year: int) -> tuple[date, date]:
    """Children aged ``age_on_31_august`` on 31 August ``year`` (the school year cohort)."""
    return date(year - age_on_31_august - 1, 9, 1), date(year - age_on_31_august, 8, 31)


def identify_phase_transfers(*, actor: User, local_authority: Organisation, year: int) -> int:
    """Add to the cohort every child with an issued plan in the council who moves between phases
    in September ``year`` (into reception, year 6 to 7, year 11 to post-16), with the date by
    which the amended plan must name the next school or college (reg 18). Idempotent."""
    permissions.require(actor, "reviews.see_cohort", local_authority)
    created = 0
    with transaction.atomic():
        for transfer, from_phase, to_phase, age in _PHASE_MOVES:
            first, last = _born_between(age, year)
            deadline = deadlines.phase_transfer_deadline(transfer=transfer, transfer_year=year)
            cases = Case.objects.filter(
                local_authority=local_authority,
                stage=Stage.FINAL_ISSUED,
                child__date_of_birth__range=(first, last),
                plans__status__in=list(Plan.ISSUED),
            ).exclude(phase_transfers__transfer_year=year, phase_transfers__transfer=transfer)
            rows = [
                PhaseTransfer(
                    case_id=pk,
                    transfer=transfer,
                    from_phase=from_phase,
                    to_phase=to_phase,
                    transfer_year=year,
                    deadline_on=deadline.due,
                )
                for pk in cases.values_list("pk", flat=True).distinct()
            ]
            PhaseTransfer.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            created += len(rows)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary=f"{local_authority.name}: {created} phase transfers in {year} added to the "
            "cohort",
            obj=local_authority,
            detail={"year": year, "created": created},
        )
    return created


def record_post16_move(
    *, actor: User, case_id: int, transfer_date: date, to_phase: str
) -> PhaseTransfer:
    """A move between post-16 institutions at another time: the plan must be reviewed and
    amended at least 5 months before it (reg 18(2))."""
    if not to_phase.strip():
        raise DomainError("Say where the young person is moving to", field="to_phase")
    with transaction.atomic():
        case = _lock_case(case_id)
        permissions.require(actor, "reviews.manage", case)
        if case.stage != Stage.FINAL_ISSUED:
            raise InvalidTransition("Only a case with an issued EHC plan has phase transfers.")
        deadline = deadlines.phase_transfer_deadline(
            transfer="post16_other", transfer_date=transfer_date
        )
        transfer, made = PhaseTransfer.objects.get_or_create(
            case=case,
            transfer=PhaseTransfer.Transfer.POST16_OTHER,
            transfer_year=transfer_date.year,
            defaults={
                "from_phase": "Post-16",
                "to_phase": to_phase.strip()[:60],
                "transfer_date": transfer_date,
                "deadline_on": deadline.due,
            },
        )
        if not made:
            raise InvalidTransition("A post-16 move in that year is already recorded.")
        _event(
            case,
            "phase_transfer_recorded",
            on=today(),
            actor=actor,
            title=f"Move to {transfer.to_phase} on {_long(transfer_date)} recorded",
            detail=f"The amended plan must be issued by {_long(deadline.due)}.",
            basis=deadline.basis,
        )
    return transfer


# ---- re-assessment (regs 24-27) ---------------------------------------------------------------


def request_reassessment(
    *, actor: User, case_id: int, requested_by: str, requested_on: date, reasons: str
) -> Reassessment:
    _not_in_future(requested_on, "The date of the request", "requested_on")
    if requested_by not in Reassessment.RequestedBy.values:
        raise DomainError("Select who asked for the re-assessment", field="requested_by")
    if not reasons.strip():
        raise DomainError("Give the reasons for the request", field="reasons")
    with transaction.atomic():
        case = _lock_case(case_id)
        permissions.require(actor, "reviews.request_reassessment", case)
        if case.stage != Stage.FINAL_ISSUED:
            raise InvalidTransition("A re-assessment is only for a child with an issued plan.")
        if Reassessment.objects.filter(
            case=case, stage__in=[Reassessment.Stage.REQUESTED, Reassessment.Stage.REASSESSING]
        ).exists():
            raise InvalidTransition("A re-assessment is already in progress.")
        due = deadlines.reassessment_decision_due(request_received=requested_on)
        item = Reassessment.objects.create(
            case=case,
            requested_by=requested_by,
            requested_on=requested_on,
            reasons=reasons.strip(),
            decision_due_on=due.due,
        )
        _event(
            case,
            "reassessment_requested",
            on=requested_on,
            actor=actor,
            title="Re-assessment of needs requested",
            detail=f"By {in_sentence(Reassessment.RequestedBy(requested_by).label)}. "
            "The council must "
            f"decide by {_long(due.due)}.",
            basis=due.basis,
        )
        tell_council(
            case,
            key=f"reassessment:{item.pk}:requested",
            subject=f"Re-assessment requested for {case.child.full_name}",
            what_happened=f"A re-assessment was requested on {_long(requested_on)}.",
            what_to_do="Decide whether to re-assess and send the decision letter.",
            due=due,
            link=reverse("reviews-case", args=[case.reference]),
            exclude=actor,
        )
    return item


def decide_reassessment(
    *,
    actor: User,
    reassessment_id: int,
    reassess: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> PlanDecision:
    """Decide within 15 days (reg 25); a refusal can be appealed (CFA s51(2)(d)). Re-assessing:
    the amended plan within 14 weeks of the notice (reg 27)."""
    _not_in_future(decided_on, "The date of the decision", "decided_on")
    _not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")
    _not_before(
        notice_sent_on, decided_on, "The date the letter was sent", "the decision", "notice_sent_on"
    )
    if not reassess and not reasons.strip():
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    with transaction.atomic():
        item = Reassessment.objects.select_for_update().get(pk=reassessment_id)
        case = _lock_case(item.case_id)
        permissions.require(actor, "reviews.manage", case)
        if item.stage != Reassessment.Stage.REQUESTED:
            raise InvalidTransition("This request has already been decided.")
        _not_before(
            decided_on, item.requested_on, "The date of the decision", "the request", "decided_on"
        )
        due = deadlines.reassessment_decision_due(request_received=item.requested_on)
        kind = PlanDecision.Kind.REASSESS if reassess else PlanDecision.Kind.NOT_REASSESS
        decision = _decision(case, kind, decided_on=decided_on, actor=actor, reasons=reasons)
        extra = []
        if reassess:
            final = deadlines.reassessment_final_plan(notified=notice_sent_on)
            extra = [final]
            item.final_due_on = final.due
            item.notified_on = notice_sent_on
            item.stage = Reassessment.Stage.REASSESSING
            text = (
                f"{case.local_authority.name} will carry out a re-assessment of "
                f"{case.child.full_name}'s needs. We will ask for advice again and for your "
                "views, then send you the proposed amended plan."
            )
        else:
            item.stage = Reassessment.Stage.REFUSED
            text = (
                f"{case.local_authority.name} has decided not to carry out a re-assessment of "
                f"{case.child.full_name}'s needs. The EHC plan stays in force."
            )
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[text],
            extra_deadlines=extra,
        )
        item.decision = decision
        item.save(update_fields=["decision", "stage", "final_due_on", "notified_on"])
        _event(
            case,
            "reassessment_decided",
            on=decided_on,
            actor=actor,
            title="Decided to re-assess" if reassess else "Decided not to re-assess",
            detail=_lateness(notice_sent_on, due)
            + (
                f" Amended plan due by {_long(item.final_due_on)}."
                if reassess
                else f" Appeal by {_long(decision.appeal_deadline)}."
            ),
            basis=due.basis,
        )
        tell_family(
            case,
            on=notice_sent_on,
            key=f"reassessment:{item.pk}:decided",
            subject=(
                f"{case.child.known_as}'s needs will be re-assessed"
                if reassess
                else f"No re-assessment of {case.child.known_as}'s needs"
            ),
            what_happened=text,
            what_to_do=(
                "We will ask for your views. The amended plan must be issued by the date below."
                if reassess
                else "If you disagree you can appeal to the SEND Tribunal. Contact a mediation "
                "adviser first; mediation itself is optional."
            ),
            due=extra[0] if reassess else deadlines.appeal_deadline(decision_sent=notice_sent_on),
        )
    return decision


def complete_reassessment(*, actor: User, reassessment_id: int) -> Reassessment:
    """The re-assessment ends with the amended plan issued after it (reg 27)."""
    with transaction.atomic():
        item = Reassessment.objects.select_for_update().get(pk=reassessment_id)
        case = _lock_case(item.case_id)
        permissions.require(actor, "reviews.manage", case)
        if item.stage != Reassessment.Stage.REASSESSING:
            raise InvalidTransition("This re-assessment is not in progress.")
        amended = (
            case.plans.filter(status=Plan.Status.AMENDED, issued_on__gte=item.notified_on)
            .order_by("-version")
            .first()
        )
        if amended is None:
            raise InvalidTransition(
                "Issue the amended plan after the re-assessment first (propose amendments, send "
                "them, then issue the amended plan)."
            )
        item.plan = amended
        item.completed_on = amended.issued_on
        item.stage = Reassessment.Stage.COMPLETED
        item.save(update_fields=["plan", "completed_on", "stage"])
        due = deadlines.reassessment_final_plan(notified=item.notified_on)
        _event(
            case,
            "reassessment_completed",
            on=amended.issued_on,
            actor=actor,
            title=f"Re-assessment finished: amended plan issued (version {amended.version})",
            detail=_lateness(amended.issued_on, due),
            basis=due.basis,
        )
    return item


# ---- ceasing to maintain the plan (CFA s45; regs 29-31) --------------------------------------


def _propose_cessation(*, actor, case, review, ground, explanation, consulted_on) -> Cessation:
    if Cessation.objects.filter(
        case=case, stage__in=[Cessation.Stage.CONSULTING, Cessation.Stage.DECIDED_CEASE]
    ).exists():
        raise InvalidTransition("A proposal to stop this plan is already open.")
    cessation = Cessation.objects.create(
        case=case,
        review=review,
        ground=ground,
        explanation=explanation.strip(),
        consulted_on=consulted_on,
    )
    cessation.consultation_letter = letters.letter(
        case,
        title=f"Proposal to stop maintaining the EHC plan - {case.child.full_name}",
        sent_on=consulted_on,
        actor=actor,
        paragraphs=[
            f"{case.local_authority.name} is thinking about stopping (ceasing to maintain) "
            f"{case.child.full_name}'s EHC plan. The reason: "
            f"{Cessation.Ground(ground).label}. {explanation.strip()}",
            "Before we decide, we want your views, and we are asking the school or college named "
            "in the plan for theirs. Please tell your caseworker what you think. We will then "
            "write to you with our decision and your right to appeal.",
            "The plan stays in force while we consult, and if we decide to stop it, until the "
            "time to appeal has passed or any appeal has ended.",
        ],
        rights_text=[letters._sendiass(case)],
        dates=[],
    )
    cessation.save(update_fields=["consultation_letter"])
    _event(
        case,
        "cease_proposed",
        on=consulted_on,
        actor=actor,
        title="Council proposes to stop maintaining the plan: family and school consulted",
        detail=f"Reason: {Cessation.Ground(ground).label}.",
        basis="Children and Families Act 2014 s45; SEND Regulations 2014 reg 31(1)",
    )
    tell_family(
        case,
        on=consulted_on,
        key=f"cessation:{cessation.pk}:proposed",
        subject=f"The council is thinking about stopping {case.child.known_as}'s EHC plan",
        what_happened=f"{case.local_authority.name} wrote to you on {_long(consulted_on)}: it is "
        f"thinking about stopping the EHC plan ({Cessation.Ground(ground).label}).",
        what_to_do="Tell your caseworker what you think before the council decides. The plan "
        "stays in force meanwhile.",
    )
    setting_id = None
    plan = issued_plan(case)
    if plan is not None:
        setting_id = plan.section_i_setting_id
    _tell(
        senco_of(setting_id),
        case=case,
        key=f"cessation:{cessation.pk}:proposed",
        subject=f"Consultation: stopping {case.child.full_name}'s EHC plan",
        what_happened=f"{case.local_authority.name} is thinking about stopping the EHC plan of "
        f"{case.child.full_name}, who attends your school or college.",
        what_to_do="Send your views to the council's caseworker.",
        link=reverse("reviews-setting-list"),
    )
    return cessation


def propose_to_cease(
    *, actor: User, case_id: int, ground: str, explanation: str, consulted_on: date
) -> Cessation:
    """Inform and consult the family and the school before deciding (reg 31(1))."""
    _not_in_future(consulted_on, "The date of the letter", "consulted_on")
    if ground not in Cessation.Ground.values:
        raise DomainError("Select the reason", field="ground")
    if not explanation.strip():
        raise DomainError("Explain why", field="explanation")
    with transaction.atomic():
        case = _lock_case(case_id)
        permissions.require(actor, "reviews.manage", case)
        if case.stage != Stage.FINAL_ISSUED:
            raise InvalidTransition("Only a maintained EHC plan can be stopped.")
        return _propose_cessation(
            actor=actor,
            case=case,
            review=None,
            ground=ground,
            explanation=explanation,
            consulted_on=consulted_on,
        )


def decide_cessation(
    *,
    actor: User,
    cessation_id: int,
    cease: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str,
    family_response: str = "",
    setting_response: str = "",
) -> PlanDecision:
    """After consulting, decide and tell the family, the school and the ICB, with appeal rights
    (reg 31(2)-(3); CFA s51(2)(f)). The plan stays in force until the appeal window closes or
    any appeal ends (CFA s45)."""
    _not_in_future(decided_on, "The date of the decision", "decided_on")
    _not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")
    _not_before(
        notice_sent_on, decided_on, "The date the letter was sent", "the decision", "notice_sent_on"
    )
    if not reasons.strip():
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    with transaction.atomic():
        cessation = Cessation.objects.select_for_update().get(pk=cessation_id)
        case = _lock_case(cessation.case_id)
        permissions.require(actor, "reviews.manage", case)
        management.require_manager_if_reserved(actor, case, ReservedKind.CEASE)
        if cessation.stage != Cessation.Stage.CONSULTING:
            raise InvalidTransition("This proposal has already been decided.")
        if decided_on <= cessation.consulted_on:
            raise DomainError(
                f"Decide after consulting: the consultation letter was sent on "
                f"{_long(cessation.consulted_on)} (SEND Regulations 2014 reg 31(1))",
                field="decided_on",
            )
        kind = PlanDecision.Kind.CEASE if cease else PlanDecision.Kind.KEEP_AFTER_CEASE_PROPOSAL
        decision = _decision(case, kind, decided_on=decided_on, actor=actor, reasons=reasons)
        if cease:
            appeal = deadlines.appeal_deadline(decision_sent=notice_sent_on)
            text = [
                f"After consulting you and the school or college, {case.local_authority.name} has "
                f"decided to stop maintaining {case.child.full_name}'s EHC plan.",
                f"The plan stays in force until the time to appeal has passed "
                f"({appeal.due:%-d %B %Y}) or, if you appeal, until the appeal has ended "
                "(Children and Families Act 2014 s45).",
            ]
        else:
            text = [
                f"After consulting you and the school or college, {case.local_authority.name} has "
                f"decided to keep {case.child.full_name}'s EHC plan. Nothing changes."
            ]
        letters.send_letter(decision, sent_on=notice_sent_on, actor=actor, paragraphs=text)
        cessation.decision = decision
        cessation.family_response = family_response.strip()
        cessation.setting_response = setting_response.strip()
        cessation.stage = Cessation.Stage.DECIDED_CEASE if cease else Cessation.Stage.KEPT
        cessation.save(update_fields=["decision", "family_response", "setting_response", "stage"])
        basis = "Children and Families Act 2014 s45; SEND Regulations 2014 reg 31(2)-(3)"
        _event(
            case,
            "cease_decided",
            on=decided_on,
            actor=actor,
            title="Decided to stop maintaining the plan" if cease else "Decided to keep the plan",
            detail=(
                f"The plan stays in force until {_long(decision.appeal_deadline)} or until any "
                "appeal ends."
                if cease
                else "The proposal to stop the plan is withdrawn."
            ),
            basis=basis,
        )
        tell_family(
            case,
            on=notice_sent_on,
            key=f"cessation:{cessation.pk}:decided",
            subject=(
                f"The council decided to stop {case.child.known_as}'s EHC plan"
                if cease
                else f"{case.child.known_as}'s EHC plan continues"
            ),
            what_happened=" ".join(text),
            what_to_do=(
                "If you disagree you can appeal to the SEND Tribunal. Contact a mediation adviser "
                "first; mediation itself is optional. The plan stays in force meanwhile."
                if cease
                else ""
            ),
            due=deadlines.appeal_deadline(decision_sent=notice_sent_on) if cease else None,
        )
    return decision


def record_cessation_appeal(
    *,
    actor: User,
    cessation_id: int,
    lodged_on: date | None = None,
    ended_on: date | None = None,
    plan_continues: bool = False,
) -> Cessation:
    """An appeal against ceasing was lodged (the plan stays in force) or has ended."""
    with transaction.atomic():
        cessation = Cessation.objects.select_for_update().get(pk=cessation_id)
        case = _lock_case(cessation.case_id)
        permissions.require(actor, "reviews.manage", case)
        if cessation.stage != Cessation.Stage.DECIDED_CEASE:
            raise InvalidTransition("There is no decision to stop the plan open to appeal.")
        if lodged_on is not None:
            _not_in_future(lodged_on, "The date of the appeal", "lodged_on")
            if cessation.appeal_lodged_on:
                raise InvalidTransition("The appeal is already recorded.")
            cessation.appeal_lodged_on = lodged_on
            cessation.save(update_fields=["appeal_lodged_on"])
            _event(
                case,
                "cease_appeal",
                on=lodged_on,
                actor=actor,
                title="Appeal against stopping the plan lodged: the plan stays in force",
                basis="Children and Families Act 2014 s45 and s51(2)(f)",
            )
        if ended_on is not None:
            _not_in_future(ended_on, "The date the appeal ended", "ended_on")
            if not cessation.appeal_lodged_on:
                raise InvalidTransition("Record the appeal first.")
            cessation.appeal_ended_on = ended_on
            fields = ["appeal_ended_on"]
            if plan_continues:
                cessation.stage = Cessation.Stage.APPEAL_SUCCEEDED
                fields.append("stage")
            cessation.save(update_fields=fields)
            _event(
                case,
                "cease_appeal",
                on=ended_on,
                actor=actor,
                title="Appeal against stopping the plan ended: "
                + ("the plan continues" if plan_continues else "the decision stands"),
                basis=(
                    "Children and Families Act 2014 s45; "
                    + deadlines.RULES["order_continue_to_maintain"].basis
                    if plan_continues
                    else "Children and Families Act 2014 s45; "
                    + deadlines.RULES["order_cease_dismissed"].basis
                ),
            )
    return cessation


def confirm_cessation(*, actor: User, cessation_id: int, on: date) -> Cessation:
    """The plan stops only after the appeal window has closed with no appeal, or the appeal
    has ended with the decision upheld (CFA 2014 s45)."""
    _not_in_future(on, "The date the plan stops", "on")
    with transaction.atomic():
        cessation = (
            Cessation.objects.select_for_update(of=("self",))
            .select_related("decision")
            .get(pk=cessation_id)
        )
        case = _lock_case(cessation.case_id)
        permissions.require(actor, "reviews.manage", case)
        if cessation.stage != Cessation.Stage.DECIDED_CEASE:
            raise InvalidTransition(
                "There is no decision to stop this plan waiting to take effect."
            )
        decision = cessation.decision
        if cessation.appeal_lodged_on and not cessation.appeal_ended_on:
            raise InvalidTransition(
                "An appeal is in progress: the plan stays in force until it ends "
                "(Children and Families Act 2014 s45)."
            )
        if not cessation.appeal_lodged_on and on <= decision.appeal_deadline:
            raise InvalidTransition(
                f"The family can appeal until {_long(decision.appeal_deadline)} "
                f"({decision.appeal_deadline_basis}). The plan stays in force until then."
            )
        cessation.stage = Cessation.Stage.CEASED
        cessation.ceased_on = on
        cessation.save(update_fields=["stage", "ceased_on"])
        Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)).update(
            stage=Review.Stage.CEASING, next_due_key="", next_due_on=None
        )
        _event(
            case,
            "plan_ceased",
            on=on,
            actor=actor,
            title="The EHC plan is no longer maintained",
            basis="Children and Families Act 2014 s45",
        )
        tell_family(
            case,
            on=on,
            key=f"cessation:{cessation.pk}:ceased",
            subject=f"{case.child.known_as}'s EHC plan has stopped",
            what_happened=f"From {_long(on)} {case.local_authority.name} no longer maintains the "
            "EHC plan.",
        )
    return cessation


# ---- moving to another council (regs 15-17) --------------------------------------------------


def transfer_plan(
    *,
    actor: User,
    case_id: int,
    to_authority: Organisation,
    moved_on: date,
    old_council_aware_on: date,
    transferred_on: date,
) -> PlanTransfer:
    """The old council transfers the plan to the new council: on the day of the move if it knew
    at least 15 working days before, otherwise within 15 working days beginning with the day it
    learned of it (reg 15(2)). The new council must maintain it, tell the family within 6 weeks
    whether it will assess (reg 15(4)), and review it before the later of the usual date and the
    end of 3 months beginning with the transfer (reg 15(5)). Access moves with the case: the
    old council no longer sees it."""
    for value, what, field in [
        (moved_on, "The date of the move", "moved_on"),
        (old_council_aware_on, "The date the council learned of the move", "old_council_aware_on"),
        (transferred_on, "The date of the transfer", "transferred_on"),
    ]:
        _not_in_future(value, what, field)
    _not_before(
        transferred_on,
        old_council_aware_on,
        "The date of the transfer",
        "the date the council learned of the move",
        "transferred_on",
    )
    if to_authority is None or to_authority.kind != Organisation.Kind.LOCAL_AUTHORITY:
        raise DomainError("Choose the new council", field="to_authority")
    with transaction.atomic():
        case = _lock_case(case_id)
        permissions.require(actor, "reviews.manage", case)
        if case.stage != Stage.FINAL_ISSUED:
            raise InvalidTransition("Only an issued EHC plan can be transferred to a new council.")
        old = case.local_authority
        if to_authority.pk == old.pk:
            raise DomainError(
                "Choose a different council from the current one", field="to_authority"
            )
        last = last_reviewed_on(case)
        due = deadlines.transfer_plan_sent(
            old_council_aware=old_council_aware_on, move_date=moved_on
        )
        reassess = deadlines.transfer_between_las(move_notified=transferred_on)
        review_due = deadlines.transfer_review_due(last_review=last, transferred_on=transferred_on)
        transfer = PlanTransfer.objects.create(
            case=case,
            from_authority=old,
            to_authority=to_authority,
            moved_on=moved_on,
            old_council_aware_on=old_council_aware_on,
            transfer_due_on=due.due,
            transferred_on=transferred_on,
            transferred_by=actor,
            reassess_decision_due_on=reassess.due,
            review_due_on=review_due.due,
        )
        case.local_authority = to_authority
        case.caseworker = None
        case.save(update_fields=["local_authority", "caseworker", "updated_at"])
        Child.objects.filter(pk=case.child_id).update(local_authority=to_authority)
        # An open review moves too, with the new council's date.
        Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)).update(
            due_on=review_due.due,
            due_key="transfer_review_due",
            due_basis=review_due.basis,
            kind=Review.Kind.AFTER_MOVE,
        )
        for review in Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)):
            _save(review)
        _event(
            case,
            "plan_transferred",
            on=transferred_on,
            actor=actor,
            title=f"EHC plan transferred from {old.name} to {to_authority.name}",
            detail=f"Moved {_long(moved_on)}. "
            + _lateness(transferred_on, due)
            + f" {to_authority.name} must tell the family by {_long(reassess.due)} whether it "
            f"will assess, and review the plan by {_long(review_due.due)}.",
            basis=due.basis,
        )
        if not Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)).exists():
            schedule_review(
                actor=actor, case_id=case.pk, kind=Review.Kind.AFTER_MOVE, check_permission=False
            )
        _tell(
            council_managers(to_authority.pk),
            case=case,
            key=f"transfer:{transfer.pk}",
            subject=f"EHC plan of {case.child.full_name} transferred to {to_authority.name}",
            what_happened=f"{old.name} transferred the EHC plan on {_long(transferred_on)}: the "
            "family moved to your area. Your council must now maintain the plan.",
            what_to_do="Allocate a caseworker and tell the family whether you will carry out an "
            "EHC needs assessment.",
            due=reassess,
            link=reverse("reviews-case", args=[case.reference]),
        )
        tell_family(
            case,
            on=transferred_on,
            key=f"transfer:{transfer.pk}",
            subject=f"{case.child.known_as}'s EHC plan has moved to {to_authority.name}",
            what_happened=f"{old.name} transferred the EHC plan to {to_authority.name} on "
            f"{_long(transferred_on)}. The new council must keep it in place.",
            what_to_do=f"{to_authority.name} will tell you whether it will carry out an "
            f"assessment, and must review the plan by {_long(review_due.due)}.",
            due=reassess,
        )
    return transfer


def decide_after_transfer(
    *,
    actor: User,
    transfer_id: int,
    reassess: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> PlanDecision:
    """The new council tells the family within 6 weeks whether it will carry out an EHC needs
    assessment (regs 15-17)."""
    _not_in_future(decided_on, "The date of the decision", "decided_on")
    _not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")
    _not_before(
        notice_sent_on, decided_on, "The date the letter was sent", "the decision", "notice_sent_on"
    )
    with transaction.atomic():
        transfer = PlanTransfer.objects.select_for_update().get(pk=transfer_id)
        case = _lock_case(transfer.case_id)
        permissions.require(actor, "reviews.manage", case)
        if case.local_authority_id != transfer.to_authority_id:
            raise InvalidTransition("Only the council the plan moved to can decide this.")
        if transfer.decision_id:
            raise InvalidTransition("This has already been decided.")
        kind = (
            PlanDecision.Kind.TRANSFER_REASSESS
            if reassess
            else PlanDecision.Kind.TRANSFER_NO_REASSESS
        )
        decision = _decision(case, kind, decided_on=decided_on, actor=actor, reasons=reasons)
        due = deadlines.transfer_between_las(move_notified=transfer.transferred_on)
        review_due = deadlines.Deadline(
            key="transfer_review_due",
            due=transfer.review_due_on,
            label=deadlines.RULES["transfer_review_due"].label,
            basis=deadlines.RULES["transfer_review_due"].basis,
        )
        text = (
            f"{case.local_authority.name} will carry out an EHC needs assessment of "
            f"{case.child.full_name}. Until then we keep the EHC plan we received from "
            f"{transfer.from_authority.name} in place."
            if reassess
            else f"{case.local_authority.name} will keep {case.child.full_name}'s EHC plan, "
            f"transferred from {transfer.from_authority.name}, in place, and will review it."
        )
        letters.send_letter(
            decision,
            sent_on=notice_sent_on,
            actor=actor,
            paragraphs=[text],
            extra_deadlines=[review_due],
        )
        transfer.decision = decision
        transfer.save(update_fields=["decision"])
        if reassess:
            Reassessment.objects.create(
                case=case,
                requested_by=Reassessment.RequestedBy.COUNCIL,
                requested_on=decided_on,
                reasons="New council assessing after the plan was transferred.",
                decision_due_on=decided_on,
                decision=decision,
                notified_on=notice_sent_on,
                final_due_on=deadlines.reassessment_final_plan(notified=notice_sent_on).due,
                stage=Reassessment.Stage.REASSESSING,
            )
        _event(
            case,
            "transfer_decided",
            on=decided_on,
            actor=actor,
            title="New council decided to assess" if reassess else "New council keeps the plan",
            detail=_lateness(notice_sent_on, due),
            basis=due.basis,
        )
        tell_family(
            case,
            on=notice_sent_on,
            key=f"transfer:{transfer.pk}:decided",
            subject=f"{case.local_authority.name} has decided about {case.child.known_as}'s plan",
            what_happened=text,
            what_to_do="The plan will be reviewed by the date below.",
            due=review_due,
        )
    return decision
