"""The SEN2 person-level return as the DfE specifies it: version, XML layout and code lists.

Followed: *Special educational needs person level survey 2026: technical specification* and its
validation rules (DfE, for the January 2026 return), with the *Special educational needs person
level survey 2026: guide* for the meaning of each item. The public copies reachable while this
was written did not include the 2026 PDFs themselves (the stored copies of the 2022 v1.3 and 2023
v1.1 technical specifications hold their contents pages only), so every item below was checked
against the published sources that quote the DfE's text; each is named where it is used.

Confirmed:

- module nesting and item order: the 2023 technical specification (v1.1) contents, the item lists
  with version notes (>= v1.2, >= v1.3) of ``MastodonC/witan.sen2`` (Blade export and
  pre-submission workbook readers) and the SEN2 XML reader of the ``data-to-insight`` SEN2
  dashboard, which cites the *2026 guide* (``Message/Header/CollectionDetails``,
  ``Header/Source``, ``Persons/Person/Requests/Assessment/NamedPlan/PlanDetail``,
  ``Requests/ActivePlans/PlacementDetail`` and ``ActivePlans/SENneed``);
- ``RequestOutcome`` (item 2.4) Y, N, A, W, H and ``AssessmentOutcome`` (item 3.1) Y, N, A, W, H:
  the guide's wording as quoted item by item in ``data-to-insight/ssd-data-model`` (items
  EHCR004A/005A, EHCA003A/004A), with the outcome-date rules; assessment outcome S (plan issued
  after an assessment completed by another council): Capita One release note 3.76.001;
- ``ReviewOutcome`` (item 5.5) A amend, C cease, M maintain, blank when no decision by the census
  day; ``LastReview`` (item 5.6) the date the decision was sent: Capita One's SEN2 tool help,
  "Item 5.5 Annual review decision <ReviewOutcome>" and "Item 5.6";
- ``UPNunknown`` UN1, UN2, UN3, UN5, UN8, UN9, UN10: the SEN2 list as quoted in
  ``data-to-insight/ssd-data-model`` (item SEND004A);
- SENtype (with DS), SENsetting, CeaseReason: the 2025 guide v1.4 (items 5.8a, 4.7c/5.7c, 4.6)
  as quoted by ``witan.sen2``; RequestSource 1-5 and PlanRes/RES A/B: the ``data-to-insight``
  SEN2 tool; dates ``YYYY-MM-DD``; mediation, tribunal, RYA, Week20, PB, OA and the SEN unit and
  resourced provision indicators are 1/0 (read as booleans by ``witan.sen2``).

**Not confirmed** (the most defensible reading, kept in this one module so that a correction is
one edit; listed in the README):

- ``PlanWBP``/``WBP`` and ``DP`` are written as 1/0 flags. ``witan.sen2`` reads them as text, not
  as booleans as it does PB and OA, and the DfE publishes work-based placements by type
  (apprenticeship, supported internship, traineeship) and direct payments by type (education,
  health, social care, integrated), so they may be coded; no public copy gives the codes.
- where the council-level items DMO, DCO and DSCO sit: ``Header/LAlevel`` here. The Blade export
  carries DMO and DCO in its header table (so they belong to ``Header``); the element that
  holds them, their values (1/0 here; the aggregate return used yes, no or recruiting) and DSCO
  were not found in a public copy.
- that a request or assessment decided before the calendar year is H with no date (the guide:
  "Historical - decision ... made before the latest collection period"), the outcome date of the
  portal's record deciding it.
- the DfE's numbers for its validation checks (``ehcp.returns.validation`` uses its own).
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
    """``RequestOutcome`` (item 2.4): whether the initial request proceeded to assessment. A
    while the council has not decided; W, A and H need no outcome date (item 2.3)."""

    ASSESS = "Y"  # the council proceeded with an EHC needs assessment
    NOT_ASSESS = "N"  # the council decided not to
    PENDING = "A"  # decision yet to be made
    WITHDRAWN = "W"  # withdrawn or ceased before the decision whether to assess
    HISTORICAL = "H"  # the decision was made before the collection period

    LABELS = {
        ASSESS: "proceeded with an assessment",
        NOT_ASSESS: "decided not to assess",
        PENDING: "decision yet to be made",
        WITHDRAWN: "withdrawn before the decision",
        HISTORICAL: "decided before the collection period",
    }
    NEED_DATE = frozenset({ASSESS, NOT_ASSESS})
    WITH_ASSESSMENT = frozenset({ASSESS, HISTORICAL})


class AssessmentOutcome:
    """``AssessmentOutcome`` (item 3.1): the decision whether to issue an EHC plan. Its date
    (item 3.2) is the date the plan was issued (Y; blank while decided but not issued) or the
    date the family was told it would not be (N)."""

    ISSUE = "Y"  # it was decided an EHC plan would be issued
    NOT_ISSUE = "N"  # it was decided a plan would not be issued
    PENDING = "A"  # decision not yet made
    WITHDRAWN = "W"  # withdrawn or ceased before the decision whether to issue
    HISTORICAL = "H"  # the decision to issue was made before the collection period
    OTHER_LA = "S"  # plan issued after an assessment completed by another council

    LABELS = {
        ISSUE: "decided to issue a plan",
        NOT_ISSUE: "decided not to issue a plan",
        PENDING: "decision not yet made",
        WITHDRAWN: "withdrawn before the decision",
        HISTORICAL: "decided before the collection period",
        OTHER_LA: "plan issued after another council's assessment",
    }
    PLAN_ISSUED = frozenset({ISSUE, OTHER_LA, HISTORICAL})


class ReviewOutcome:
    """``ReviewOutcome`` (item 5.5, from v1.2): the council's decision after the latest annual
    review meeting (SEND Regulations 2014 reg 20(10)); blank when none by the census day."""

    AMEND = "A"
    CEASE = "C"
    MAINTAIN = "M"

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
