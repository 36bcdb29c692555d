"""Phase transfers (SEND Regulations 2014 reg 18): the September cohort of children moving into
reception, from year 6 to 7 and from year 11 to post-16, each with the date by which the amended
plan must name the next school or college, and moves between post-16 institutions at other
times."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, Plan, Stage
from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User

from ..models import PhaseTransfer
from ._common import event, lock_case, long_date, today

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
        case = lock_case(case_id)
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
        event(
            case,
            "phase_transfer_recorded",
            on=today(),
            actor=actor,
            title=f"Move to {transfer.to_phase} on {long_date(transfer_date)} recorded",
            detail=f"The amended plan must be issued by {long_date(deadline.due)}.",
            basis=deadline.basis,
        )
    return transfer
