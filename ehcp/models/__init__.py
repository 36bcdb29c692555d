from .advice import AdviceItem, AdviceRequest
from .case import OPEN_STAGES, Case, CaseEvent, Decision, Stage, StatutoryException
from .child import Child, ChildRelationship, end_of_compulsory_school_age
from .codes import (
    AreaOfNeed,
    CeaseReason,
    Disability,
    Ethnicity,
    NeedType,
    RequestSource,
    Residential,
    SenSetting,
    Sex,
    UPNUnknown,
)
from .contacts import ContactMethod, FamilyContact, FamilyInvitation, OnlineRequest
from .management import DecisionApproval, ReservedDecision, ReservedKind
from .panel import PanelAgendaItem, PanelMeeting
from .participation import Message, ViewsContribution
from .plan import Placement, Plan, Representation, SettingRequest
from .plan_content import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    SECTION_BASIS,
    PlanComment,
    PlanNeed,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    PlanViews,
    PreparationForAdulthood,
    Section,
)
from .returns import CouncilReturnDetails
from .uploads import EvidenceUpload
from .work import CaseNote, CaseTask

__all__ = [
    "NEED_SECTIONS",
    "OPEN_STAGES",
    "PROVISION_SECTIONS",
    "SECTION_BASIS",
    "AdviceItem",
    "AdviceRequest",
    "AreaOfNeed",
    "Case",
    "CeaseReason",
    "CaseEvent",
    "CaseNote",
    "CaseTask",
    "Child",
    "CouncilReturnDetails",
    "ChildRelationship",
    "ContactMethod",
    "Decision",
    "DecisionApproval",
    "Disability",
    "Ethnicity",
    "EvidenceUpload",
    "FamilyContact",
    "FamilyInvitation",
    "Message",
    "NeedType",
    "OnlineRequest",
    "PanelAgendaItem",
    "PanelMeeting",
    "Placement",
    "Plan",
    "PlanComment",
    "PlanNeed",
    "PlanOutcome",
    "PlanPersonalBudget",
    "PlanProvision",
    "PlanViews",
    "PreparationForAdulthood",
    "Representation",
    "ReservedDecision",
    "ReservedKind",
    "RequestSource",
    "Residential",
    "Section",
    "SenSetting",
    "SettingRequest",
    "Sex",
    "Stage",
    "UPNUnknown",
    "StatutoryException",
    "ViewsContribution",
    "end_of_compulsory_school_age",
]
