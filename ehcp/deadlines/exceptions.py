"""Exceptions to time limits: recorded against a deadline, never moving it.

The same four circumstances appear in several regulations with the same words: reg 5(4) (the
6-week decision whether to assess), reg 10(4) (the 16-week notice not to issue a plan), reg 13(3)
(the 20-week final plan, by applying reg 10(4)) and reg 27(3) (the plan after a re-assessment).
They share one stored code ("10_4_c") and the basis names the regulation of the time limit the
exception was recorded against (``basis_for``). Advice has its own three (reg 8(2)); Tribunal
orders theirs (reg 44(3)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .values import LAW_IN_FORCE

SEND_REGS = "SEND Regulations 2014"


class ExceptionReason(StrEnum):
    """Reasons the law allows a council to miss a time limit (codes are stored values)."""

    # reg 10(4)(a)-(d), applied to the 6-week decision by reg 5(4), to the 20-week final plan by
    # reg 13(3) and repeated for the plan after a re-assessment in reg 27(3).
    INSTITUTION_CLOSED = "10_4_a"
    EARLY_YEARS_CLOSED = "10_4_b"
    PERSONAL_CIRCUMSTANCES = "10_4_c"
    ABSENT_FROM_AREA = "10_4_d"
    # reg 8(2): the 6-week limit for advice.
    ADVICE_PERSONAL_CIRCUMSTANCES = "8_2_a"
    ADVICE_ABSENT_FROM_AREA = "8_2_b"
    ADVICE_MISSED_APPOINTMENT = "8_2_c"
    # reg 44(3): the time limits for complying with a Tribunal order.
    ORDER_PERSONAL_CIRCUMSTANCES = "44_3_a"
    ORDER_ABSENT_FROM_AREA = "44_3_b"
    ORDER_REPRESENTATIONS = "44_3_c"
    ORDER_INSTITUTION_CLOSED = "44_3_d"
    # SI 2020/471 (temporary, 1 May to 25 September 2020): coronavirus.
    CORONAVIRUS = "cv_2020"

    @property
    def description(self) -> str:
        return _TEXT[self].description

    @property
    def basis(self) -> str:
        """The regulation the reason is written in (see ``basis_for`` for a given time limit)."""
        return _TEXT[self].basis

    @property
    def in_force(self) -> date:
        return _TEXT[self].in_force

    @property
    def ends(self) -> date | None:
        return _TEXT[self].ends

    def available_on(self, day: date) -> bool:
        """Whether the law allowed this reason on ``day`` (SI 2020/471 was temporary)."""
        return self.in_force <= day and (self.ends is None or day <= self.ends)

    def basis_for(self, applies_to: str) -> str:
        """The legal basis of this reason for the time limit it was recorded against: a reg
        10(4) circumstance excuses the 6-week decision under reg 5(4), the final plan under
        reg 13(3) and the plan after a re-assessment under reg 27(3)."""
        letter = self.value.rsplit("_", 1)[-1]
        if self.value.startswith("10_4_"):
            if applies_to == "decision_to_assess":
                return f"{SEND_REGS} reg 5(4)({letter})"
            if applies_to == "final_plan":
                return f"{SEND_REGS} reg 13(3), applying reg 10(4)({letter})"
            if applies_to == "reassessment_final_plan":
                return f"{SEND_REGS} reg 27(3)({letter})"
        return self.basis

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, description) pairs, e.g. for a form field or model choices."""
        return [(member.value, member.description) for member in cls]


@dataclass(frozen=True)
class _Text:
    description: str
    basis: str
    in_force: date = LAW_IN_FORCE
    ends: date | None = None


_TEXT: dict[ExceptionReason, _Text] = {
    ExceptionReason.INSTITUTION_CLOSED: _Text(
        "The council asked a school or college for advice during the time running from one "
        "week before it closed for at least 4 weeks in a row (usually the summer holiday) to "
        "one week before it reopened.",
        f"{SEND_REGS} reg 10(4)(a)",
    ),
    ExceptionReason.EARLY_YEARS_CLOSED: _Text(
        "The council asked a nursery or other early years provider for advice during the time "
        "running from one week before it closed for at least 4 weeks in a row to one week "
        "before it reopened.",
        f"{SEND_REGS} reg 10(4)(b)",
    ),
    ExceptionReason.PERSONAL_CIRCUMSTANCES: _Text(
        "Exceptional personal circumstances affected the child or their parent, or the young "
        "person, during the time allowed.",
        f"{SEND_REGS} reg 10(4)(c)",
    ),
    ExceptionReason.ABSENT_FROM_AREA: _Text(
        "The child or their parent, or the young person, was away from the council's area for "
        "at least 4 weeks in a row during the time allowed.",
        f"{SEND_REGS} reg 10(4)(d)",
    ),
    ExceptionReason.ADVICE_PERSONAL_CIRCUMSTANCES: _Text(
        "Exceptional personal circumstances affected the child or their parent, or the young "
        "person, during the 6 weeks allowed for advice.",
        f"{SEND_REGS} reg 8(2)(a)",
    ),
    ExceptionReason.ADVICE_ABSENT_FROM_AREA: _Text(
        "The child or their parent, or the young person, was away from the council's area for "
        "at least 4 weeks in a row during the 6 weeks allowed for advice.",
        f"{SEND_REGS} reg 8(2)(b)",
    ),
    ExceptionReason.ADVICE_MISSED_APPOINTMENT: _Text(
        "The child or young person did not keep an appointment for an examination or test "
        "during the 6 weeks allowed for advice.",
        f"{SEND_REGS} reg 8(2)(c)",
    ),
    ExceptionReason.ORDER_PERSONAL_CIRCUMSTANCES: _Text(
        "Exceptional personal circumstances affected the child or their parent, or the young "
        "person, during the time allowed to do what the Tribunal ordered.",
        f"{SEND_REGS} reg 44(3)",
    ),
    ExceptionReason.ORDER_ABSENT_FROM_AREA: _Text(
        "The child or their parent, or the young person, was away from the council's area for "
        "at least 2 weeks in a row during the time allowed to do what the Tribunal ordered.",
        f"{SEND_REGS} reg 44(3)",
    ),
    ExceptionReason.ORDER_REPRESENTATIONS: _Text(
        "The parent or young person said they wanted to make representations about the content "
        "of the plan after the Tribunal's order.",
        f"{SEND_REGS} reg 44(3)",
    ),
    ExceptionReason.ORDER_INSTITUTION_CLOSED: _Text(
        "The council asked a school, college or early years provider for advice around a "
        "closure of at least 4 weeks in a row (the circumstances in reg 10(4)(a) or (b)).",
        f"{SEND_REGS} reg 44(3)",
    ),
    ExceptionReason.CORONAVIRUS: _Text(
        "A reason relating to the incidence or transmission of coronavirus (COVID-19) made it "
        "impractical to meet the time limit (temporary: 1 May to 25 September 2020).",
        "Special Educational Needs and Disability (Coronavirus) (Amendment) Regulations 2020 "
        "(SI 2020/471), in force 1 May 2020 to 25 September 2020",
        in_force=date(2020, 5, 1),
        ends=date(2020, 9, 25),
    ),
}

