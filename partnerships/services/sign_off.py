"""The DfE Regions Group quality assures an agreed plan and signs it off against a published
version of the National Standards, with an outcome and note per standard."""

from __future__ import annotations

from django.db import transaction

from send_portal import permissions
from send_portal.models import AuditEvent, User
from send_portal.text import in_sentence
from standards.models import CatalogueVersion, StandardVersion

from .. import documents
from ..errors import DomainError, InvalidTransition
from ..models import PlanEvent, RegionsGroupDecision, SignOffCheck
from ._steps import (
    LEGAL_BASIS_SIGN_OFF,
    Status,
    _audit,
    _lock_version,
    _officer_team,
    _require_status,
    _tell_partnership,
    _version_link,
)


def sign_off_plan(
    *,
    actor: User,
    version_id: int,
    standards_version_id: int,
    checks: dict[int, tuple[str, str]],
    reasons: str,
) -> RegionsGroupDecision:
    """Quality assure and sign off an agreed plan as being in accordance with the National
    Standards, against a named *published* version, with an outcome and note per standard.

    ``checks`` maps each StandardVersion id of that version to ``(outcome, note)``.
    """
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.decide_for_regions_group", version)
        _require_status(version, Status.AGREED, doing="sign it off")
        standards_version = _published_standards(standards_version_id)
        _check_outcomes(standards_version, checks)
        if not reasons.strip():
            raise DomainError("Enter the reasons for signing off the plan")
        team = _officer_team(actor, version.plan.partnership)
        decision = RegionsGroupDecision.objects.create(
            version=version,
            kind=RegionsGroupDecision.Kind.SIGN_OFF,
            officer=actor,
            regions_group=team,
            reasons=reasons.strip(),
            standards_version=standards_version,
        )
        SignOffCheck.objects.bulk_create(
            [
                SignOffCheck(
                    decision=decision, standard_version_id=pk, outcome=outcome, note=note.strip()
                )
                for pk, (outcome, note) in sorted(checks.items())
            ]
        )
        version.status = Status.SIGNED_OFF
        version.save(update_fields=["status"])
        _announce_sign_off(decision, actor=actor)
    return decision


def _published_standards(standards_version_id: int) -> CatalogueVersion:
    """The version of the National Standards named, which must be published (frozen)."""
    standards_version = CatalogueVersion.objects.filter(pk=standards_version_id).first()
    if standards_version is None or not standards_version.is_frozen:
        status = in_sentence(standards_version.get_status_display()) if standards_version else ""
        raise InvalidTransition(
            "A plan can only be signed off against a published version of the National "
            "Standards"
            + (f": version {standards_version.number} is {status}" if standards_version else "")
        )
    return standards_version


def _check_outcomes(
    standards_version: CatalogueVersion, checks: dict[int, tuple[str, str]]
) -> None:
    """An outcome for every standard of the version, a reason for each one not in accordance
    or not relevant, and none not in accordance (that plan is returned instead)."""
    standard_ids = set(standards_version.entries.values_list("pk", flat=True))
    if set(checks) != standard_ids:
        raise DomainError(
            f"Record an outcome for every standard in version {standards_version.number}"
        )
    outcomes = SignOffCheck.Outcome
    for outcome, note in checks.values():
        if outcome not in outcomes.values:
            raise DomainError("Select an outcome for every standard")
        if outcome != outcomes.IN_ACCORDANCE and not note.strip():
            raise DomainError(
                "Give a reason for every standard that is not relevant or not in accordance"
            )
    not_met = [pk for pk, (outcome, _) in checks.items() if outcome == outcomes.NOT_IN_ACCORDANCE]
    if not_met:
        codes = ", ".join(
            StandardVersion.objects.filter(pk__in=not_met)
            .order_by("standard__code")
            .values_list("standard__code", flat=True)
        )
        raise InvalidTransition(
            f"The plan is not in accordance with {codes}, so it cannot be signed off. "
            "Return it with the changes required instead."
        )


def _announce_sign_off(decision: RegionsGroupDecision, *, actor: User) -> None:
    """The plan's timeline and audit record, the sign-off letter (PDF) and the partnership's
    chairs told to publish."""
    version, team = decision.version, decision.regions_group
    number = decision.standards_version.number
    PlanEvent.record(
        version,
        kind=PlanEvent.Kind.SIGNED_OFF,
        actor=actor,
        note=f"In accordance with National Standards version {number}. {decision.reasons}",
    )
    _audit(
        actor,
        AuditEvent.Action.TRANSITION,
        f"{team.name} signed off {version} against National Standards version {number}",
        decision,
    )
    documents.request_sign_off_pdf(decision, actor=actor)
    _tell_partnership(
        version,
        key=f"lip:{version.pk}:signed_off",
        subject=f"{team.name} signed off {version.plan.title}",
        what_happened=f"{actor.display_name} of {team.name} quality assured version "
        f"{version.number} of {version.plan.title} and signed it off as being in accordance "
        f"with National Standards version {number}.",
        what_to_do="Publish the plan so that families can read it.",
        legal_basis=LEGAL_BASIS_SIGN_OFF,
        link=_version_link(version),
    )
