"""Writes for the statutory returns: what the SEN2 return and Annex A need that the workflow does
not record, and the exports themselves (each audited)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from dashboards.periods import ReportingYear
from ehcp.errors import DomainError
from ehcp.models import Case, CaseEvent, Child, CouncilReturnDetails, Placement, Plan
from ehcp.selectors import today
from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User

from . import sen2

#: The items of the "return details" form, by the model that holds them.
CHILD_FIELDS = (
    "sex",
    "ethnicity",
    "postcode",
    "upn",
    "uln",
    "upn_unknown",
    "primary_need",
    "secondary_need",
    "disability",
)
CASE_FIELDS = (
    "in_youth_accommodation",
    "plan_residential",
    "plan_work_based",
    "personal_budget",
    "personal_budget_organised",
    "personal_budget_direct",
)
PLAN_FIELDS = ("section_i_sen_setting", "section_i_sen_unit", "section_i_resourced_provision")


def _lock(case_id: int) -> Case:
    return Case.objects.select_for_update().select_related("child").get(pk=case_id)


def latest_issued_plan(case: Case) -> Plan | None:
    return case.plans.filter(status__in=Plan.ISSUED).order_by("-version").first()


def _event(case: Case, actor: User, title: str, detail: str = "", on: date | None = None) -> None:
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        occurred_on=on or today(),
        actor=actor,
        title=title,
        detail=detail,
        visible_to_family=False,
    )


def record_return_details(*, actor: User, case_id: int, **values) -> Case:
    """Record the child's and the plan's details the statutory returns need."""
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        child = Child.objects.select_for_update().get(pk=case.child_id)
        upn = (values.get("upn") or "").strip().upper()
        uln = (values.get("uln") or "").strip()
        values["upn"], values["uln"] = upn, uln
        if upn or uln:
            values["upn_unknown"] = ""
        if values.get("secondary_need") and values.get("secondary_need") == values.get(
            "primary_need"
        ):
            raise DomainError(
                "The secondary need must differ from the primary need", field="secondary_need"
            )
        if (
            values.get("personal_budget_organised") or values.get("personal_budget_direct")
        ) and not values.get("personal_budget"):
            raise DomainError(
                "Tick 'a personal budget was taken up' for organised arrangements or direct "
                "payments",
                field="personal_budget",
            )
        changed = []
        for name in CHILD_FIELDS:
            if name in values and getattr(child, name) != values[name]:
                setattr(child, name, values[name])
                changed.append(name)
        if changed:
            child.save(update_fields=changed)
        case_changed = []
        for name in CASE_FIELDS:
            if name in values and getattr(case, name) != values[name]:
                setattr(case, name, values[name])
                case_changed.append(name)
        if case_changed:
            case.save(update_fields=[*case_changed, "updated_at"])
        plan = latest_issued_plan(case)
        plan_changed = []
        if plan is not None:
            for name in PLAN_FIELDS:
                if name in values and getattr(plan, name) != values[name]:
                    setattr(plan, name, values[name])
                    plan_changed.append(name)
            if plan_changed:
                plan.save(update_fields=[*plan_changed, "updated_at"])
        every = changed + case_changed + plan_changed
        if every:
            _event(case, actor, "Details for statutory returns updated", ", ".join(every))
            audit.record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                summary=f"Statutory return details of {case.reference} updated",
                obj=case,
                child_id=child.pk,
                detail={"fields": every},
            )
    return case


def add_placement(
    *,
    actor: User,
    case_id: int,
    setting: Organisation | None,
    sen_setting: str = "",
    sen_setting_other: str = "",
    rank: int = 1,
    entry_on: date,
    sen_unit: bool = False,
    resourced_provision: bool = False,
    residential: str = "",
    work_based: bool = False,
) -> Placement:
    """Record where the child or young person is educated (SEN2 PlacementDetail)."""
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if not case.final_issued_on:
            raise DomainError("A placement is recorded once the final plan has been issued.")
        if setting is None and not sen_setting:
            raise DomainError(
                "Choose the school or college, or what kind of placement it is", field="setting"
            )
        if entry_on > today():
            raise DomainError("The start date cannot be in the future", field="entry_on")
        current = case.placements.filter(rank=rank, leaving_on__isnull=True)
        if current.exists():
            raise DomainError(
                f"Record the end of the current placement of rank {rank} first", field="rank"
            )
        placement = Placement.objects.create(
            case=case,
            setting=setting,
            sen_setting="" if setting else sen_setting,
            sen_setting_other="" if setting else sen_setting_other,
            rank=rank,
            entry_on=entry_on,
            sen_unit=sen_unit,
            resourced_provision=resourced_provision,
            residential=residential,
            work_based=work_based,
            created_by=actor,
        )
        if rank == 1 and setting is not None:
            Child.objects.filter(pk=case.child_id).update(current_setting=setting)
        _event(case, actor, f"Placement recorded: {placement.display_name}", on=entry_on)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary=f"Placement recorded for {case.reference}",
            obj=placement,
            child_id=case.child_id,
        )
    return placement


def end_placement(*, actor: User, placement_id: int, leaving_on: date) -> Placement:
    with transaction.atomic():
        placement = (
            Placement.objects.select_for_update().select_related("case").get(pk=placement_id)
        )
        case = placement.case
        permissions.require(actor, "ehcp.run_workflow", case)
        if placement.leaving_on is not None:
            raise DomainError("This placement has already ended.")
        if leaving_on < placement.entry_on:
            raise DomainError(
                "The leaving date cannot be before the placement started", field="leaving_on"
            )
        if leaving_on > today():
            raise DomainError("The leaving date cannot be in the future", field="leaving_on")
        placement.leaving_on = leaving_on
        placement.save(update_fields=["leaving_on"])
        _event(case, actor, f"Placement ended: {placement.display_name}", on=leaving_on)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"Placement ended for {case.reference}",
            obj=placement,
            child_id=case.child_id,
        )
    return placement


def record_plan_ceased(*, actor: User, case_id: int, ceased_on: date, reason: str) -> Case:
    """Record that the council stopped maintaining the plan for a reason the ceasing route
    (``ehcp.reviews``) does not cover, such as the young person's death or a move out of
    England (SEN2 CeaseDate and CeaseReason)."""
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if not case.final_issued_on:
            raise DomainError("Only an issued plan can cease.")
        if case.plan_ceased_on:
            raise DomainError("The plan's end is already recorded.")
        if ceased_on < case.final_issued_on:
            raise DomainError("The plan cannot end before it was issued", field="ceased_on")
        if ceased_on > today():
            raise DomainError("The date cannot be in the future", field="ceased_on")
        case.plan_ceased_on = ceased_on
        case.cease_reason = reason
        case.save(update_fields=["plan_ceased_on", "cease_reason", "updated_at"])
        case.placements.filter(leaving_on__isnull=True).update(leaving_on=ceased_on)
        _event(
            case,
            actor,
            "The plan is no longer maintained",
            case.get_cease_reason_display(),
            on=ceased_on,
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"Plan of {case.reference} recorded as ceased",
            obj=case,
            child_id=case.child_id,
            detail={"reason": reason, "on": ceased_on.isoformat()},
        )
    return case


def record_council_officers(
    *, actor: User, local_authority: Organisation, dmo: bool, dco: bool, dsco: bool
) -> CouncilReturnDetails:
    with transaction.atomic():
        permissions.require(actor, "returns.manage", local_authority)
        details, _ = CouncilReturnDetails.objects.select_for_update().get_or_create(
            local_authority=local_authority
        )
        details.designated_medical_officer = dmo
        details.designated_clinical_officer = dco
        details.designated_social_care_officer = dsco
        details.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"SEN2 council details of {local_authority.name} updated",
            obj=local_authority,
            detail={"DMO": dmo, "DCO": dco, "DSCO": dsco},
        )
    return details


# ---- exports -----------------------------------------------------------------------------------


class ReturnHasProblems(DomainError):
    def __init__(self, result):
        super().__init__(
            f"The return has {len(result.problems)} problems to fix before it can be downloaded."
        )
        self.result = result


def export_sen2(
    *,
    actor: User | None,
    council: Organisation,
    year: int,
    now: datetime | None = None,
    request=None,
    channel: str = "page",
) -> tuple[bytes, sen2.Sen2Return]:
    """The SEN2 XML of the council for the year, refused while a validation rule fails. The
    manager's download and ``manage.py export_sen2`` both come here, so they give the same file
    (``now`` fixes the header's DateTime)."""
    if actor is not None:
        permissions.require(actor, "returns.manage", council)
    result = sen2.build_return(council, ReportingYear(year))
    if result.problems:
        raise ReturnHasProblems(result)
    content = result.xml(now)
    audit.record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        summary=f"SEN2 return {year} exported for {council.name} ({len(result.persons)} "
        f"children) by {channel}",
        obj=council,
        detail={"year": year, "persons": len(result.persons), "channel": channel},
        request=request,
    )
    return content, result


class AnnexAHasErrors(DomainError):
    def __init__(self, result):
        super().__init__(
            f"Annex A has {len(result.errors)} errors to fix before it can be downloaded."
        )
        self.result = result


def export_annex_a(
    *,
    actor: User | None,
    council: Organisation,
    on: date | None = None,
    request=None,
    channel: str = "page",
):
    """Ofsted's Annex A workbook of the council, refused while an "Error" check fails."""
    from . import annex_a

    if actor is not None:
        permissions.require(actor, "returns.manage", council)
    result = annex_a.build(council, on or today())
    if result.errors:
        raise AnnexAHasErrors(result)
    content = result.xlsx()
    audit.record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        summary=f"Annex A exported for {council.name} ({len(result.list_1)} children with a "
        f"plan) by {channel}",
        obj=council,
        detail={"list_1": len(result.list_1), "on": result.on.isoformat(), "channel": channel},
        request=request,
    )
    return content, result
