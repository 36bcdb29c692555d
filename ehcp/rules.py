"""Permission rules for EHC needs assessment actions (shared/domain/ROLES.md).

Each rule is about an object the person can already see (selectors scope what they can see).
"""

from send_portal.models import Role
from send_portal.permissions import rule

from . import selectors


def _la_staff(user, case) -> bool:
    return case is not None and selectors.is_staff_of_case(user, case)


@rule(
    "ehcp.receive_request",
    denied_message="Only the council's SEND caseworkers can record a request.",
)
def receive_request(user, local_authority=None) -> bool:
    if local_authority is None:
        return user.has_role(Role.CASEWORKER, Role.SEND_MANAGER)
    return local_authority.pk in selectors.la_ids(user)


@rule(
    "ehcp.run_workflow",
    denied_message="Only a caseworker or SEND manager of the child's council can do that.",
)
def run_workflow(user, case=None) -> bool:
    return _la_staff(user, case)


@rule(
    "ehcp.allocate_caseworker",
    denied_message="Only a SEND manager can allocate this case to someone else.",
)
def allocate_caseworker(user, case=None) -> bool:
    return case is not None and case.local_authority_id in user.organisations_for(Role.SEND_MANAGER)


@rule(
    "ehcp.correct_request_date",
    denied_message="Only a SEND manager of the child's council can correct the date the request "
    "was received.",
)
def correct_request_date(user, case=None) -> bool:
    return (
        case is not None
        and case.local_authority.is_active
        and case.local_authority_id in user.organisations_for(Role.SEND_MANAGER)
    )


@rule(
    "ehcp.make_representations",
    denied_message="Only the parent or young person can give views on the draft plan.",
)
def make_representations(user, case=None) -> bool:
    return case is not None and (selectors.is_family_of_case(user, case) or _la_staff(user, case))


@rule(
    "ehcp.respond_to_consultation",
    denied_message="Only the school or college consulted can reply to this consultation.",
)
def respond_to_consultation(user, setting_request=None) -> bool:
    if setting_request is None:
        return False
    if _la_staff(user, setting_request.case):
        return True
    return setting_request.setting_id in user.organisations_for(Role.SENCO)


@rule(
    "ehcp.record_panel_recommendation",
    denied_message="Only a member of this panel can record its recommendation.",
)
def record_panel_recommendation(user, meeting=None) -> bool:
    if meeting is None:
        return False
    if meeting.local_authority_id in selectors.la_ids(user):
        return True
    return meeting.members.filter(pk=user.pk).exists()


@rule(
    "ehcp.submit_advice",
    denied_message="Only the adviser this request was sent to can submit the advice.",
)
def submit_advice(user, advice_request=None) -> bool:
    if advice_request is None:
        return False
    return advice_request.adviser_id == user.pk or _la_staff(user, advice_request.case)


@rule(
    "ehcp.manage_team",
    denied_message="Only a SEND manager of the council can do that.",
)
def manage_team(user, local_authority=None) -> bool:
    return (
        local_authority is not None
        and local_authority.is_active
        and local_authority.pk in user.organisations_for(Role.SEND_MANAGER)
    )


@rule(
    "ehcp.approve_decision",
    denied_message="Only a SEND manager of the child's council can approve this decision.",
)
def approve_decision(user, approval=None) -> bool:
    return (
        approval is not None
        and approval.case.local_authority.is_active
        and approval.case.local_authority_id in user.organisations_for(Role.SEND_MANAGER)
    )
