"""After the plan is issued, one function per step, in one module per statutory stage.

Each step takes the acting user, checks permission, locks the row it changes, checks the state
it expects (so a step never happens twice), records the case timeline event and audit entry in
the same transaction, and leaves notifications and PDFs to run after commit. Every date in the
law comes from ``ehcp.deadlines``; amendments reuse ``ehcp.services.plans`` (a proposed version
of the plan, sent to the family, then the amended plan issued as a new version).

Review stages (``Review.Stage``)::

    due -> arranged -> held -> reported -> completed (keep the plan)
                                        -> amending -> completed (amended plan issued)
                                        -> ceasing (a proposal to cease: ``Cessation``)

The modules, by stage: :mod:`.scheduling` (CFA 2014 s44), :mod:`.meeting` (reg 20),
:mod:`.decision` (reg 20(10)), :mod:`.amendments` (reg 22), :mod:`.phase_transfers` (reg 18),
:mod:`.reassessment` (regs 24-27), :mod:`.cessation` (CFA s45; regs 29-31) and
:mod:`.transfers` (regs 15-17); :mod:`.timetable` holds a review's dates and ``_common`` what
the steps share. Callers use ``from ehcp.reviews import services`` and ``services.<step>``.
"""

from ._common import council_contacts, senco_of, tell_council, tell_family, tell_setting, today
from .amendments import decide_not_to_amend, issue_amended_plan, name_next_setting, start_amendments
from .cessation import (
    confirm_cessation,
    decide_cessation,
    propose_to_cease,
    record_cessation_appeal,
)
from .decision import decide_after_review
from .meeting import (
    arrange_meeting,
    give_views,
    record_advice_circulated,
    record_meeting_held,
    submit_report,
)
from .phase_transfers import identify_phase_transfers, record_post16_move
from .reassessment import complete_reassessment, decide_reassessment, request_reassessment
from .scheduling import schedule_review
from .timetable import last_reviewed_on, next_due, review_timetable
from .transfers import decide_after_transfer, transfer_plan

__all__ = [
    "arrange_meeting",
    "complete_reassessment",
    "confirm_cessation",
    "council_contacts",
    "decide_after_review",
    "decide_after_transfer",
    "decide_cessation",
    "decide_not_to_amend",
    "decide_reassessment",
    "give_views",
    "identify_phase_transfers",
    "issue_amended_plan",
    "last_reviewed_on",
    "name_next_setting",
    "next_due",
    "propose_to_cease",
    "record_advice_circulated",
    "record_cessation_appeal",
    "record_meeting_held",
    "record_post16_move",
    "request_reassessment",
    "review_timetable",
    "schedule_review",
    "senco_of",
    "start_amendments",
    "submit_report",
    "tell_council",
    "tell_family",
    "tell_setting",
    "today",
    "transfer_plan",
]
