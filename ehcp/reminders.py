"""Reminder sources of the EHC needs assessment workflow (see send_portal/reminders.py)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from send_portal.models import Role, User
from send_portal.reminders import DueItem, register_source

from . import deadlines
from .models import OPEN_STAGES, AdviceRequest, Case, Decision, Stage
from .services.family import family_members


def _managers(local_authority_id: int) -> tuple[User, ...]:
    return tuple(
        User.objects.filter(
            role_assignments__role=Role.SEND_MANAGER,
            role_assignments__organisation_id=local_authority_id,
            is_active=True,
        ).distinct()
    )


@register_source("ehcp.case_next_due")
def case_next_due(today: date, until: date):
    """The council's next statutory date on each open case: its caseworker is reminded (the
    council's SEND managers when nobody is allocated)."""
    cases = (
        Case.objects.filter(stage__in=[s.value for s in OPEN_STAGES], next_due_on__lte=until)
        .exclude(next_due_key="")
        .select_related("child", "caseworker")
    )
    managers: dict[int, tuple[User, ...]] = {}
    for case in cases.iterator(chunk_size=1000):
        rule = deadlines.RULES.get(case.next_due_key)
        if rule is None:
            continue
        if case.caseworker_id:
            recipients = (case.caseworker,)
        else:
            if case.local_authority_id not in managers:
                managers[case.local_authority_id] = _managers(case.local_authority_id)
            recipients = managers[case.local_authority_id]
        yield DueItem(
            key=f"ehcp.case:{case.pk}:{case.next_due_key}",
            due=case.next_due_on,
            label=rule.label,
            basis=rule.basis,
            subject_name=f"{case.child.full_name} ({case.reference})",
            recipients=recipients,
            local_authority_id=case.local_authority_id,
            link=reverse("case-detail", args=[case.reference]),
        )


@register_source("ehcp.advice_due")
def advice_due(today: date, until: date):
    """Advice due from each adviser with a portal account (reg 8(1))."""
    requests = (
        AdviceRequest.objects.filter(status=AdviceRequest.Status.REQUESTED, due_on__lte=until)
        .exclude(adviser=None)
        .select_related("adviser", "case", "case__child")
    )
    for advice in requests.iterator(chunk_size=1000):
        rule = advice.deadline
        yield DueItem(
            key=f"ehcp.advice:{advice.pk}",
            due=advice.due_on,
            label=f"{advice.get_advice_type_display()} due",
            basis=rule.basis,
            subject_name=f"{advice.case.child.full_name} ({advice.case.reference})",
            recipients=(advice.adviser,),
            local_authority_id=advice.case.local_authority_id,
            link=reverse("advice-submit", args=[advice.pk]),
            what_to_do="Submit your advice in the portal.",
        )


@register_source("ehcp.family_dates")
def family_dates(today: date, until: date):
    """The family's own dates: the last day to comment on a draft plan, and the appeal deadline
    of each appealable decision (only while it is still open to them)."""
    drafts = Case.objects.filter(
        stage__in=[Stage.DRAFT_SERVED, Stage.CONSULTING], draft_served_on__isnull=False
    ).select_related("child")
    for case in drafts.iterator(chunk_size=1000):
        window = deadlines.representations_close(draft_served=case.draft_served_on)
        if not today <= window.due <= until:
            continue
        yield DueItem(
            key=f"ehcp.case:{case.pk}:representations_close",
            due=window.due,
            label=window.label,
            basis=window.basis,
            subject_name=case.child.full_name,
            recipients=tuple(family_members(case, today)),
            local_authority_id=case.local_authority_id,
            link=reverse("family-case", args=[case.reference]),
            what_to_do="Send your views on the draft plan and tell us which school or college "
            "you want named.",
        )
    decisions = Decision.objects.filter(
        kind__in=list(Decision.APPEALABLE), appeal_deadline__gte=today, appeal_deadline__lte=until
    ).select_related("case", "case__child")
    for decision in decisions.iterator(chunk_size=1000):
        case = decision.case
        yield DueItem(
            key=f"ehcp.decision:{decision.pk}:appeal_deadline",
            due=decision.appeal_deadline,
            label="Last day to appeal to the SEND Tribunal",
            basis=decision.appeal_deadline_basis,
            subject_name=f"{case.child.full_name}: {decision.get_kind_display().lower()}",
            recipients=tuple(family_members(case, today)),
            local_authority_id=case.local_authority_id,
            link=reverse("family-case", args=[case.reference]),
            what_to_do="If you want to appeal, contact a mediation adviser first (mediation "
            "itself is optional) unless the appeal is only about section I. Free advice: "
            "your local SENDIASS.",
        )
