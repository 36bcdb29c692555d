"""A family's rights, in plain English first and the law after (issue 20: "rights pages read like
the regulations").

Each :class:`Right` says what the right is, by when, how to use it and who can help, in short
sentences a parent can act on; its ``law`` is the citation, shown after the words, in small print.
Where a right has a time limit, the citation comes from ``ehcp.deadlines.RULES`` (the one place
statutory periods live, ADR 2), so the words and the law cannot drift apart. ``easy`` is the
easy-read version: one idea per sentence, the everyday word for each thing.

The readability of these words is checked in the tests (``tests/ehcp/test_rights.py``) with
textstat's Flesch reading ease and Flesch-Kincaid grade.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import deadlines
from .deadlines.wording import rule_period_words as _period

#: Who can help with any of these rights: free, independent of the council.
SENDIASS = (
    "Your local SEND Information, Advice and Support Service (SENDIASS). It is free, "
    "private and does not work for the council."
)
IPSEA = (
    "IPSEA, a charity that gives free legal advice about special educational needs: ipsea.org.uk"
)


def _law(*keys: str, also: str = "") -> str:
    parts = [deadlines.RULES[key].basis for key in keys]
    if also:
        parts.append(also)
    return "; ".join(parts)


@dataclass(frozen=True)
class Right:
    key: str
    title: str
    what: str
    when: str
    how: str
    help: tuple[str, ...]
    law: str
    easy: tuple[str, ...]


RIGHTS: tuple[Right, ...] = (
    Right(
        key="ask",
        title="Ask for an assessment",
        what="You can ask the council to find out what help your child needs. This is called an "
        "EHC needs assessment. EHC means education, health and care. A young person aged 16 "
        "to 25 can ask for themselves.",
        when=f"The council must tell you within {_period('decision_to_assess')} if it will do the "
        "assessment.",
        how="Write to the council's SEND team, send an email, or use this service. You do not "
        "need a form. Keep a copy and the date you sent it.",
        help=(SENDIASS, IPSEA),
        law=_law("decision_to_assess", also="Children and Families Act 2014 s36(1)"),
        easy=(
            "You can ask the council to check what help your child needs.",
            "You can write, email or use this website.",
            f"The council must answer in {_period('decision_to_assess')}.",
        ),
    ),
    Right(
        key="views",
        title="Have your say",
        what="The council must listen to you and your child. Your views go in section A of the "
        "plan. You can bring someone with you to meetings.",
        when="At every step: before a decision, in the plan and at each review.",
        how="Give your views on your child's case page, or tell your caseworker.",
        help=(SENDIASS,),
        law="Children and Families Act 2014 s19",
        easy=(
            "The council must listen to you.",
            "The council must listen to your child.",
            "You can bring someone to meetings.",
        ),
    ),
    Right(
        key="draft",
        title="Comment on the draft plan",
        what="Before the plan is final, you get a draft. You can say what is wrong or missing. "
        "You can ask to meet someone from the council about it.",
        when=f"You have at least {_period('representations_close')} from the day the draft is "
        "sent.",
        how="Comment on each section of the draft on your child's case page, or write to your "
        "caseworker.",
        help=(SENDIASS, IPSEA),
        law=_law("representations_close"),
        easy=(
            "You get a draft plan first.",
            "You can say what is wrong.",
            f"You have {_period('representations_close')}.",
        ),
    ),
    Right(
        key="school",
        title="Ask for a school or college",
        what="You can ask for the school or college you want to be named in the plan. The "
        "council must ask that school. It must name it unless the law says it cannot.",
        when=f"When you get the draft plan, within the same {_period('representations_close')}.",
        how="Use 'Ask for a school or college' on your child's case page.",
        help=(SENDIASS, IPSEA),
        law="Children and Families Act 2014 s38(2)(b) and s39",
        easy=(
            "You can ask for a school or college.",
            "The council must ask that school.",
        ),
    ),
    Right(
        key="final",
        title="Get the final plan on time",
        what="If the council agrees your child needs a plan, it must send you the final plan.",
        when=f"Within {_period('final_plan')} of the day the council got the request.",
        how="Your child's case page shows this date. Ask your caseworker if it is late.",
        help=(SENDIASS,),
        law=_law("final_plan"),
        easy=(
            "The council must send the final plan.",
            f"It must do this in {_period('final_plan')}.",
        ),
    ),
    Right(
        key="budget",
        title="Ask for a personal budget",
        what="A personal budget is money for some of the help in the plan. You can choose how "
        "some of it is spent.",
        when="While the plan is being written, or at a review.",
        how="Use 'Ask for a personal budget' on your child's case page.",
        help=(SENDIASS,),
        law="Children and Families Act 2014 s49; SEND (Personal Budgets) Regulations 2014 reg 4",
        easy=(
            "You can ask for money for some of the help.",
            "You can choose how some of it is spent.",
        ),
    ),
    Right(
        key="review",
        title="A review every year",
        what="The plan is checked at least once a year at a meeting. You are invited. The "
        "council then decides to keep, change or stop the plan.",
        when=f"You get at least {_period('review_meeting_notice_by')}' notice of the meeting. "
        f"The council must decide within {_period('review_decision_due')} of it.",
        how="Give your views before the meeting on the review page.",
        help=(SENDIASS,),
        law=_law("review_due", "review_meeting_notice_by", "review_decision_due"),
        easy=(
            "The plan is checked every year.",
            "You are asked to a meeting.",
            "You can say what you think.",
        ),
    ),
    Right(
        key="mediation",
        title="Mediation: optional",
        what="Mediation is a meeting with someone who does not work for the council. They help "
        "you and the council agree. It is free. You do not have to do it.",
        when="If you want to appeal, talk to the mediation adviser first, within "
        f"{_period('mediation_adviser_contact_by')} of the decision letter. If you do not want "
        "mediation, they send you a certificate within "
        f"{_period('mediation_certificate_due')}.",
        how="The decision letter gives the mediation adviser's name and number.",
        help=(SENDIASS, IPSEA),
        law=_law("mediation_adviser_contact_by", "mediation_certificate_due", "mediation_held_by"),
        easy=(
            "Mediation is a meeting to help you agree.",
            "It is free.",
            "You do not have to do it.",
        ),
    ),
    Right(
        key="appeal",
        title="Appeal to the SEND Tribunal",
        what="If you do not agree with a decision, you can ask a judge to look at it. This is "
        "called an appeal. It is free. The Tribunal does not work for the council.",
        when=f"Within {_period('appeal_deadline')} of the decision letter, or "
        f"{_period('appeal_deadline_after_certificate')} after the mediation certificate if that "
        "is later.",
        how="Send the appeal form to the Tribunal with your mediation certificate. You do not "
        "need a certificate if your appeal is only about the school or college named in the "
        "plan.",
        help=(SENDIASS, IPSEA),
        law=_law(
            "appeal_deadline",
            also="Children and Families Act 2014 s51 and s55",
        ),
        easy=(
            "You can ask a judge to check a decision.",
            "It is free.",
            f"You have {_period('appeal_deadline')}.",
        ),
    ),
    Right(
        key="complain",
        title="Complain",
        what="If the council is slow or does not keep you informed, you can complain. If you are "
        "still not happy, you can go to the Ombudsman. The Ombudsman does not work for the "
        "council.",
        when="Complain as soon as you can. The Ombudsman usually looks at a complaint made "
        "within 12 months.",
        how="Use 'How to complain' on this service, or write to the council.",
        help=(SENDIASS,),
        law="Local Government Act 1974 Part 3 (the Local Government and Social Care Ombudsman)",
        easy=(
            "You can complain if things go wrong.",
            "The Ombudsman can look at it too.",
        ),
    ),
)


def right(key: str) -> Right:
    return next(r for r in RIGHTS if r.key == key)
