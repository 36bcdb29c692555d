"""The public timescales calculator: query parameters in, statutory milestones out.

The web page and the JSON endpoint both call ``calculate``; the dates and their legal bases
all come from ``ehcp.deadlines``. Every parameter is optional and each one adds milestones:

=========================  ==================================================================
``received``               decision_to_assess, draft_plan_target, no_plan_notice, final_plan
``advice_requested``       advice_due
``draft_served``           representations_close
``decision_sent``          appeal_deadline (using ``certificate_issued`` if given),
                           mediation_adviser_contact_by
``adviser_contacted``      mediation_certificate_due
``mediation_requested``    mediation_held_by (30 days from the day the council was told the
                           family wants mediation: one rule, one trigger)
``review_meeting``         review_report_due, review_decision_due
``amendment_notice_sent``  amended_plan_due (capped by ``review_meeting`` if given, never
                           before the family's 15 days end)
``transfer`` +             phase_transfer_deadline (``transfer`` is ``school`` or ``post16``)
``transfer_year``
``plan_issued`` /          annual_review_due (from ``last_review`` when given, else from
``last_review``            ``plan_issued``)
``aware_of_move`` (+       plan_transferred_by (on the day of the move when the old council
``move_date``)             knew 15 working days before it)
``transferred_on`` (+      new_council_notice, transfer_review_due
``last_review``)
``post16_move_date``       post16_transfer_deadline
``tribunal_order`` +       the order's compliance dates (``order_assess_notify``, ...);
``order_kind``             ``order_kind`` is one of ``ORDER_KINDS``
=========================  ==================================================================

Dates are strictly YYYY-MM-DD. A blank value counts as not given (an empty form field).
Invalid input raises ``TimescaleInputError`` whose ``errors`` maps each offending parameter
(or ``NON_FIELD_ERRORS`` when nothing usable was given) to a message written for the person
who filled in the form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from ehcp import deadlines
from ehcp.deadlines import Deadline

__all__ = [
    "CHOICE_PARAMETERS",
    "DATE_PARAMETERS",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "NON_FIELD_ERRORS",
    "ORDER_KINDS",
    "PARAMETERS",
    "TRANSFER_CHOICES",
    "TimescaleInputError",
    "calculate",
]

# What each date parameter means, phrased to complete "Enter ..." in an error message.
DATE_PARAMETERS: dict[str, str] = {
    "received": "the date the request was received",
    "advice_requested": "the date the advice was requested",
    "draft_served": "the date the draft plan was served",
    "decision_sent": "the date the decision letter was sent",
    "certificate_issued": "the date the mediation certificate was issued",
    "adviser_contacted": "the date you contacted the mediation adviser",
    "review_meeting": "the date of the review meeting",
    "amendment_notice_sent": "the date the amendment notice was sent",
    "mediation_requested": "the date the council was told you want mediation",
    "plan_issued": "the date the EHC plan was first issued",
    "last_review": "the date of the last review of the plan",
    "aware_of_move": "the date the old council found out about the move",
    "move_date": "the date of the move to the new council's area",
    "transferred_on": "the date the plan was transferred to the new council",
    "post16_move_date": "the date of the move between post-16 institutions",
    "tribunal_order": "the date of the Tribunal's order",
}
TRANSFER_CHOICES: dict[str, str] = {
    "school": "a move into or between schools, for example primary to secondary",
    "post16": "secondary school to a post-16 institution",
}
#: What the Tribunal ordered (SEND Regulations 2014 reg 44(2)), for ``order_kind``.
ORDER_KINDS: dict[str, str] = {
    "assess": "carry out an EHC needs assessment or re-assessment",
    "make_plan": "make and maintain an EHC plan",
    "continue_to_maintain": "continue to maintain the EHC plan (an appeal against ceasing it "
    "was allowed)",
    "amend_plan": "amend the EHC plan",
    "name_setting": "change only the school or college named in section I",
    "cease_dismissed": "stop the plan (an appeal against ceasing it was dismissed)",
}
CHOICE_PARAMETERS: tuple[str, ...] = ("transfer", "transfer_year", "order_kind")
PARAMETERS: tuple[str, ...] = (
    *list(DATE_PARAMETERS)[:8],
    "transfer",
    "transfer_year",
    *list(DATE_PARAMETERS)[8:],
    "order_kind",
)
NON_FIELD_ERRORS = "__all__"

# The SEND Regulations 2014 came into force on 1 September 2014; the bank holiday calendar
# (and so working-day arithmetic) stops at the end of 2100.
EARLIEST_DATE = date(2014, 9, 1)
LATEST_DATE = date(2099, 12, 31)
TRANSFER_YEARS = range(2014, 2101)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_EXAMPLE_DATE = "2025-09-01"

# (later, earlier): the date in ``later`` cannot be before the date in ``earlier``.
_ORDER_CHECKS: tuple[tuple[str, str], ...] = (
    ("advice_requested", "received"),
    ("draft_served", "received"),
    ("decision_sent", "received"),
    ("certificate_issued", "decision_sent"),
    ("adviser_contacted", "decision_sent"),
    ("certificate_issued", "adviser_contacted"),
    ("amendment_notice_sent", "review_meeting"),
    ("mediation_requested", "decision_sent"),
    ("last_review", "plan_issued"),
    ("transferred_on", "plan_issued"),
)


class TimescaleInputError(ValueError):
    """The parameters cannot be turned into milestones. ``errors``: parameter → message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {message}" for key, message in self.errors.items()))


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _parse_date(key: str, raw: str, errors: dict[str, str]) -> date | None:
    noun = DATE_PARAMETERS[key]
    value: date | None = None
    if _ISO_DATE.fullmatch(raw):
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            value = None
    if value is None:
        errors[key] = (
            f"Enter {noun} as a real date in the format YYYY-MM-DD, for example {_EXAMPLE_DATE}"
        )
        return None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        errors[key] = (
            f"{_sentence_start(noun)} must be between 1 September 2014 (when the SEND "
            "Regulations 2014 came into force) and 31 December 2099"
        )
        return None
    return value


