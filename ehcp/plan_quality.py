"""Quality checks that help a caseworker write a good plan (statutory.md section B).

``check(plan)`` returns findings. Most are warnings that guide the writer; a finding blocks
issuing the plan only when the law requires it:

- section I must be blank in a draft (Children and Families Act 2014 s38(5); also a database
  constraint);
- health provision in section G must be agreed by the responsible commissioning body before the
  plan is finalised (SEND Regulations 2014 reg 12(2));
- the final plan must name the school or college, or the type (reg 12(1)(i): checked when the
  final plan is issued, by ``issue_final_plan``); a plan that is not a draft names a setting from
  the settings directory or one of ``section_i.TYPES``, never free text (a proposal with free
  text cannot be issued).

Preparing-for-adulthood content from Year 9 (reg 12(3)) is required by law but whether it is
there is a judgement (provision can prepare for adulthood without being flagged), so a missing
flag is a warning asking the writer to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import section_i
from .models import Plan, PlanProvision, Section
from .plan_document import References

#: Words that make provision unenforceable unless it is quantified (IPSEA; Devon SENDIASS;
#: SEND Code of Practice 9.69 "detailed and specific and should normally be quantified").
VAGUE_PHRASES = (
    "access to",
    "up to",
    "as required",
    "as needed",
    "as appropriate",
    "where appropriate",
    "regular",
    "regularly",
    "opportunities for",
    "opportunity to",
    "would benefit",
    "may benefit",
)
_VAGUE = re.compile(r"\b(" + "|".join(re.escape(p) for p in VAGUE_PHRASES) + r")\b", re.I)


@dataclass(frozen=True)
class Finding:
    rule: str
    section: str  # "A" to "K"
    item: str  # the item's reference ("F2"), or "" for the whole section
    message: str
    blocking: bool = False
    phrase: str = ""

    @property
    def section_label(self) -> str:
        return Section(self.section).label


def school_year(date_of_birth: date, on: date) -> int:
    """The National Curriculum year group on ``on`` (Reception is 0): a child's year is their
    age on 31 August before the school year starts, minus 4."""
    start = on.year if on.month >= 9 else on.year - 1
    aug31 = date(start, 8, 31)
    age = (
        aug31.year
        - date_of_birth.year
        - ((aug31.month, aug31.day) < (date_of_birth.month, date_of_birth.day))
    )
    return age - 4


def vague_phrases(text: str) -> list[str]:
    """The vague phrases in ``text``, as written, in order, each once."""
    seen: list[str] = []
    for match in _VAGUE.finditer(text or ""):
        phrase = match.group(0)
        if phrase.lower() not in (p.lower() for p in seen):
            seen.append(phrase)
    return seen


def _provision_text(provision: PlanProvision) -> str:
    return " ".join(
        [
            provision.description,
            provision.frequency,
            provision.duration,
            provision.group_size,
            provision.delivered_by,
        ]
    )


def check(plan: Plan, *, on: date | None = None) -> list[Finding]:
    """Every finding for one version (prefetch with ``plan_document.with_content``)."""
    from .selectors import today

    on = on or plan.served_on or plan.issued_on or today()
    refs = References.of(plan)
    needs = list(plan.needs.all())
    outcomes = list(plan.outcomes.all())
    provisions = list(plan.provisions.all())
    findings: list[Finding] = []

    def add(rule, section, message, *, item="", blocking=False, phrase=""):
        findings.append(Finding(rule, section, item, message, blocking, phrase))

    # Section A: the child's own voice (Improvement Plan: plans co-produced with the child).
    from .plan_document import views_of

    views = views_of(plan)
    if views is None or not views.has_child_voice:
        add(
            "child_voice_missing",
            Section.A,
            "Nothing is in the child's or young person's own words. Ask them, in the way they "
            "communicate best.",
        )
    if views is None or not views.has_parent_voice:
        add("parent_views_missing", Section.A, "There are no views from the parents.")

    # Section B: needs, each discrete and evidenced, each met by provision in F.
    b_needs = [n for n in needs if n.section == Section.B]
    if not b_needs:
        add("no_needs", Section.B, "No special educational needs are recorded yet.")
    f_provisions = [p for p in provisions if p.section == Section.F]
    met = {need.pk for p in f_provisions for need in p.needs.all()}
    for need in b_needs:
        ref = refs("need", need)
        if need.pk not in met:
            add(
                "need_without_provision",
                Section.B,
                f"{ref} has no provision in section F. Every need in section B must be met by "
                "provision in section F.",
                item=ref,
            )
        if not need.evidence.strip():
            add(
                "need_without_evidence",
                Section.B,
                f"{ref} does not say what evidence it comes from.",
                item=ref,
            )
        if not need.area:
            add(
                "need_without_area",
                Section.B,
                f"{ref} is not in one of the four broad areas of need.",
                item=ref,
            )

    # Section E: outcomes, SMART, each linked to a need.
    if not outcomes:
        add("no_outcomes", Section.E, "No outcomes are recorded yet.")
    for outcome in outcomes:
        ref = refs("outcome", outcome)
        if not outcome.needs.all():
            add(
                "outcome_without_need",
                Section.E,
                f"{ref} is not linked to a need. Link each outcome to the needs it answers.",
                item=ref,
            )
        if not outcome.by_when.strip():
            add(
                "outcome_without_date",
                Section.E,
                f"{ref} does not say by when. Outcomes should be specific and time-bound.",
                item=ref,
            )

    # Sections F, G, H: specific and quantified, with no vague words.
    if not f_provisions:
        add("no_provision", Section.F, "No special educational provision is recorded yet.")
    for provision in provisions:
        ref = refs("provision", provision)
        for phrase in vague_phrases(_provision_text(provision)):
            add(
                "vague_provision",
                provision.section,
                f'{ref} says "{phrase}". Say exactly what will be provided, how much and how '
                "often, so that it can be enforced.",
                item=ref,
                phrase=phrase,
            )
        if provision.section == Section.F:
            missing = [
                label
                for label, value in [
                    ("who delivers it", provision.delivered_by),
                    ("their expertise", provision.expertise),
                    ("how often", provision.frequency),
                    ("how long each time", provision.duration),
                ]
                if not value.strip()
            ]
            if missing:
                add(
                    "provision_not_quantified",
                    Section.F,
                    f"{ref} does not say {_join(missing)}.",
                    item=ref,
                )
            if not provision.needs.all():
                add(
                    "provision_without_need",
                    Section.F,
                    f"{ref} is not linked to a need in section B.",
                    item=ref,
                )

    # Section G: agreed by the integrated care board (reg 12(2)) - blocks finalising.
    if any(p.section == Section.G for p in provisions) and not plan.section_g_agreed:
        add(
            "health_provision_not_agreed",
            Section.G,
            "The health provision in section G has not been agreed by the integrated care board. "
            "It must be agreed before the plan is finalised (SEND Regulations 2014 reg 12(2)).",
            blocking=True,
        )

    # Section I: blank in a draft (s38(5)) - blocks.
    if plan.status == Plan.Status.DRAFT and (plan.section_i_setting_id or plan.section_i_type):
        add(
            "section_i_in_draft",
            Section.I,
            "A draft plan must not name a school, college or type of setting in section I "
            "(Children and Families Act 2014 s38(5)).",
            blocking=True,
        )

    # Section I of a plan that is not a draft: a directory setting or a type, never free text
    # (s39(4)-(5), s40(2)). Blocks sending proposed amendments and issuing the amended plan; on
    # an issued plan (written before the rule) it tells the caseworker to amend it.
    problem = section_i.plan_problem(plan)
    if problem:
        if plan.status != Plan.Status.PROPOSED:
            problem += " Propose amendments to put it right."
        add(
            "section_i_not_in_directory",
            Section.I,
            problem,
            blocking=plan.status == Plan.Status.PROPOSED,
        )

    # Section J: provision flagged as a personal budget needs a section J entry.
    budgets = list(plan.personal_budgets.all())
    flagged = [refs("provision", p) for p in provisions if p.personal_budget]
    if flagged and not budgets:
        add(
            "personal_budget_missing",
            Section.J,
            f"{_join(flagged, 'and')} {'is' if len(flagged) == 1 else 'are'} secured through a "
            "personal budget, but section J is empty.",
        )
    for budget in budgets:
        ref = refs("budget", budget)
        if budget.direct_payment and not (budget.needs.all() or budget.outcomes.all()):
            add(
                "direct_payment_without_needs",
                Section.J,
                f"{ref} is a direct payment: say which needs and outcomes it is to meet "
                "(SEND Regulations 2014 reg 12(1)(j)).",
                item=ref,
            )

    # Preparing for adulthood from Year 9 (reg 12(3)).
    child = plan.case.child
    if school_year(child.date_of_birth, on) >= 9 and not any(
        o.preparation_for_adulthood for o in outcomes
    ):
        add(
            "preparation_for_adulthood_missing",
            Section.E,
            f"{child.known_as} is in Year 9 or above: the plan must include provision to "
            "prepare for adulthood and independent living (SEND Regulations 2014 reg 12(3)). "
            "No outcome is marked as preparing for adulthood.",
        )

    # Section K: the advice gathered, as appendices.
    advice = getattr(plan.case, "advice_in", None)
    if advice is None:
        advice = [a for a in plan.case.advice_requests.all() if a.is_in]
    if not advice:
        add("no_advice", Section.K, "No advice is listed as an appendix.")
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


def _join(parts: list[str], word: str = "or") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]
