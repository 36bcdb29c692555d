from .advice import AdviceRequest
from .case import OPEN_STAGES, Case, CaseEvent, Decision, Stage, StatutoryException
from .child import Child, ChildRelationship, end_of_compulsory_school_age
from .codes import AreaOfNeed, Ethnicity, NeedType, RequestSource, Sex
from .panel import PanelAgendaItem, PanelMeeting
from .plan import Plan, Representation, SettingRequest
from .work import CaseNote, CaseTask

__all__ = [
    "OPEN_STAGES",
    "AdviceRequest",
    "AreaOfNeed",
    "Case",
    "CaseEvent",
    "CaseNote",
    "CaseTask",
    "Child",
    "ChildRelationship",
    "Decision",
    "Ethnicity",
    "NeedType",
    "PanelAgendaItem",
    "PanelMeeting",
    "Plan",
    "Representation",
    "RequestSource",
    "SettingRequest",
    "Sex",
    "Stage",
    "StatutoryException",
    "end_of_compulsory_school_age",
]
