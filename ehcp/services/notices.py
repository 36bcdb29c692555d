"""Decision notices: the letter (PDF, rendered by a worker), its sent date, and for appealable
decisions the appeal and mediation information and the family's appeal deadline.

SEND Regulations 2014 reg 5(3) (not to assess), reg 10(3) (not to issue), reg 14 (final plan) and
reg 32 (mediation information) say what a notice must contain.
"""

from __future__ import annotations

from datetime import date

from send_portal.models import Organisation
from send_portal.pdf import request_document
from send_portal.text import in_sentence

from .. import deadlines
from ..models import Case, Decision
from .family import letter_heading

MEDIATION_OPTIONAL = (
    "Mediation is optional. If you want to appeal, you must first contact a mediation adviser "
    "and get a mediation certificate, but you do not have to take part in mediation. You do not "
    "need a certificate if your appeal is only about the school or college named in the plan "
    "(section I)."
)
DISAGREEMENT_RESOLUTION = (
    "You can also use the council's disagreement resolution service at any time, and complain "
    "to the council, which does not affect your right to appeal."
)


def _sendiass(case: Case) -> str:
    service = Organisation.objects.filter(
        kind=Organisation.Kind.SENDIASS, local_authority=case.local_authority
    ).first()
    if service is None:
        return (
            "Your local SEND Information, Advice and Support Service (SENDIASS) gives free, "
            "confidential and independent advice about this decision and your rights."
        )
    contact = ", ".join(part for part in [service.telephone, service.email] if part)
    return (
        f"{service.name} gives free, confidential and independent advice about this decision "
        f"and your rights{': ' + contact if contact else ''}."
    )


def _paragraphs(decision: Decision) -> list[str]:
    case = decision.case
    name = case.child.full_name
    council = case.local_authority.name
    kind = decision.kind
    text = {
        Decision.Kind.ASSESS: [
            f"{council} has decided to carry out an education, health and care (EHC) needs "
            f"assessment for {name}.",
            "We will now ask for advice from the people who know your child, and we will ask for "
            "your views. You can send us any reports or information you want us to consider.",
        ],
        Decision.Kind.NOT_ASSESS: [
            f"{council} has decided not to carry out an education, health and care (EHC) needs "
            f"assessment for {name}.",
        ],
        Decision.Kind.ISSUE: [
            f"After the EHC needs assessment, {council} has decided to issue an EHC plan for "
            f"{name}. We will send you a draft plan so you can comment on it and ask for a "
            "particular school or college.",
        ],
        Decision.Kind.NOT_ISSUE: [
            f"After the EHC needs assessment, {council} has decided not to issue an EHC plan for "
            f"{name}.",
        ],
        Decision.Kind.FINAL_PLAN: [
            f"{council} has issued the final EHC plan for {name}. The council must secure the "
            "special educational provision in section F of the plan.",
        ],
    }[kind]
    if decision.reasons:
        text.append(f"Our reasons: {decision.reasons}")
    return text


def _rights(decision: Decision) -> list[str]:
    if not decision.is_appealable:
        return [_sendiass(decision.case)]
    ground = Decision.APPEAL_GROUNDS[decision.kind]
    what = {
        Decision.Kind.NOT_ASSESS: "this decision not to assess",
        Decision.Kind.NOT_ISSUE: "this decision not to issue a plan",
        Decision.Kind.FINAL_PLAN: (
            "the special educational needs in section B, the special educational provision in "
            "section F, or the school or college named (or not named) in section I of the plan"
        ),
    }[decision.kind]
    return [
        f"You have the right to appeal to the First-tier Tribunal (Special Educational Needs and "
        f"Disability) about {what} ({ground}).",
        MEDIATION_OPTIONAL,
        DISAGREEMENT_RESOLUTION,
        _sendiass(decision.case),
    ]


def family_deadlines(decision: Decision) -> list[deadlines.Deadline]:
    """The family's own dates that run from this notice."""
    if not (decision.is_appealable and decision.notice_sent_on):
        return []
    return [
        deadlines.mediation_adviser_contact_by(decision_sent=decision.notice_sent_on),
        deadlines.appeal_deadline(decision_sent=decision.notice_sent_on),
    ]


def send_notice(decision: Decision, *, sent_on: date, actor) -> Decision:
    """Record that the notice was sent on ``sent_on``, compute the appeal deadline, and queue
    the letter PDF. Call inside the transaction of the decision."""
    decision.notice_sent_on = sent_on
    if decision.is_appealable:
        appeal = deadlines.appeal_deadline(decision_sent=sent_on)
        decision.appeal_deadline = appeal.due
        decision.appeal_deadline_basis = appeal.basis
    case = decision.case
    context = {
        "council_name": case.local_authority.name,
        **letter_heading(case, sent_on),
        "letter_date": f"{sent_on:%-d %B %Y}",
        "paragraphs": _paragraphs(decision),
        "rights": _rights(decision),
        "deadlines": [
            {"label": d.label, "due": f"{d.due:%A %-d %B %Y}", "basis": d.basis}
            for d in family_deadlines(decision)
        ],
        "signature": f"{case.local_authority.name} SEND service",
    }
    title = f"Decision: {in_sentence(decision.get_kind_display())} - {case.child.full_name}"
    decision.notice = request_document(
        title=title[:200], template_name="pdf/letter.html", context=context, owner=case, actor=actor
    )
    decision.save()
    return decision
