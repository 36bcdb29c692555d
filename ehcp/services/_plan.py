"""What every change to a version of the plan does, written once: lock it, check it can still
change (and that the page the person edited from is not out of date), and mark it changed with
its audit entry. Private to ``ehcp.services``: ``plans`` re-exports :class:`StaleEdit`."""

from __future__ import annotations

from django.db.models import Max

from send_portal import audit, permissions
from send_portal.models import AuditEvent, User

from ..errors import DomainError, InvalidTransition
from ..models import Case, Plan
from ._case import lock_case


class StaleEdit(DomainError):
    """The page the person edited from is out of date: someone else changed the plan."""


def lock_plan(plan_id: int) -> Plan:
    return (
        Plan.objects.select_for_update(of=("self",))
        .select_related("case", "case__child", "case__local_authority")
        .get(pk=plan_id)
    )


def lock_plan_and_case(plan_id: int) -> tuple[Plan, Case]:
    """The version and its case, both locked (the case first, as every service locks them)."""
    case_id = Plan.objects.values_list("case_id", flat=True).get(pk=plan_id)
    case = lock_case(case_id, of_case_only=True)
    return lock_plan(plan_id), case


def next_version(case: Case) -> int:
    return (case.plans.aggregate(top=Max("version"))["top"] or 0) + 1


def latest_version(case: Case) -> Plan | None:
    return case.plans.order_by("-version").first()


def editable(plan: Plan, expected_lock: int | None) -> None:
    if not plan.is_editable:
        if plan.is_issued:
            raise InvalidTransition(
                f"Version {plan.version} is an issued plan and cannot change: propose amendments "
                "instead."
            )
        if plan.status == Plan.Status.PROPOSED:
            raise InvalidTransition(
                f"The proposed amendments (version {plan.version}) were sent to the family on "
                f"{plan.served_on:%-d %B %Y} and cannot change: issue the amended plan, then "
                "propose further amendments if needed."
            )
        raise InvalidTransition(
            f"Version {plan.version} was sent to the family on {plan.served_on:%-d %B %Y} and "
            "cannot change. Start a revised draft to make changes."
        )
    if expected_lock is not None and expected_lock != plan.version_lock:
        raise StaleEdit(
            "Someone else changed this plan after you opened the page, so your changes were not "
            "saved. Check the plan as it is now and make your change again."
        )


def touched(plan: Plan, actor: User, summary: str, *, clear_health_agreement: bool = False):
    plan.version_lock += 1
    fields = ["version_lock", "updated_at"]
    if clear_health_agreement and plan.section_g_agreed:
        plan.section_g_agreed_by = ""
        plan.section_g_agreed_icb = None
        plan.section_g_agreed_on = None
        fields += ["section_g_agreed_by", "section_g_agreed_icb", "section_g_agreed_on"]
    plan.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=plan,
        child_id=plan.case.child_id,
        summary=f"{plan.case.reference}: {summary} (plan version {plan.version})",
    )


def lock_editable_plan(actor: User, plan_id: int, expected_lock: int | None) -> Plan:
    """The version ``actor`` edits, locked, refused unless it can still change and the page they
    edited from is up to date."""
    plan = lock_plan(plan_id)
    permissions.require(actor, "ehcp.run_workflow", plan.case)
    editable(plan, expected_lock)
    return plan
