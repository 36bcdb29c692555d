"""The SEN2 person-level return as the DfE specifies it: version, XML layout and code lists.

Followed: *Special educational needs person level survey 2026: technical specification* and its
validation rules (DfE, for the January 2026 return), with the *Special educational needs person
level survey 2026: guide* for the meaning of each item. The public copies reachable while this
was written did not include the 2026 PDF itself, so every item below was checked against the
published sources that quote it (statutory.md C.2 and C.3):

- module nesting and item order: the 2023 technical specification (v1.1, section 3.2, "Person
  XML message structure"), the item lists with version notes (>= v1.2, >= v1.3) of
  ``MastodonC/witan.sen2`` (Blade export and pre-submission workbook readers) and the SEN2 XML
  readers of ``data-to-insight`` (``Message/Header/CollectionDetails``, ``Header/Source``,
  ``Persons/Person/Requests/Assessment/NamedPlan/PlanDetail`` and
  ``Requests/ActivePlans/PlacementDetail`` and ``ActivePlans/SENneed``);
- code lists SENtype (with DS), SENsetting, CeaseReason: the 2025 guide v1.4 (items 5.8a,
  4.7c/5.7c, 4.6) as quoted by ``witan.sen2``; RequestSource 1-5 and PlanRes A/B: the
  ``data-to-insight`` SEN2 tool; dates ``YYYY-MM-DD`` and flags ``1``/``0`` from the same readers.

**Not verified against a published copy** (chosen as the most defensible reading, and kept in
this one module so that a correction is one edit): the letters of ``RequestOutcome``,
``AssessmentOutcome`` and ``ReviewOutcome``; that ``PlanWBP``/``WBP`` and ``DP`` are 1/0 flags;
where the council-level items DMO, DCO and DSCO sit in the XML (here ``Header/LAlevel``); the
UPNunknown reasons beyond CBDS UN1-UN5. Of the outcome letters, the published record shows only
that ``H`` exists for requests and assessments (the ``data-to-insight`` tool leaves ``H`` out of
its counts) and that ``S`` is an assessment outcome ("plan issued after an assessment completed
by another LA", Capita One release note 3.76.001).
"""

from __future__ import annotations

from ehcp.models import CeaseReason, NeedType, RequestSource, Residential, SenSetting, UPNUnknown

SPEC = "Special educational needs person level survey 2026: technical specification"
SPEC_VERSION = "SEN2 2026"
COLLECTION = "SEN2"
SOURCE_LEVEL = "L"
SOFTWARE_CODE = "send_portal"
RELEASE = "1"

#: Each module's items, in the order the specification lists them and the XML carries them.
HEADER_COLLECTION = ("Collection", "Year", "ReferenceDate")
HEADER_SOURCE = ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime")
LA_LEVEL = ("DMO", "DCO", "DSCO")
PERSON = (
    "Surname",
    "Forename",
    "PersonBirthDate",
    "Sex",
    "Ethnicity",
    "PostCode",
    "UPN",
    "UniqueLearnerNumber",
    "UPNunknown",
)
REQUESTS = (
    "ReceivedDate",
    "RequestSource",
    "RYA",
    "RequestOutcomeDate",
    "RequestOutcome",
    "RequestMediation",
    "RequestTribunal",
    "Exported",
)
ASSESSMENT = (
    "AssessmentOutcome",
    "AssessmentOutcomeDate",
    "AssessmentMediation",
    "AssessmentTribunal",
    "OtherMediation",
    "OtherTribunal",
    "Week20",
)
NAMED_PLAN = ("StartDate", "PlanRes", "PlanWBP", "PB", "OA", "DP", "CeaseDate", "CeaseReason")
PLAN_DETAIL = (
    "URN",
    "UKPRN",
    "SENSetting",
    "SENSettingOther",
    "PlacementRank",
    "SENUnitIndicator",
    "ResourcedProvisionIndicator",
)
ACTIVE_PLANS = (
    "TransferLA",
    "ReviewMeeting",
    "ReviewOutcome",
    "ReviewDraft",
    "PhaseTransferDueDate",
    "PhaseTransferFinalDate",
    "LastReview",
)
PLACEMENT_DETAIL = (
    "URN",
    "UKPRN",
    "SENSetting",
    "SENSettingOther",
    "PlacementRank",
    "EntryDate",
    "LeavingDate",
    "SENUnitIndicator",
    "ResourcedProvisionIndicator",
    "RES",
    "WBP",
)
SEN_NEED = ("SENtype", "SENtypeRank")