EXCEPTION_NOTE = (
    "An exception does not change the legal date. It only excuses the council if meeting the "
    "date was impractical because of it, and the council must still act as soon as practicable "
    "and keep to the remaining time limits."
)

_REG_10_4 = (
    ExceptionReason.INSTITUTION_CLOSED,
    ExceptionReason.EARLY_YEARS_CLOSED,
    ExceptionReason.PERSONAL_CIRCUMSTANCES,
    ExceptionReason.ABSENT_FROM_AREA,
)
_REG_8_2 = (
    ExceptionReason.ADVICE_PERSONAL_CIRCUMSTANCES,
    ExceptionReason.ADVICE_ABSENT_FROM_AREA,
    ExceptionReason.ADVICE_MISSED_APPOINTMENT,
)
_REG_44_3 = (
    ExceptionReason.ORDER_PERSONAL_CIRCUMSTANCES,
    ExceptionReason.ORDER_ABSENT_FROM_AREA,
    ExceptionReason.ORDER_REPRESENTATIONS,
    ExceptionReason.ORDER_INSTITUTION_CLOSED,
)
_COVID = (ExceptionReason.CORONAVIRUS,)

#: The time limits an exception can be recorded against, and what each is called on a form.
EXCEPTION_TIME_LIMITS: dict[str, str] = {
    "decision_to_assess": "Decision whether to assess (6 weeks)",
    "advice_due": "Advice for the assessment (6 weeks)",
    "no_plan_notice": "Decision not to issue a plan (16 weeks)",
    "final_plan": "Final plan (20 weeks)",
    "reassessment_final_plan": "Plan after a re-assessment (14 weeks)",
    "tribunal_order": "Doing what the Tribunal ordered",
}

# Which exceptions the law attaches to which time limit (reg 5(4), 8(2), 10(4), 13(3), 27(3),
# 44(3); SI 2020/471 for the time limits it relaxed while it was in force).
_BY_TIME_LIMIT: dict[str, tuple[ExceptionReason, ...]] = {
    "decision_to_assess": _REG_10_4 + _COVID,
    "advice_due": _REG_8_2 + _COVID,
    "no_plan_notice": _REG_10_4 + _COVID,
    "final_plan": _REG_10_4 + _COVID,
    "reassessment_final_plan": _REG_10_4 + _COVID,
    "tribunal_order": _REG_44_3 + _COVID,
}

#: The one time limit whose exceptions count for SEN2's ``Week20`` and the dashboards' "within
#: 20 weeks excluding exceptions" (SEND Regulations 2014 reg 13(3)).
TWENTY_WEEK_LIMIT = "final_plan"


def excuses_twenty_week_limit(applies_to: str) -> bool:
    """Whether an exception recorded against ``applies_to`` is an exception to the 20-week limit
    for the final plan (reg 13(3)): only those make SEN2 ``Week20`` true and take a plan out
    of "within 20 weeks excluding exceptions"."""
    return applies_to == TWENTY_WEEK_LIMIT


def describe_exception(code: str | ExceptionReason) -> str:
    """Plain-English description of an exception code such as "10_4_c"."""
    try:
        reason = ExceptionReason(code)
    except ValueError:
        raise ValueError(f"Unknown exception code {code!r}") from None
    return f"{reason.description} ({reason.basis})"


def exceptions_for(key: str, *, on: date | None = None) -> tuple[ExceptionReason, ...]:
    """The exceptions that may excuse missing the time limit with this key (empty if none).

    Without ``on``: the exceptions of the law in force now (temporary ones that have ended,
    such as SI 2020/471's, are left out). With ``on``: those the law allowed on that day.
    Every reg 44 order deadline (``order_*``) shares the ``tribunal_order`` exceptions."""
    if key.startswith("order_"):
        key = "tribunal_order"
    reasons = _BY_TIME_LIMIT.get(key, ())
    if on is None:
        return tuple(r for r in reasons if r.ends is None)
    return tuple(r for r in reasons if r.available_on(on))
