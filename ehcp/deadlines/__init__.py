"""Every statutory date for EHC needs assessments and plans in England, with its legal basis.

This package is the only place that knows the numbers in the law ("6 weeks", "15 days",
"2 months"). Each one lives in the law table (``table_assessment`` and ``table_plans``), next to
a plain-English label and the legal basis, so that a correction is made once. Everything else
calls the functions here: ``from ehcp.deadlines import ...`` and ``deadlines.final_plan(...)``.

How periods are counted (research notes: statutory.md section A.2, checked against the
regulations' text):

* "within N weeks of <event>": calendar weeks; the event day is excluded, so the last day on
  which the step is in time is ``event + 7N days``.
* "at least N days beginning with the day <served>": the trigger day is day 1, so the last day of
  the window is ``served + (N - 1) days``.
* "a period of N months starting (beginning) with <D>": the day before the corresponding day N
  months later, ``add_months(D, N) - 1 day``; only the month arithmetic clamps, so 12 months
  starting with 1 March 2027 end on 29 February 2028 (when the later month has no such day,
  the period runs to that month's end: 12 months starting with 29 February 2024 end on
  28 February 2025).
* "N working days beginning with the day <D>" (reg 15(2)): D is day 1 when it is a working day.
* "before <date>" (reg 18(1)): the last day in time is the day before it.
* Calendar months "within N months after": the corresponding day of the later month, or that
  month's last day if it has no such day (31 January + 1 month = 28 or 29 February).
* Working days: not a Saturday, Sunday or an England and Wales bank holiday
  (``send_portal.calendar``; Christmas Day and Good Friday are bank holidays there too).

Law changes as data: each rule carries the date it came into force (and, when set, ended); a
date is computed with the version in force on the day its period starts (``rule_for``).
Proposals (``PROPOSALS``: the Schools White Paper of February 2026, the announced Education for
All Bill) are not law and never compute a date.

Exceptions never move a date: they are recorded against a time limit and may excuse missing it
(``exceptions``).

Pure Python: standard library plus the maintained ``holidays`` package. No Django imports.
"""

from send_portal.calendar import (
    add_months,
    add_working_days,
    england_bank_holidays,
    first_working_day_on_or_after,
    is_working_day,
    last_day_of_months_beginning_with,
    last_working_day_beginning_with,
)

from .assessment import (
    advice_due,
    appeal_deadline,
    assessment_timetable,
    consultation_response_due,
    decision_to_assess,
    draft_plan_target,
    final_plan,
    icb_notified_by,
    mediation_adviser_contact_by,
    mediation_certificate_after_mediation,
    mediation_certificate_due,
    mediation_certificate_not_arranged,
    mediation_held_by,
    no_plan_notice,
    representations_close,
    revised_representations_close,
)
from .engine import (
    DUE_SOON_WORKING_DAYS,
    PROPOSALS,
    RULE_VERSIONS,
    RULES,
    DeadlineStatus,
    as_deadline,
    overdue_status,
    rule_for,
    week_of,
)
from .exceptions import (
    EXCEPTION_NOTE,
    EXCEPTION_TIME_LIMITS,
    TWENTY_WEEK_LIMIT,
    ExceptionReason,
    describe_exception,
    exceptions_for,
    excuses_twenty_week_limit,
)
from .plans import (
    PHASE_TRANSFERS,
    TRIBUNAL_ORDER_TYPES,
    UNOPPOSED_APPEAL_KINDS,
    amended_plan_deadlines,
    amended_plan_due,
    amendment_representations_close,
    knew_of_move_in_time,
    mediation_agreement_action_due,
    no_amendment_notice_due,
    phase_transfer_deadline,
    phase_transfer_latest_meeting,
    reassessment_decision_due,
    reassessment_final_plan,
    reassessment_may_refuse_until,
    review_advice_circulated_by,
    review_decision_due,
    review_due,
    review_meeting_notice_by,
    review_report_due,
    review_suggested_under_5,
    transfer_between_las,
    transfer_plan_sent,
    transfer_review_due,
    tribunal_order_deadlines,
    unopposed_appeal_deadlines,
)
from .values import (
    KINDS,
    LAW_IN_FORCE,
    Deadline,
    Kind,
    NoRuleInForce,
    Period,
    Proposal,
    Rule,
)

__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "EXCEPTION_NOTE",
    "EXCEPTION_TIME_LIMITS",
    "KINDS",
    "LAW_IN_FORCE",
    "PHASE_TRANSFERS",
    "PROPOSALS",
    "RULES",
    "RULE_VERSIONS",
    "TRIBUNAL_ORDER_TYPES",
    "TWENTY_WEEK_LIMIT",
    "UNOPPOSED_APPEAL_KINDS",
    "Deadline",
    "DeadlineStatus",
    "ExceptionReason",
    "Kind",
    "NoRuleInForce",
    "Period",
    "Proposal",
    "Rule",
    "add_months",
    "add_working_days",
    "advice_due",
    "amended_plan_deadlines",
    "amended_plan_due",
    "amendment_representations_close",
    "appeal_deadline",
    "as_deadline",
    "assessment_timetable",
    "consultation_response_due",
    "decision_to_assess",
    "describe_exception",
    "draft_plan_target",
    "england_bank_holidays",
    "exceptions_for",
    "excuses_twenty_week_limit",
    "final_plan",
    "first_working_day_on_or_after",
    "icb_notified_by",
    "is_working_day",
    "knew_of_move_in_time",
    "last_day_of_months_beginning_with",
    "last_working_day_beginning_with",
    "mediation_adviser_contact_by",
    "mediation_agreement_action_due",
    "mediation_certificate_after_mediation",
    "mediation_certificate_due",
    "mediation_certificate_not_arranged",
    "mediation_held_by",
    "no_amendment_notice_due",
    "no_plan_notice",
    "overdue_status",
    "phase_transfer_deadline",
    "phase_transfer_latest_meeting",
    "reassessment_decision_due",
    "reassessment_final_plan",
    "reassessment_may_refuse_until",
    "representations_close",
    "review_advice_circulated_by",
    "review_decision_due",
    "review_due",
    "review_meeting_notice_by",
    "review_report_due",
    "review_suggested_under_5",
    "revised_representations_close",
    "rule_for",
    "transfer_between_las",
    "transfer_plan_sent",
    "transfer_review_due",
    "tribunal_order_deadlines",
    "unopposed_appeal_deadlines",
    "week_of",
]
