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


def test_outcome_lists_include_historical_and_other_council_codes():
    assert "H" in codes.REQUEST_OUTCOMES
    assert {"H", "S"} <= codes.ASSESSMENT_OUTCOMES
    assert len(codes.REVIEW_OUTCOMES) == 3  # maintain, amend, cease


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
