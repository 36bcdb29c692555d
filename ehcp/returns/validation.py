"""The SEN2 validation rules, run on each person before a return can be downloaded, and on each
person of a file being imported.

Each rule checks one thing the technical specification or the guide requires of an item
(presence, format, code list, the order of dates, which modules must be present together) and
says how to put it right; each cites the item it checks. The DfE numbers its own checks in
section 4 of the technical specification ("Validation checks"). No public copy of that section
could be read (the stored copies of the 2022 v1.3 and 2023 v1.1 specifications hold their
contents pages only), so none of these rules could be matched to a DfE number: every rule carries
the portal's own identifier (``SEN2-P..`` person, ``-R..`` request, ``-A..`` assessment, ``-N..``
named plan, ``-T..`` active plan, ``-F..`` format), and COLLECT remains the authoritative check.
The outcome rules (R03, R04, R06, R07, A01, A02, A04) follow the guide's wording for items 2.3,
2.4, 3.1 and 3.2 (see ``ehcp.returns.codes``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from ehcp.models import Ethnicity

from . import codes
from .codes import AssessmentOutcome, RequestOutcome

UPN_PATTERN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
ULN_PATTERN = re.compile(r"^\d{10}$")
POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$")
LA_CODE_PATTERN = re.compile(r"^\d{3}$")
#: The UPN check letters (CBDS N00001): 23 letters, no I, O or S.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
ETHNICITIES = frozenset(Ethnicity.values)


@dataclass(frozen=True)
class Problem:
    child_id: int | None
    child_name: str
    module: str
    field: str
    message: str
    rule: str = ""
    fix_url: str = ""
    case_reference: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    module: str
    item: str
    description: str


RULES: dict[str, Rule] = {}


def _rule(code: str, module: str, item: str, description: str) -> Rule:
    RULES[code] = Rule(code, module, item, description)
    return RULES[code]


P01 = _rule("SEN2-P01", "Person", "Surname", "Surname must be present")
P02 = _rule("SEN2-P02", "Person", "Forename", "Forename must be present")
P03 = _rule("SEN2-P03", "Person", "PersonBirthDate", "Date of birth present, not after census")
P04 = _rule("SEN2-P04", "Person", "PersonBirthDate", "Aged 25 or under for an active plan")
P05 = _rule("SEN2-P05", "Person", "Sex", "Sex must be M or F")
P06 = _rule("SEN2-P06", "Person", "Ethnicity", "Ethnicity must be a CBDS code")
P07 = _rule("SEN2-P07", "Person", "PostCode", "Postcode present and a valid UK postcode")
P08 = _rule("SEN2-P08", "Person", "UPN", "UPN in the CBDS format with a valid check letter")
P09 = _rule("SEN2-P09", "Person", "UniqueLearnerNumber", "ULN must be 10 digits")
P10 = _rule("SEN2-P10", "Person", "UPNunknown", "Without a UPN or ULN, a UPNunknown reason")
R01 = _rule("SEN2-R01", "Requests", "ReceivedDate", "Date received present, not after census")
R02 = _rule("SEN2-R02", "Requests", "RequestSource", "Request source from the code list")
R03 = _rule("SEN2-R03", "Requests", "RequestOutcome", "Request outcome present, from the list")
R04 = _rule("SEN2-R04", "Requests", "RequestOutcomeDate", "Y and N dated; A not dated")
R05 = _rule("SEN2-R05", "Requests", "RequestOutcomeDate", "Outcome date not before received")
R06 = _rule("SEN2-R06", "Requests", "RequestOutcome", "Proceeded to assess (Y): assessment")
R07 = _rule("SEN2-R07", "Requests", "RequestOutcome", "An assessment only after Y or H")
A01 = _rule("SEN2-A01", "Assessment", "AssessmentOutcome", "Outcome present, from the list")
A02 = _rule("SEN2-A02", "Assessment", "AssessmentOutcomeDate", "N and issued Y dated; A not")
A03 = _rule("SEN2-A03", "Assessment", "AssessmentOutcomeDate", "Not before the request outcome")
A04 = _rule(
    "SEN2-A04", "Assessment", "AssessmentOutcome", "Named plan only after decision to issue"
)
N01 = _rule("SEN2-N01", "NamedPlan", "StartDate", "Start date present, not before received")
N02 = _rule("SEN2-N02", "NamedPlan", "CeaseReason", "Cease date and reason go together")
N03 = _rule("SEN2-N03", "NamedPlan", "CeaseDate", "Cease date not before the start date")
N04 = _rule("SEN2-N04", "NamedPlan", "PlanRes", "PlanRes A or B")
N05 = _rule("SEN2-N05", "NamedPlan", "PB", "Organised arrangements or direct payments need PB")
N06 = _rule("SEN2-N06", "PlanDetail", "URN", "A URN, a UKPRN or an SEN setting code")
N07 = _rule("SEN2-N07", "PlanDetail", "SENSetting", "SEN setting from the code list")
N08 = _rule("SEN2-N08", "NamedPlan", "CeaseReason", "Cease reason from the code list")
T01 = _rule("SEN2-T01", "SENneed", "SENtype", "Active plan: a primary need (rank 1)")
T02 = _rule("SEN2-T02", "SENneed", "SENtype", "SEN type from the code list, ranks 1 and 2 once")
T03 = _rule("SEN2-T03", "PlacementDetail", "URN", "Active plan: at least one placement")
T04 = _rule("SEN2-T04", "PlacementDetail", "URN", "A URN, a UKPRN or an SEN setting code")
T05 = _rule("SEN2-T05", "PlacementDetail", "EntryDate", "Entry date present, leaving not before")
T06 = _rule("SEN2-T06", "PlacementDetail", "SENSetting", "SEN setting from the code list")
T07 = _rule("SEN2-T07", "PlacementDetail", "RES", "RES A or B")
T08 = _rule("SEN2-T08", "ActivePlans", "ReviewOutcome", "Review outcome from the code list")
T09 = _rule("SEN2-T09", "ActivePlans", "LastReview", "Review dates not after census, in order")
T10 = _rule("SEN2-T10", "ActivePlans", "TransferLA", "TransferLA a three-digit LA code")
T11 = _rule("SEN2-T11", "ActivePlans", "TransferLA", "Active plan only with an issued plan")
F01 = _rule("SEN2-F01", "Any", "Any", "Dates as YYYY-MM-DD, flags as 1 or 0")


def upn_check_letter(upn: str) -> str:
    """The check letter of a UPN (CBDS N00001): characters 2 to 13 weighted 2 to 13 (a final
    letter counts as its place in the check alphabet), summed, modulo 23."""
    total = 0
    for weight, char in enumerate(upn[1:13], start=2):
        value = int(char) if char.isdigit() else UPN_LETTERS.index(char)
        total += value * weight
    return UPN_LETTERS[total % 23]


def upn_is_valid(upn: str) -> bool:
    if not UPN_PATTERN.match(upn):
        return False
    if not upn[12].isdigit() and upn[12] not in UPN_LETTERS:
        return False
    return upn_check_letter(upn) == upn[0]


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


Report = Callable[..., None]


def check_person(person, census: date, report: Report) -> None:
    """Run every rule on one person (``sen2.Person``); ``report(rule, message, item=None,
    request=None, fix=...)`` receives each problem."""
    items = person.items
    for name, value in _all_items(person):
        if value and name in codes.DATE_ITEMS and _date(value) is None:
            report(F01, f"{name} {value!r} is not a date written as YYYY-MM-DD", item=name)
        if value and name in codes.FLAG_ITEMS and value not in ("0", "1"):
            report(F01, f"{name} {value!r} must be 1 (yes) or 0 (no)", item=name)
    if not items.get("Surname", "").strip():
        report(P01, "Enter the surname")
    if not items.get("Forename", "").strip():
        report(P02, "Enter the first name")
    born = _date(items.get("PersonBirthDate", ""))
    if born is None:
        report(P03, "Enter the date of birth")
    elif born > census:
        report(P03, "The date of birth is after the census day")
    if items.get("Sex") not in codes.SEXES:
        report(P05, "Record the sex as male or female (M or F)")
    if items.get("Ethnicity") not in ETHNICITIES:
        report(P06, f"Ethnicity {items.get('Ethnicity', '')!r} is not a CBDS ethnicity code")
    postcode = items.get("PostCode", "").upper()
    if not postcode:
        report(P07, "Enter the home postcode")
    elif not POSTCODE_PATTERN.match(postcode):
        report(P07, f"Postcode {postcode!r} is not a valid UK postcode")
    upn, uln = items.get("UPN", ""), items.get("UniqueLearnerNumber", "")
    if upn and not upn_is_valid(upn):
        report(
            P08,
            f"UPN {upn!r} is not valid: 13 characters, a check letter then 11 digits and a "
            "digit or letter, with the right check letter",
        )
    if uln and not ULN_PATTERN.match(uln):
        report(P09, f"ULN {uln!r} must be 10 digits")
    reason = items.get("UPNunknown", "")
    if not upn and not uln and reason not in codes.UPN_UNKNOWN:
        report(P10, "Enter the UPN or ULN, or record why it is not known (UPNunknown)")
    active = False
    for request in person.requests:
        active = _check_request(request, census, report) or active
    if active and born and _age_on(born, census) > 25:
        report(P04, "A plan is active for someone over 25 on the census day: record the cease")


def _all_items(person) -> Iterator[tuple[str, str]]:
    yield from person.items.items()
    for request in person.requests:
        yield from request["items"].items()
        assessment = request.get("assessment")
        if assessment:
            yield from assessment["items"].items()
            named = assessment.get("named_plan")
            if named:
                yield from named["items"].items()
                for detail in named["plan_details"]:
                    yield from detail.items()
        active = request.get("active_plans")
        if active:
            yield from active["items"].items()
            for placement in active["placements"]:
                yield from placement.items()
            for need in active["needs"]:
                yield from need.items()


def _check_request(request: dict, census: date, report: Report) -> bool:
    items = request["items"]

    def say(rule, message, **kwargs):
        report(rule, message, request=request, **kwargs)

    received = _date(items.get("ReceivedDate", ""))
    if received is None:
        say(R01, "Enter the date the request was received")
    elif received > census:
        say(R01, "The request was received after the census day")
    if items.get("RequestSource") not in codes.REQUEST_SOURCES:
        say(R02, "Record who made the request (RequestSource 1 to 5)")
    outcome = items.get("RequestOutcome", "")
    outcome_on = _date(items.get("RequestOutcomeDate", ""))
    if not outcome:
        say(R03, "Record the request outcome (A while the council has not decided)")
    elif outcome not in codes.REQUEST_OUTCOMES:
        say(R03, f"Request outcome {outcome!r} is not in the code list")
    if outcome in RequestOutcome.NEED_DATE and outcome_on is None:
        say(R04, "Record the date the family was told whether the council would assess")
    if outcome == RequestOutcome.PENDING and outcome_on is not None:
        say(R04, "The request has an outcome date but the decision is not yet made")
    if outcome_on and received and outcome_on < received:
        say(R05, "The request outcome date is before the request was received")
    assessment = request.get("assessment")
    if outcome == RequestOutcome.ASSESS and assessment is None:
        say(R06, "The council proceeded to assess but there is no assessment")
    if assessment is not None and outcome not in RequestOutcome.WITH_ASSESSMENT:
        say(R07, "There is an assessment but the request did not proceed to one (Y or H)")
    named = None
    if assessment is not None:
        named = _check_assessment(assessment, outcome_on, say)
    start = _date(named["items"].get("StartDate", "")) if named else None
    if named is not None:
        _check_named_plan(named, received, say)
    active = request.get("active_plans")
    if active is not None:
        if named is None:
            say(T11, "An active plan is recorded without an issued plan")
        _check_active(active, census, start, say)
    return active is not None


def _check_assessment(assessment: dict, request_on: date | None, say) -> dict | None:
    items = assessment["items"]
    outcome = items.get("AssessmentOutcome", "")
    outcome_on = _date(items.get("AssessmentOutcomeDate", ""))
    named = assessment.get("named_plan")
    if not outcome:
        say(A01, "Record the assessment outcome (A while the council has not decided)")
    elif outcome not in codes.ASSESSMENT_OUTCOMES:
        say(A01, f"Assessment outcome {outcome!r} is not in the code list")
    if outcome == AssessmentOutcome.NOT_ISSUE and outcome_on is None:
        say(A02, "Record the date the family was told a plan would not be issued")
    if outcome == AssessmentOutcome.ISSUE and named is not None and outcome_on is None:
        say(A02, "Record the date the plan was issued as the assessment outcome date")
    if outcome == AssessmentOutcome.PENDING and outcome_on is not None:
        say(A02, "The assessment has an outcome date but the decision is not yet made")
    if outcome_on and request_on and outcome_on < request_on:
        say(A03, "The assessment outcome date is before the decision to assess")
    if named is not None and outcome not in AssessmentOutcome.PLAN_ISSUED:
        say(A04, "A plan is recorded but the assessment outcome is not a decision to issue")
    return named


def _check_named_plan(named: dict, received: date | None, say) -> None:
    items = named["items"]
    start = _date(items.get("StartDate", ""))
    if start is None:
        say(N01, "Enter the date the final plan was issued")
    elif received and start < received:
        say(N01, "The plan starts before the request was received")
    ceased_on = _date(items.get("CeaseDate", ""))
    reason = items.get("CeaseReason", "")
    if bool(ceased_on) != bool(reason):
        say(N02, "A ceased plan needs both the date it ceased and the reason")
    if reason and reason not in codes.CEASE_REASONS:
        say(N08, f"Cease reason {reason!r} is not in the code list (1 to 9)")
    if ceased_on and start and ceased_on < start:
        say(N03, "The plan ceased before it started")
    if items.get("PlanRes") and items["PlanRes"] not in codes.RESIDENTIAL:
        say(N04, "PlanRes must be A (38 to 51 weeks) or B (52 weeks)")
    if (items.get("OA") == "1" or items.get("DP") == "1") and items.get("PB") != "1":
        say(N05, "Organised arrangements or direct payments are recorded without a personal budget")
    for detail in named["plan_details"]:
        _check_setting(detail, say, N06, N07, "section I of the plan")


def _check_setting(detail: dict, say, missing: Rule, code_list: Rule, where: str) -> None:
    setting = detail.get("SENSetting", "")
    if not (detail.get("URN") or detail.get("UKPRN") or setting):
        say(missing, f"{where.capitalize()} has no URN, UKPRN or SEN setting code")
    if setting and setting not in codes.SEN_SETTINGS:
        say(code_list, f"SEN setting {setting!r} in {where} is not in the code list")


def _check_active(active: dict, census: date, start: date | None, say) -> None:
    needs = active["needs"]
    ranks = [n.get("SENtypeRank") for n in needs]
    if "1" not in ranks:
        say(T01, "The plan has no primary need (SEN type rank 1)")
    if len(ranks) != len(set(ranks)) or any(r not in ("1", "2") for r in ranks):
        say(T02, "Each SEN type rank (1 primary, 2 secondary) may be used once")
    for need in needs:
        if need.get("SENtype") not in codes.SEN_TYPES:
            say(T02, f"SEN type {need.get('SENtype', '')!r} is not in the code list")
    placements = active["placements"]
    if not placements:
        say(T03, "Record where the child or young person is placed (placement detail)")
    for placement in placements:
        _check_setting(placement, say, T04, T06, "a placement")
        entry = _date(placement.get("EntryDate", ""))
        leaving = _date(placement.get("LeavingDate", ""))
        if entry is None:
            say(T05, "A placement has no entry date")
        elif leaving and leaving < entry:
            say(T05, "A placement's leaving date is before its entry date")
        if placement.get("RES") and placement["RES"] not in codes.RESIDENTIAL:
            say(T07, "RES must be A (38 to 51 weeks) or B (52 weeks)")
    items = active["items"]
    if items.get("ReviewOutcome") and items["ReviewOutcome"] not in codes.REVIEW_OUTCOMES:
        say(T08, f"Review outcome {items['ReviewOutcome']!r} is not in the code list")
    meeting = _date(items.get("ReviewMeeting", ""))
    last = _date(items.get("LastReview", ""))
    for name in ("ReviewMeeting", "ReviewDraft", "LastReview"):
        value = _date(items.get(name, ""))
        if value and value > census:
            say(T09, f"{name} is after the census day")
    if meeting and last and last < meeting:
        say(T09, "The review decision date is before the review meeting")
    if meeting and start and meeting < start:
        say(T09, "The review meeting is before the plan started")
    transfer = items.get("TransferLA", "")
    if transfer and not LA_CODE_PATTERN.match(transfer):
        say(T10, f"TransferLA {transfer!r} is not a three-digit council code")


# ---- the portal's return -------------------------------------------------------------------------


def _fix_url(rule: Rule, request: dict | None, person) -> str:
    """The page on which the problem is put right."""
    reference = (request or {}).get("case_reference") or (
        person.requests[0]["case_reference"] if person.requests else ""
    )
    if not reference:
        return ""
    if rule.module in ("PlacementDetail",):
        return reverse("case-placement-new", args=[reference])
    if rule.module in ("Person", "NamedPlan", "PlanDetail", "ActivePlans", "SENneed", "Any"):
        return reverse("case-return-details", args=[reference])
    return reverse("case-detail", args=[reference])


def validate_return(result) -> list[Problem]:
    problems: list[Problem] = []
    census = result.year.census
    for person in result.persons:

        def report(rule, message, item=None, request=None, _person=person):
            problems.append(
                Problem(
                    child_id=_person.child_id,
                    child_name=_person.name,
                    module=rule.module,
                    field=item or rule.item,
                    message=message,
                    rule=rule.code,
                    fix_url=_fix_url(rule, request, _person),
                    case_reference=(request or {}).get("case_reference", ""),
                )
            )

        check_person(person, census, report)
    return problems
