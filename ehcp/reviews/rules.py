"""Permission rules for reviews, phase transfers, re-assessment, ceasing and moves
(shared/domain/ROLES.md). Each rule is about an object the person can already see: the
selectors in ``ehcp.reviews.selectors`` scope what they can see (anything else is a 404)."""

from ehcp import selectors as case_selectors
from ehcp.models import Case
from send_portal.models import Role
from send_portal.permissions import rule


def _case_of(obj) -> Case | None:
    if obj is None:
        return None
    if isinstance(obj, Case):
        return obj
    return getattr(obj, "case", None)


def _la_staff(user, obj) -> bool:
    case = _case_of(obj)
    return case is not None and case_selectors.is_staff_of_case(user, case)


@rule(
    "reviews.manage",
    denied_message="Only a caseworker or SEND manager of the child's council can do that.",
)
def manage(user, obj=None) -> bool:
    """Council steps: scheduling, deciding, amending, ceasing, re-assessing, moving the plan."""
    return _la_staff(user, obj)


@rule(
    "reviews.hold_meeting",
    denied_message="Only the SENCo of the school or college holding the review, or the council's "
    "SEND team, can do that.",
)
def hold_meeting(user, review=None) -> bool:
    """Arranging the meeting, recording it and writing its report (reg 20)."""
    if review is None:
        return False
    if _la_staff(user, review):
        return True
    return bool(review.setting_id) and review.setting_id in user.organisations_for(Role.SENCO)


@rule(
    "reviews.give_views",
    denied_message="Only the child's parent or carer or the young person can give views here.",
)
def give_views(user, review=None) -> bool:
    case = _case_of(review)
    return case is not None and case_selectors.is_family_of_case(user, case)


@rule(
    "reviews.request_reassessment",
    denied_message="Only the family or the council's SEND team can ask for a re-assessment.",
)
def request_reassessment(user, case=None) -> bool:
    case = _case_of(case)
    if case is None:
        return False
    return _la_staff(user, case) or case_selectors.is_family_of_case(user, case)


@rule(
    "reviews.see_cohort",
    denied_message="Only the council's SEND team can see the phase transfer cohort.",
)
def see_cohort(user, local_authority=None) -> bool:
    councils = case_selectors.la_ids(user)
    if local_authority is None:
        return bool(councils)
    return local_authority.pk in councils
