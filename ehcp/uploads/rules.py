"""Who may attach evidence to a case (shared/domain/ROLES.md): the family ("upload evidence"),
the council's SEND staff, and an adviser to the advice request they hold while it is open."""

from __future__ import annotations

from ehcp import selectors
from ehcp.models import AdviceRequest
from send_portal.permissions import rule


@rule(
    "send_portal.upload_evidence",
    denied_message="Only the child's parent or carer, the young person, or the council's SEND "
    "team can add evidence to this case.",
)
def upload_evidence(user, case=None) -> bool:
    if case is None:
        return False
    return selectors.is_staff_of_case(user, case) or selectors.is_family_of_case(user, case)


@rule(
    "send_portal.attach_advice_report",
    denied_message="Only the adviser this request was sent to can attach a report to it, and "
    "only until the advice is sent.",
)
def attach_advice_report(user, advice_request=None) -> bool:
    if advice_request is None:
        return False
    return (
        advice_request.adviser_id == user.pk
        and advice_request.status == AdviceRequest.Status.REQUESTED
    )