#: Items that are dates (``YYYY-MM-DD``) and flags (``1`` or ``0``).
DATE_ITEMS = frozenset(
    {
        "ReferenceDate",
        "PersonBirthDate",
        "ReceivedDate",
        "RequestOutcomeDate",
        "AssessmentOutcomeDate",
        "StartDate",
        "CeaseDate",
        "ReviewMeeting",
        "ReviewDraft",
        "PhaseTransferDueDate",
        "PhaseTransferFinalDate",
        "LastReview",
        "EntryDate",
        "LeavingDate",
    }
)
FLAG_ITEMS = frozenset(
    {
        "RYA",
        "RequestMediation",
        "RequestTribunal",
        "AssessmentMediation",
        "AssessmentTribunal",
        "OtherMediation",
        "OtherTribunal",
        "Week20",
        "PlanWBP",
        "PB",
        "OA",
        "DP",
        "SENUnitIndicator",
        "ResourcedProvisionIndicator",
        "WBP",
        "DMO",
        "DCO",
        "DSCO",
    }
)


class RequestOutcome:
    """``RequestOutcome`` (module 2). Empty while the council has not decided."""

    ASSESS = "A"  # decided to carry out an EHC needs assessment
    NOT_ASSESS = "B"  # decided not to
    HISTORICAL = "H"  # made before the records held; no detail
    WITHDRAWN = "W"  # withdrawn or ended before the decision

    LABELS = {
        ASSESS: "decided to assess",
        NOT_ASSESS: "decided not to assess",
        HISTORICAL: "historical request",
        WITHDRAWN: "withdrawn before the decision",
    }


class AssessmentOutcome:
    """``AssessmentOutcome`` (module 3): the decision whether to issue a plan."""

    ISSUE = "A"  # decided to issue an EHC plan
    NOT_ISSUE = "B"  # decided not to
    HISTORICAL = "H"
    OTHER_LA = "S"  # plan issued after an assessment completed by another council
    WITHDRAWN = "W"  # withdrawn or ended before the decision

    LABELS = {
        ISSUE: "decided to issue a plan",
        NOT_ISSUE: "decided not to issue a plan",
        HISTORICAL: "historical assessment",
        OTHER_LA: "plan issued after another council's assessment",
        WITHDRAWN: "withdrawn before the decision",
    }
    PLAN_ISSUED = frozenset({ISSUE, OTHER_LA, HISTORICAL})


class ReviewOutcome:
    """``ReviewOutcome`` (module 5, from v1.2): the council's decision after the annual review
    meeting (SEND Regulations 2014 reg 20(10)); the published categories are maintain, amend
    and cease."""

    MAINTAIN = "M"
    AMEND = "A"
    CEASE = "C"

    FROM_PORTAL = {"maintain": MAINTAIN, "amend": AMEND, "cease": CEASE}
    TO_PORTAL = {v: k for k, v in FROM_PORTAL.items()}


SEN_TYPES = frozenset(NeedType.values)
SEN_SETTINGS = frozenset(SenSetting.values)
CEASE_REASONS = frozenset(CeaseReason.values)
REQUEST_SOURCES = frozenset(RequestSource.values)
RESIDENTIAL = frozenset(Residential.values)
UPN_UNKNOWN = frozenset(UPNUnknown.values)
SEXES = frozenset({"M", "F"})
REQUEST_OUTCOMES = frozenset(RequestOutcome.LABELS)
ASSESSMENT_OUTCOMES = frozenset(AssessmentOutcome.LABELS)
REVIEW_OUTCOMES = frozenset(ReviewOutcome.TO_PORTAL)

#: Every code list by the item that carries it (tests and the importer read this).
CODE_LISTS = {
    "Sex": SEXES,
    "UPNunknown": UPN_UNKNOWN,
    "RequestSource": REQUEST_SOURCES,
    "RequestOutcome": REQUEST_OUTCOMES,
    "AssessmentOutcome": ASSESSMENT_OUTCOMES,
    "PlanRes": RESIDENTIAL,
    "RES": RESIDENTIAL,
    "CeaseReason": CEASE_REASONS,
    "SENSetting": SEN_SETTINGS,
    "ReviewOutcome": REVIEW_OUTCOMES,
    "SENtype": SEN_TYPES,
}
