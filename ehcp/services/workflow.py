"""The statutory EHC needs assessment workflow, one function per step.

This module is a facade: the steps live in one module per statutory stage, and are re-exported
here so that every caller and test using ``workflow.X`` keeps working unchanged:

    request               register_child, link_family_member, receive_request,
                          allocate_caseworker, start_considering
    assessment            decide_whether_to_assess
    advice                request_advice, record_advice_received, reuse_existing_advice
    panel                 refer_to_panel, record_panel_recommendation, decide_whether_to_issue
    drafting              serve_draft_plan, name_setting_in_plan, record_representations
    placement             request_setting, match_setting_request, consult_setting,
                          record_setting_response, decide_placement
    final                 issue_final_plan
    statutory_exceptions  record_exception
    casework              withdraw_request, add_note, add_task, complete_task

What every step does to its case (lock, expect a stage, save with the next due date, event with
its audit entry, record a decision) is written once in ``ehcp.services._case``.

Each step takes the acting user, checks permission, locks the case row, checks the stage it
expects (so a step can never happen twice, and of two concurrent decisions only one succeeds),
records the timeline event and audit entry in the same transaction, and leaves notifications and
PDFs to run after commit. Dates in the law come from ``ehcp.deadlines`` only.

Stages (``ehcp.models.Stage``):

    request_received -> considering -> assessing -> panel -> drafting -> draft_served
        -> consulting -> final_issued
    considering -> not_assessed;  panel -> not_issued;  any open stage -> withdrawn
"""

from __future__ import annotations

from . import (
    advice,
    assessment,
    casework,
    drafting,
    final,
    panel,
    placement,
    request,
    statutory_exceptions,
)
from ._case import next_due
from .advice import record_advice_received, request_advice, reuse_existing_advice
from .assessment import decide_whether_to_assess
from .casework import add_note, add_task, complete_task, withdraw_request
from .drafting import name_setting_in_plan, record_representations, serve_draft_plan
from .final import issue_final_plan
from .panel import decide_whether_to_issue, record_panel_recommendation, refer_to_panel
from .placement import (
    consult_setting,
    decide_placement,
    match_setting_request,
    record_setting_response,
    request_setting,
)
from .request import (
    allocate_caseworker,
    link_family_member,
    receive_request,
    register_child,
    start_considering,
)
from .statutory_exceptions import record_exception

#: The stage modules, in the order of the statutory process: every public function of each is
#: a workflow step (tests/ehcp/test_rules.py gives each a permission scenario).
STAGES = (
    request,
    assessment,
    advice,
    panel,
    drafting,
    placement,
    final,
    statutory_exceptions,
    casework,
)

__all__ = [
    "STAGES",
    "add_note",
    "add_task",
    "allocate_caseworker",
    "complete_task",
    "consult_setting",
    "decide_placement",
    "decide_whether_to_assess",
    "decide_whether_to_issue",
    "issue_final_plan",
    "link_family_member",
    "match_setting_request",
    "name_setting_in_plan",
    "next_due",
    "receive_request",
    "record_advice_received",
    "record_exception",
    "record_panel_recommendation",
    "record_representations",
    "record_setting_response",
    "refer_to_panel",
    "register_child",
    "request_advice",
    "request_setting",
    "reuse_existing_advice",
    "serve_draft_plan",
    "start_considering",
    "withdraw_request",
]
