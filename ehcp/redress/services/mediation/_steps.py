"""What every mediation step starts with: the locked mediation case, the status it expects, the
link to its page, and the check of the mediator chosen."""

from __future__ import annotations

from django.urls import reverse

from ehcp.errors import DomainError, InvalidTransition
from send_portal.models import Organisation, Role, User

from ...models import MediationCase

Status = MediationCase.Status


def _lock(mediation_id: int) -> MediationCase:
    return (
        MediationCase.objects.select_for_update(of=("self",))
        .select_related("case__child", "case__local_authority", "decision")
        .get(pk=mediation_id)
    )


def _expect(mediation: MediationCase, *statuses: str, action: str) -> None:
    if mediation.status not in statuses:
        raise InvalidTransition(
            f"You cannot {action} now: the mediation is at '{Status(mediation.status).label}'."
        )


def _link(mediation: MediationCase) -> str:
    return reverse("redress-mediation", args=[mediation.case.reference, mediation.pk])


def _mediator_check(mediator: User | None, service: Organisation | None) -> None:
    if mediator is None:
        raise DomainError("Choose the mediator", field="mediator")
    if not mediator.is_active or not mediator.has_role(Role.MEDIATOR):
        raise DomainError("Choose someone who is a mediator in the portal", field="mediator")
    if service is not None:
        if service.kind != Organisation.Kind.MEDIATION_SERVICE:
            raise DomainError("Choose a mediation service", field="mediation_service")
        if service.pk not in mediator.organisations_for(Role.MEDIATOR):
            raise DomainError(
                f"{mediator.display_name} is not a mediator with {service.name}",
                field="mediator",
            )