def _parse_year(raw: str, errors: dict[str, str]) -> int | None:
    if _YEAR.fullmatch(raw) and int(raw) in TRANSFER_YEARS:
        return int(raw)
    errors["transfer_year"] = (
        f"Enter the year of the transfer as 4 digits between {TRANSFER_YEARS[0]} and "
        f"{TRANSFER_YEARS[-1]}, for example 2027"
    )
    return None


def _given(params: Mapping[str, str]) -> dict[str, str]:
    """Known parameters with a non-blank value, stripped of surrounding spaces."""
    values: dict[str, str] = {}
    for key in PARAMETERS:
        raw = params.get(key)
        if raw is not None and str(raw).strip():
            values[key] = str(raw).strip()
    return values


def calculate(params: Mapping[str, str]) -> list[Deadline]:
    """Milestones for the given parameters, in date order (ties by key)."""
    errors: dict[str, str] = {}
    known = ", ".join(PARAMETERS)
    for key in params:
        if key not in PARAMETERS:
            errors[key] = f"Unknown parameter. Use only: {known}"

    values = _given(params)
    if not values:
        errors[NON_FIELD_ERRORS] = (
            "Enter at least one date, for example the date the request was received "
            "(received=YYYY-MM-DD). You can give any of: " + known
        )
        raise TimescaleInputError(errors)

    dates: dict[str, date] = {}
    for key in DATE_PARAMETERS:
        if key in values:
            parsed = _parse_date(key, values[key], errors)
            if parsed is not None:
                dates[key] = parsed
    transfer, transfer_year = _transfer(values, errors)
    order_kind = _order_kind(values, errors)
    _check_pairs(values, dates, errors)
    if errors:
        raise TimescaleInputError(errors)

    milestones = _case_milestones(dates)
    if transfer is not None and transfer_year is not None:
        milestones.append(_phase_transfer(transfer, transfer_year))
    milestones += _after_the_plan(dates, order_kind)
    return sorted(milestones, key=lambda d: (d.due, d.key))


def _transfer(values: dict[str, str], errors: dict[str, str]) -> tuple[str | None, int | None]:
    """The type and year of a phase transfer, given together or not at all."""
    transfer = values.get("transfer")
    if transfer is not None and transfer not in TRANSFER_CHOICES:
        errors["transfer"] = (
            "Type of transfer must be school (a move into or between schools, for example "
            "primary to secondary) or post16 (secondary school to a post-16 institution)"
        )
    transfer_year = None
    if "transfer_year" in values:
        transfer_year = _parse_year(values["transfer_year"], errors)
    if transfer is not None and "transfer_year" not in values:
        errors["transfer_year"] = "Enter the year of the transfer, for example 2027"
    if transfer is None and "transfer_year" in values:
        errors["transfer"] = (
            "Enter the type of transfer (school or post16) as well as the year of the transfer"
        )
    return transfer, transfer_year


def _order_kind(values: dict[str, str], errors: dict[str, str]) -> str | None:
    """What the Tribunal ordered, given with the date of its order or not at all."""
    order_kind = values.get("order_kind")
    if order_kind is not None and order_kind not in ORDER_KINDS:
        errors["order_kind"] = "What the Tribunal ordered must be one of: " + ", ".join(
            f"{key} ({meaning})" for key, meaning in ORDER_KINDS.items()
        )
    if "tribunal_order" in values and order_kind is None:
        errors["order_kind"] = (
            "Enter what the Tribunal ordered (order_kind) as well as the date of the order: "
            + ", ".join(ORDER_KINDS)
        )
    if order_kind is not None and "tribunal_order" not in values:
        errors.setdefault(
            "tribunal_order", "Enter the date of the Tribunal's order as well as what it ordered"
        )
    return order_kind


