from .coproduction import CoproductionEvent
from .decisions import BoardDecision, RegionsGroupDecision, SignOffCheck
from .partnership import ApprovalPolicy, PartnershipProfile, PartnershipRole
from .plans import Commitment, InclusionPlan, PlanComment, PlanEvent, PlanSection, PlanVersion

__all__ = [
    "ApprovalPolicy",
    "BoardDecision",
    "Commitment",
    "CoproductionEvent",
    "InclusionPlan",
    "PartnershipProfile",
    "PartnershipRole",
    "PlanComment",
    "PlanEvent",
    "PlanSection",
    "PlanVersion",
    "RegionsGroupDecision",
    "SignOffCheck",
]
