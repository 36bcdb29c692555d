"""What a family can disagree about, and which decision each matter belongs to.

The matters follow the rights of appeal in Children and Families Act 2014 s51(2); health and
social care provision can be mediated (SEND Regulations 2014 reg 32) and, on appeal, only attract
the Tribunal's non-binding recommendations alongside an education matter (statutory.md A.10).
"""

from __future__ import annotations

from django.db import models

from ehcp import deadlines
from ehcp.models import Decision


class Matter(models.TextChoices):
    SECTION_B = "section_b", "Special educational needs (section B)"
    SECTION_F = "section_f", "Special educational provision (section F)"
    SECTION_I = "section_i", "The school or college named, or the type of setting (section I)"
    NO_SETTING_NAMED = "no_setting_named", "That no school or college is named"
    REFUSAL_TO_ASSESS = "refusal_to_assess", "The decision not to carry out an EHC needs assessment"
    REFUSAL_TO_ISSUE = "refusal_to_issue", "The decision not to issue an EHC plan"
    REFUSAL_TO_REASSESS = "refusal_to_reassess", "The refusal to carry out a re-assessment"
    REFUSAL_TO_AMEND = "refusal_to_amend", "The refusal to amend or replace the plan after a review"
    CEASING = "ceasing", "The decision to stop maintaining the plan"
    HEALTH = "health", "Health care provision (sections C and G)"
    SOCIAL_CARE = "social_care", "Social care provision (sections D and H)"


#: The ground of appeal for each education matter (Children and Families Act 2014 s51(2)).
MATTER_GROUNDS: dict[str, str] = {
    Matter.REFUSAL_TO_ASSESS: "s51(2)(a)",
    Matter.REFUSAL_TO_ISSUE: "s51(2)(b)",
    Matter.SECTION_B: "s51(2)(c)(i)",
    Matter.SECTION_F: "s51(2)(c)(ii)",
    Matter.SECTION_I: "s51(2)(c)(iii)",
    Matter.NO_SETTING_NAMED: "s51(2)(c)(iv)",
    Matter.REFUSAL_TO_REASSESS: "s51(2)(d)",
    Matter.REFUSAL_TO_AMEND: "s51(2)(e)",
    Matter.CEASING: "s51(2)(f)",
}

#: What can be mediated or appealed about each kind of appealable decision the portal records.
MATTERS_BY_DECISION: dict[str, frozenset[str]] = {
    Decision.Kind.NOT_ASSESS: frozenset({Matter.REFUSAL_TO_ASSESS}),
    Decision.Kind.NOT_ISSUE: frozenset({Matter.REFUSAL_TO_ISSUE}),
    Decision.Kind.FINAL_PLAN: frozenset(
        {
            Matter.SECTION_B,
            Matter.SECTION_F,
            Matter.SECTION_I,
            Matter.NO_SETTING_NAMED,
            Matter.HEALTH,
            Matter.SOCIAL_CARE,
        }
    ),
}

#: An appeal only about these needs no mediation certificate (CFA 2014 s55; statutory.md A.9).
NO_CERTIFICATE_MATTERS = frozenset({Matter.SECTION_I, Matter.NO_SETTING_NAMED})
NO_CERTIFICATE_BASIS = (
    "Children and Families Act 2014 s55: no mediation certificate is needed for an appeal only "
    "about the school or college named, or the type of setting, in section I (or that none is "
    "named)"
)

#: The Tribunal can only recommend on these, and only alongside an education matter.
RECOMMENDATION_MATTERS = frozenset({Matter.HEALTH, Matter.SOCIAL_CARE})


def matters_for(decision: Decision) -> list[tuple[str, str]]:
    """(value, label) pairs of what can be disagreed about for this decision, in a stable order."""
    allowed = MATTERS_BY_DECISION.get(decision.kind, frozenset(Matter.values))
    return [(value, label) for value, label in Matter.choices if value in allowed]


def lower_first(text: str) -> str:
    """Lower-case only the first letter, for a label in the middle of a sentence (acronyms such
    as "EHC" and "ICB" and references such as "section I" keep their capitals)."""
    if not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def in_sentence(labels) -> str:
    """Labels joined for the middle of a sentence: "special educational needs (section B),
    the school or college named..."."""
    return ", ".join(lower_first(label) for label in labels)


def matter_labels(values) -> list[str]:
    labels = dict(Matter.choices)
    return [labels.get(value, value) for value in values]


ORDER_TYPE_LABELS: dict[str, str] = {
    "assess": "Carry out an EHC needs assessment or re-assessment",
    "make_plan": "Make and maintain an EHC plan",
    "continue_to_maintain": "Appeal against ceasing the plan allowed: continue to maintain it",
    "amend_plan": "Amend the EHC plan (for example sections B or F)",
    "name_setting": "Change only the school or college named in section I",
    "cease_dismissed": "Appeal against ceasing the plan dismissed: the plan stops",
}
#: One choice per order type the deadline module knows (a new type there needs a label here).
ORDER_TYPE_CHOICES = [(key, ORDER_TYPE_LABELS[key]) for key in deadlines.TRIBUNAL_ORDER_TYPES]

#: Which appealed matters each kind of order (or appealable mediation agreement) answers.
ORDER_TYPE_MATTERS: dict[str, frozenset[str]] = {
    "assess": frozenset({Matter.REFUSAL_TO_ASSESS, Matter.REFUSAL_TO_REASSESS}),
    "make_plan": frozenset({Matter.REFUSAL_TO_ISSUE}),
    "continue_to_maintain": frozenset({Matter.CEASING}),
    "amend_plan": frozenset({Matter.SECTION_B, Matter.SECTION_F, Matter.REFUSAL_TO_AMEND}),
    "name_setting": frozenset({Matter.SECTION_I, Matter.NO_SETTING_NAMED}),
    "cease_dismissed": frozenset({Matter.CEASING}),
}

UNOPPOSED_KIND_LABELS: dict[str, str] = {
    "assessment": "About an EHC needs assessment or re-assessment: the council will carry it out",
    "content": (
        "About the needs or provision in the plan (sections B or F, with or without section I), "
        "or a refusal to amend it: the council will amend the plan"
    ),
    "section_i": "About section I only: the council will name the school or college",
    "cease": "About ceasing the plan: the council will continue to maintain it",
}
UNOPPOSED_KIND_CHOICES = [
    (key, UNOPPOSED_KIND_LABELS[key]) for key in deadlines.UNOPPOSED_APPEAL_KINDS
]
#: Which appealed matters each kind of unopposed appeal covers (SEND Regulations 2014 reg 45 as
#: substituted by SI 2015/359): reg 45(3) s51(2)(a), (d); reg 45(4) s51(2)(c)(i), (ii), (e);
#: reg 45(5) s51(2)(c)(iii), (iv); reg 45(6) s51(2)(f).
UNOPPOSED_KIND_MATTERS: dict[str, frozenset[str]] = {
    "assessment": frozenset({Matter.REFUSAL_TO_ASSESS, Matter.REFUSAL_TO_REASSESS}),
    "content": frozenset({Matter.SECTION_B, Matter.SECTION_F, Matter.REFUSAL_TO_AMEND}),
    "section_i": frozenset({Matter.SECTION_I, Matter.NO_SETTING_NAMED}),
    "cease": frozenset({Matter.CEASING}),
}
#: Kinds that apply only when the appeal is about nothing else the Tribunal could order: an
#: appeal about section I and the plan's contents is a reg 45(4) appeal (5 weeks).
UNOPPOSED_ONLY_KINDS = frozenset({"section_i"})
