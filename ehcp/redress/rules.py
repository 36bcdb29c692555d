"""Permission rules for mediation, appeals and complaints (shared/domain/ROLES.md).

Each rule is about an object the person can already see (``ehcp.redress.selectors`` scope what
they can see, so anything outside their relationships is a 404 before a rule is asked).
"""

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
    "redress.manage",
    denied_message="Only a caseworker or SEND manager of the child's council can do that.",
)
def manage(user, obj=None) -> bool:
    """Council steps: arranging mediation, telling the ICB, appeals, orders and compliance."""
    return _la_staff(user, obj)


@rule(
    "redress.mediate",
    denied_message="Only the mediator for this mediation or the council's SEND team can do that.",
)
def mediate(user, mediation=None) -> bool:
    """Sessions, participants, the outcome, agreements and the certificate."""
    if mediation is None:
        return False
    if mediation.mediator_id == user.pk and user.has_role(Role.MEDIATOR):
        return True
    return _la_staff(user, mediation)


@rule(
    "redress.family_step",
    denied_message="Only the child's parent or carer, the young person, or the council's SEND "
    "team can do that.",
)
def family_step(user, obj=None) -> bool:
    """Telling the council the family contacted the mediation adviser and whether they mediate."""
    case = _case_of(obj)
    if case is None:
        return False
    return case_selectors.is_family_of_case(user, case) or _la_staff(user, case)


@rule(
    "redress.manage_complaints",
    denied_message="Only the council's SEND team can record and manage complaints.",
)
def manage_complaints(user, obj=None) -> bool:
    """``obj`` is a complaint or a council (an Organisation); None asks about any council."""
    councils = case_selectors.la_ids(user)
    if obj is None:
        return bool(councils)
    council_id = getattr(obj, "local_authority_id", None)
    if council_id is None or getattr(obj, "kind", None) == "la":
        council_id = obj.pk
    return council_id in councils