def _check_pairs(values: dict[str, str], dates: dict[str, date], errors: dict[str, str]) -> None:
    """Dates that need another date with them, and dates that cannot be before another."""
    if "move_date" in values and "aware_of_move" not in values:
        errors.setdefault(
            "aware_of_move",
            "Enter the date the old council found out about the move as well as the date of "
            "the move",
        )

    if "certificate_issued" in values and "decision_sent" not in values:
        errors.setdefault(
            "certificate_issued",
            "Enter the date the decision letter was sent as well as the date the mediation "
            "certificate was issued",
        )
    for later, earlier in _ORDER_CHECKS:
        if later in dates and earlier in dates and dates[later] < dates[earlier]:
            errors.setdefault(
                later,
                f"{_sentence_start(DATE_PARAMETERS[later])} must be the same as or after "
                f"{DATE_PARAMETERS[earlier]}",
            )


def _case_milestones(dates: dict[str, date]) -> list[Deadline]:
    """The assessment, advice, the draft, appeals and mediation, a review meeting and amendments."""
    milestones: list[Deadline] = []
    if "received" in dates:
        milestones += deadlines.assessment_timetable(received=dates["received"])
    if "advice_requested" in dates:
        milestones.append(deadlines.advice_due(requested=dates["advice_requested"]))
    if "draft_served" in dates:
        milestones.append(deadlines.representations_close(draft_served=dates["draft_served"]))
    if "decision_sent" in dates:
        milestones.append(
            deadlines.appeal_deadline(
                decision_sent=dates["decision_sent"],
                certificate_issued=dates.get("certificate_issued"),
            )
        )
        milestones.append(
            deadlines.mediation_adviser_contact_by(decision_sent=dates["decision_sent"])
        )
    if "adviser_contacted" in dates:
        milestones.append(deadlines.mediation_certificate_due(told_on=dates["adviser_contacted"]))
    if "mediation_requested" in dates:
        milestones.append(deadlines.mediation_held_by(told_on=dates["mediation_requested"]))
    if "review_meeting" in dates:
        milestones.append(deadlines.review_report_due(meeting=dates["review_meeting"]))
        milestones.append(deadlines.review_decision_due(meeting=dates["review_meeting"]))
    if "amendment_notice_sent" in dates:
        milestones.append(
            deadlines.amended_plan_due(
                amendment_notice_sent=dates["amendment_notice_sent"],
                meeting=dates.get("review_meeting"),
            )
        )
    return milestones


def _phase_transfer(transfer: str, transfer_year: int) -> Deadline:
    try:
        return deadlines.phase_transfer_deadline(transfer=transfer, transfer_year=transfer_year)
    except deadlines.NoRuleInForce:
        raise TimescaleInputError(
            {
                "transfer_year": "The SEND Regulations 2014 came into force on 1 September "
                "2014, after the transfer date of that year: enter 2015 or later"
            }
        ) from None


def _after_the_plan(dates: dict[str, date], order_kind: str | None) -> list[Deadline]:
    """Reviews, moves between councils, post-16 moves and Tribunal orders."""
    milestones: list[Deadline] = []
    last = dates.get("last_review") or dates.get("plan_issued")
    if last is not None:
        milestones.append(
            replace(deadlines.review_due(last_issue_or_review=last), key="annual_review_due")
        )
    if "aware_of_move" in dates:
        milestones.append(
            replace(
                deadlines.transfer_plan_sent(
                    old_council_aware=dates["aware_of_move"], move_date=dates.get("move_date")
                ),
                key="plan_transferred_by",
            )
        )
    if "transferred_on" in dates:
        transferred = dates["transferred_on"]
        milestones.append(
            replace(
                deadlines.transfer_between_las(move_notified=transferred), key="new_council_notice"
            )
        )
        if last is not None:
            milestones.append(
                deadlines.transfer_review_due(last_review=last, transferred_on=transferred)
            )
        else:
            # Without the last review only the 3 months from the transfer are known.
            milestones.append(
                deadlines.as_deadline(
                    "transfer_review_due",
                    deadlines.last_day_of_months_beginning_with(transferred, 3),
                    on=transferred,
                    label=f"{deadlines.RULES['transfer_review_due'].label} (or by the end of the "
                    "12 months from the last review, if that is later: give the date of the last "
                    "review to work it out)",
                )
            )
    if "post16_move_date" in dates:
        milestones.append(
            replace(
                deadlines.phase_transfer_deadline(
                    transfer="post16_other", transfer_date=dates["post16_move_date"]
                ),
                key="post16_transfer_deadline",
            )
        )
    if "tribunal_order" in dates and order_kind is not None:
        milestones += deadlines.tribunal_order_deadlines(
            order_date=dates["tribunal_order"], order_type=order_kind
        )
    return milestones
