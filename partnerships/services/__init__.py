"""Writes for partnerships and local inclusion plans.

Each service checks permission through the rule registry, locks the row it changes, checks the
stage it expects (raising a domain error with a message a person can act on), changes it, records
the audit event and the plan's timeline in the same transaction, and leaves side effects
(notifications, PDFs) to run after commit.

The approval chain of a version: draft, then the board (approvers and quorum set per
partnership), then submitted to the DfE Regions Group for the partnership's region, which agrees
the plan and separately quality assures and signs it off against a published National Standards
version, or returns it with required changes; then the chair publishes it. A returned or
published version is never changed again: a new version is started from it.

One module a part of that chain: ``partnership`` (the partnership itself), ``drafting``,
``approval`` (the board and submission), ``regions_group`` (agree or return), ``sign_off`` and
``publication``.
"""

from ._steps import LEGAL_BASIS_AGREE, LEGAL_BASIS_SIGN_OFF, Status
from .approval import record_board_decision, send_for_board_approval, submit_to_regions_group
from .drafting import (
    add_comment,
    add_commitment,
    remove_commitment,
    start_new_version,
    start_plan,
    update_section,
)
from .partnership import (
    add_partnership_role,
    end_partnership_role,
    record_coproduction_event,
    set_approval_policy,
    set_tailored_list_pilot,
)
from .publication import publish_plan
from .regions_group import agree_plan, return_plan
from .sign_off import sign_off_plan

__all__ = [
    "LEGAL_BASIS_AGREE",
    "LEGAL_BASIS_SIGN_OFF",
    "Status",
    "add_comment",
    "add_commitment",
    "add_partnership_role",
    "agree_plan",
    "end_partnership_role",
    "publish_plan",
    "record_board_decision",
    "record_coproduction_event",
    "remove_commitment",
    "return_plan",
    "send_for_board_approval",
    "set_approval_policy",
    "set_tailored_list_pilot",
    "sign_off_plan",
    "start_new_version",
    "start_plan",
    "submit_to_regions_group",
    "update_section",
]
