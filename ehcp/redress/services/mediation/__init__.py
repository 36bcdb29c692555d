"""Mediation before an appeal, one function per step (SEND Regulations 2014 regs 32-42).

Each step checks permission, locks the mediation case, checks the status it expects, records the
timeline event and audit entry in the same transaction, and notifies the family and council (the
notification rows are written in the transaction; their e-mails go after commit). Dates come
from ``ehcp.deadlines`` only. Mediation is optional for families: the certificate is what an
appeal needs, and the family gets one whether or not they mediate.

One module a part of the process: ``choice`` (the family and the adviser), ``arranging`` (the
council), ``meeting`` (the mediation and what was agreed), ``certificate``.
"""

from .arranging import (
    arrange_mediation,
    assign_mediator,
    record_cannot_arrange,
    record_icb_notified,
)
from .certificate import issue_certificate
from .choice import open_mediation_case, record_mediation_choice
from .meeting import add_agreement_action, add_participant, conclude_mediation, record_session

__all__ = [
    "add_agreement_action",
    "add_participant",
    "arrange_mediation",
    "assign_mediator",
    "conclude_mediation",
    "issue_certificate",
    "open_mediation_case",
    "record_cannot_arrange",
    "record_icb_notified",
    "record_mediation_choice",
    "record_session",
]
