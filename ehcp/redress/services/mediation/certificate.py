"""The mediation certificate (CFA 2014 s55) and the appeal deadline it moves (Tribunal rules
r20(1)(c))."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp import deadlines
from ehcp.errors import InvalidTransition
from ehcp.models import Decision
from ehcp.services.family import letter_heading
from send_portal import permissions
from send_portal.models import User
from send_portal.pdf import request_document

from ...models import MediationCase, lower_first
from .._common import event, long_date, not_before, not_in_future, tell_family
from ._steps import Status, _lock


def issue_certificate(*, actor: User, mediation_id: int, issued_on: date) -> MediationCase:
    """The mediation certificate: issued by the mediation adviser or mediator (or recorded by the
    council when an adviser outside the portal issued it). The family's appeal deadline becomes
    the later of 2 months after the decision notice and 1 month after the certificate
    (Tribunal rules r20(1)(c))."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.mediate", mediation)
        if mediation.status == Status.CERTIFICATE_ISSUED:
            raise InvalidTransition("The mediation certificate has already been issued.")
        kind = MediationCase.CERTIFICATE_DUE.get(mediation.status)
        if kind is None:
            raise InvalidTransition(
                "A certificate can be issued once the family says they do not want mediation, "
                "the mediation has ended, or the council says it cannot arrange it in time. "
                f"The mediation is at '{Status(mediation.status).label}'."
            )
        start, start_what = _certificate_start(mediation, kind)
        not_in_future(issued_on, "The certificate date", "issued_on")
        not_before(issued_on, start, "The certificate date", start_what, "issued_on")
        due = mediation.certificate_due
        mediation.status = Status.CERTIFICATE_ISSUED
        mediation.certificate_kind = kind
        mediation.certificate_issued_on = issued_on
        before, appeal = _move_appeal_deadline(mediation, issued_on=issued_on)
        case = mediation.case
        if mediation.mediator_id == actor.pk:
            mediation.certificate = request_document(
                title=f"Mediation certificate - {case.child.full_name}"[:200],
                template_name="pdf/letter.html",
                context=_certificate_context(mediation, mediation.decision, appeal, actor),
                owner=case,
                actor=actor,
            )
        mediation.save()
        _announce_certificate(mediation, actor=actor, due=due, before=before, appeal=appeal)
    return mediation


def _certificate_start(mediation: MediationCase, kind: str) -> tuple[date | None, str]:
    """The day the certificate's time runs from, for its kind, and how to say it."""
    return {
        MediationCase.CertificateKind.NOT_MEDIATING: (
            mediation.choice_made_on,
            "the day the family said they do not want mediation",
        ),
        MediationCase.CertificateKind.NOT_ARRANGED: (
            mediation.la_cannot_arrange_on,
            "the day the council said it cannot arrange mediation in time",
        ),
        MediationCase.CertificateKind.AFTER_MEDIATION: (
            mediation.concluded_on,
            "the day the mediation ended",
        ),
    }[kind]


def _move_appeal_deadline(
    mediation: MediationCase, *, issued_on: date
) -> tuple[date | None, deadlines.Deadline]:
    """The decision's appeal deadline from the certificate date (locked and saved; the mediation
    gets the fresh decision). Returns the deadline before and the one now."""
    decision = Decision.objects.select_for_update().get(pk=mediation.decision_id)
    before = decision.appeal_deadline
    appeal = deadlines.appeal_deadline(
        decision_sent=decision.notice_sent_on, certificate_issued=issued_on
    )
    decision.appeal_deadline = appeal.due
    decision.appeal_deadline_basis = appeal.basis
    decision.save(update_fields=["appeal_deadline", "appeal_deadline_basis"])
    mediation.decision = decision
    return before, appeal


def _announce_certificate(
    mediation: MediationCase,
    *,
    actor: User,
    due: deadlines.Deadline,
    before: date | None,
    appeal: deadlines.Deadline,
) -> None:
    """The timeline entry (late or not, the appeal deadline moved or not) and the family told
    they can now appeal."""
    case = mediation.case
    issued_on = mediation.certificate_issued_on
    late = issued_on > due.due
    moved = before != appeal.due
    event(
        case,
        "certificate",
        on=issued_on,
        actor=actor,
        obj=mediation,
        title="Mediation certificate issued",
        detail=f"{MediationCase.CertificateKind(mediation.certificate_kind).label}. "
        + (f"Issued after the time limit ({long_date(due.due)}). " if late else "")
        + (
            f"The appeal deadline is now {long_date(appeal.due)}"
            + (f" (it was {long_date(before)})." if before and moved else ".")
        ),
        basis=appeal.basis,
    )
    tell_family(
        case,
        on=issued_on,
        key=f"mediation:{mediation.pk}:certificate",
        subject="Your mediation certificate has been issued",
        what_happened=f"Your mediation certificate was issued on {long_date(issued_on)}. "
        f"You can now appeal to the SEND Tribunal about the decision: "
        f"{lower_first(mediation.decision.get_kind_display())}.",
        what_to_do="If you want to appeal, send your appeal to the Tribunal by the date "
        "below, with a copy of the certificate. SENDIASS can help you.",
        due=appeal,
    )


def _certificate_context(mediation, decision, appeal, actor) -> dict:
    case = mediation.case
    kind = MediationCase.CertificateKind(mediation.certificate_kind)
    if kind == MediationCase.CertificateKind.NOT_MEDIATING:
        what = (
            "The parent or young person contacted the mediation adviser and told the adviser "
            "that they do not wish to pursue mediation."
        )
    elif kind == MediationCase.CertificateKind.NOT_ARRANGED:
        what = (
            "The parent or young person wished to pursue mediation, but the local authority told "
            "the mediation adviser that mediation could not take place within the time allowed."
        )
    else:
        what = f"Mediation took place and ended on {long_date(mediation.concluded_on)}."
    return {
        "council_name": case.local_authority.name,
        **letter_heading(case, mediation.certificate_issued_on),
        "letter_date": long_date(mediation.certificate_issued_on),
        "paragraphs": [
            "This certificate is issued under section 55 of the Children and Families Act 2014 "
            f"about the decision of {case.local_authority.name}: "
            f"{lower_first(decision.get_kind_display())} (letter sent "
            f"{long_date(decision.notice_sent_on)}).",
            what,
            f"The mediation adviser was contacted on {long_date(mediation.adviser_contacted_on)}.",
        ],
        "rights": [
            "You can appeal to the First-tier Tribunal (Special Educational Needs and "
            "Disability). Send a copy of this certificate with your appeal.",
        ],
        "deadlines": [
            {"label": appeal.label, "due": f"{appeal.due:%A %-d %B %Y}", "basis": appeal.basis}
        ],
        "signature": f"{actor.display_name}"
        + (f", {mediation.mediation_service.name}" if mediation.mediation_service else "")
        + " (mediation adviser)",
    }
