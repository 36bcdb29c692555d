"""The SEN2 code lists and module layout, as the DfE's 2026 technical specification publishes
them (ehcp/returns/codes.py cites the sources)."""

from ehcp.returns import codes


def test_sentype_is_the_census_list_with_down_syndrome_item_5_8a():
    assert {
        "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH",
    } == codes.SEN_TYPES  # fmt: skip


def test_sensetting_is_the_eight_codes_of_items_4_7c_and_5_7c():
    assert {"OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"} == codes.SEN_SETTINGS


def test_cease_reason_is_1_to_9_item_4_6():
    assert {str(n) for n in range(1, 10)} == codes.CEASE_REASONS


def test_request_source_is_1_to_5_and_residential_a_or_b():
    assert {"1", "2", "3", "4", "5"} == codes.REQUEST_SOURCES
    assert {"A", "B"} == codes.RESIDENTIAL


def test_request_outcome_is_y_n_a_w_h_item_2_4():
    # Guide item 2.4 as quoted in data-to-insight/ssd-data-model (EHCR005A).
    assert {"Y", "N", "A", "W", "H"} == codes.REQUEST_OUTCOMES


def test_assessment_outcome_is_y_n_a_w_h_and_s_item_3_1():
    # Guide item 3.1 (EHCA004A) and S from Capita One release note 3.76.001.
    assert {"Y", "N", "A", "W", "H", "S"} == codes.ASSESSMENT_OUTCOMES


def test_review_outcome_is_amend_cease_maintain_item_5_5():
    assert {"A", "C", "M"} == codes.REVIEW_OUTCOMES
    assert codes.ReviewOutcome.FROM_PORTAL == {"amend": "A", "cease": "C", "maintain": "M"}


def test_upn_unknown_is_the_sen2_list():
    # SEN2 UPNunknown (SEND004A): UN1, UN2, UN3, UN5 and UN8 to UN10.
    assert {"UN1", "UN2", "UN3", "UN5", "UN8", "UN9", "UN10"} == codes.UPN_UNKNOWN


def test_modules_carry_the_items_of_the_specification_in_order():
    assert codes.HEADER_COLLECTION + codes.HEADER_SOURCE == (
        "Collection", "Year", "ReferenceDate",
        "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime",
    )  # fmt: skip
    assert codes.LA_LEVEL == ("DMO", "DCO", "DSCO")
    assert codes.PERSON[-3:] == ("UPN", "UniqueLearnerNumber", "UPNunknown")
    assert codes.REQUESTS == (
        "ReceivedDate", "RequestSource", "RYA", "RequestOutcomeDate", "RequestOutcome",
        "RequestMediation", "RequestTribunal", "Exported",
    )  # fmt: skip
    assert codes.ASSESSMENT[-1] == "Week20"
    assert codes.NAMED_PLAN == (
        "StartDate", "PlanRes", "PlanWBP", "PB", "OA", "DP", "CeaseDate", "CeaseReason",
    )  # fmt: skip
    assert codes.ACTIVE_PLANS == (
        "TransferLA", "ReviewMeeting", "ReviewOutcome", "ReviewDraft", "PhaseTransferDueDate",
        "PhaseTransferFinalDate", "LastReview",
    )  # fmt: skip
    assert codes.PLACEMENT_DETAIL == (
        "URN", "UKPRN", "SENSetting", "SENSettingOther", "PlacementRank", "EntryDate",
        "LeavingDate", "SENUnitIndicator", "ResourcedProvisionIndicator", "RES", "WBP",
    )  # fmt: skip
    assert codes.SEN_NEED == ("SENtype", "SENtypeRank")
