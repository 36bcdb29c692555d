"""Reminder sources for reviews (see send_portal/reminders.py): the next date of each open review
for the council (``next_due_on``, indexed), the review report for the school that held the
meeting, and the family's appeal deadlines of the decisions made after the plan was issued."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from ehcp import deadlines
from ehcp.services.family import family_members
from send_portal.reminders import Audience, DueItem, register_source
from send_portal.text import in_sentence

from .models import PlanDecision, Review
from .services import council_contacts, next_due, senco_of


def _basis(key: str, review: Review) -> str:
    if key == review.due_key:
        return review.due_basis
    if key == "amended_plan_due":
        # The 8 weeks of reg 22(3), the 12 weeks of Devon or the day after the family's window:
        # the basis says which one the date is.
        due = next_due(review)
        if due is not None and due.key == key:
            return due.basis
    rule = deadlines.RULES.get(key)
    return rule.basis if rule else ""


@register_source("reviews.next_due")
def review_next_due(today: date, until: date):
    """Each open review's next date: the caseworker (or SEND managers) is reminded; while the
    report of the meeting is due, the SENCo of the school that held it too."""
    reviews = (
        Review.objects.filter(stage__in=list(Review.OPEN_STAGES), next_due_on__lte=until)
        .exclude(next_due_key="")
        .select_related("case", "case__child", "case__caseworker", "proposed_plan")
        .order_by()
    )
    managers: dict[int, list] = {}
    sencos: dict[int, list] = {}
    for review in reviews.iterator(chunk_size=2000):
        case = review.case
        rule = deadlines.RULES.get(review.next_due_key)
        if rule is None:
            continue
        if case.caseworker_id:
            recipients = council_contacts(case)
        else:
            if case.local_authority_id not in managers:
                managers[case.local_authority_id] = council_contacts(case)
            recipients = managers[case.local_authority_id]
        link = reverse("review-detail", args=[review.pk])
        yield DueItem(
            key=f"reviews.review:{review.pk}:{review.next_due_key}",
            due=review.next_due_on,
            label=rule.label,
            basis=_basis(review.next_due_key, review),
            subject_name=f"{case.child.full_name} ({case.reference})",
            recipients=tuple(recipients),
            local_authority_id=case.local_authority_id,
            link=link,
        )
        if review.stage == Review.Stage.HELD and review.setting_id:
            if review.setting_id not in sencos:
                sencos[review.setting_id] = senco_of(review.setting_id)
            if sencos[review.setting_id]:
                yield DueItem(
                    key=f"reviews.report:{review.pk}",
                    due=review.next_due_on,
                    label=rule.label,
                    basis=rule.basis,
                    subject_name=case.child.full_name,
                    recipients=tuple(sencos[review.setting_id]),
                    local_authority_id=case.local_authority_id,
                    link=link,
                    what_to_do="Write the report of the review meeting in the portal.",
                    audience=Audience.ADVISER,
                )


@register_source("reviews.family_dates")
def family_dates(today: date, until: date):
    """The family's appeal deadline for each appealable decision after the plan (while open)."""
    decisions = (
        PlanDecision.objects.filter(
            kind__in=list(PlanDecision.APPEALABLE),
            appeal_deadline__gte=today,
            appeal_deadline__lte=until,
        )
        .select_related("case", "case__child")
        .order_by()
    )
    for decision in decisions.iterator(chunk_size=2000):
        case = decision.case
        yield DueItem(
            key=f"reviews.decision:{decision.pk}:appeal_deadline",
            due=decision.appeal_deadline,
            label="Last day to appeal to the SEND Tribunal",
            basis=decision.appeal_deadline_basis,
            subject_name=f"{case.child.full_name}: {in_sentence(decision.get_kind_display())}",
            recipients=tuple(family_members(case, today)),
            local_authority_id=case.local_authority_id,
            link=reverse("family-case", args=[case.reference]),
            what_to_do="If you want to appeal, contact a mediation adviser first (mediation "
            "itself is optional) unless the appeal is only about section I. Free advice: "
            "your local SENDIASS.",
            audience=Audience.FAMILY,
        )
