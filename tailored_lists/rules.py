"""Permission rules for tailored lists (shared/domain/ROLES.md).

Cases are scoped by ``ehcp.selectors.cases_visible_to``; these rules say who may act on one.
"""

from ehcp import selectors as ehcp_selectors
from send_portal.models import Role
from send_portal.permissions import rule

EVALUATION_ROLES = (
    Role.SEND_MANAGER,
    Role.CASEWORKER,
    Role.BOARD_MEMBER,
    Role.BOARD_CHAIR,
    Role.REGIONS_GROUP_OFFICER,
    Role.DFE_ANALYST,
)


@rule(
    "tailored_lists.manage",
    denied_message="Only a caseworker or SEND manager of the child's council can build or send "
    "the child's tailored list.",
)
def manage(user, case=None) -> bool:
    return case is not None and ehcp_selectors.is_staff_of_case(user, case)


@rule(
    "tailored_lists.express_preferences",
    denied_message="Only the child's parent or carer, or the young person, can choose preferences.",
)
def express_preferences(user, case=None) -> bool:
    return case is not None and ehcp_selectors.is_family_of_case(user, case)


@rule(
    "tailored_lists.view_evaluation",
    denied_message="The pilot evaluation is for councils, partnership boards, the DfE Regions "
    "Group and DfE analysts.",
)
def view_evaluation(user, obj=None) -> bool:
    return user.has_role(*EVALUATION_ROLES)
