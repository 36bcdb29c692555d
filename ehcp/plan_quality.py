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
from collections.abc import Iterator
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
    """Every finding for one version (prefetch with ``plan_document.with_content``), section by
    section in the plan's order."""
    from .selectors import today

    on = on or plan.served_on or plan.issued_on or today()
    content = _Content(
        plan=plan,
        refs=References.of(plan),
        needs=list(plan.needs.all()),
        outcomes=list(plan.outcomes.all()),
        provisions=list(plan.provisions.all()),
    )
    return [
        *_section_a(content),
        *_section_b(content),
        *_section_e(content),
        *_provision(content),
        *_section_g(content),
        *_section_i(content),
        *_section_j(content),
        *_preparing_for_adulthood(content, on),
        *_section_k(content),
    ]


@dataclass(frozen=True)
class _Content:
    """What the checks read of one version, loaded once."""

    plan: Plan
    refs: References
    needs: list
    outcomes: list
    provisions: list

    @property
    def f_provisions(self) -> list:
        return [p for p in self.provisions if p.section == Section.F]


def _finding(
    rule: str,
    section: str,
    message: str,
    *,
    item: str = "",
    blocking: bool = False,
    phrase: str = "",
) -> Finding:
    return Finding(rule, section, item, message, blocking, phrase)


def _section_a(content: _Content) -> Iterator[Finding]:
    """The child's own voice (Improvement Plan: plans co-produced with the child)."""
    from .plan_document import views_of

    views = views_of(content.plan)
    if views is None or not views.has_child_voice:
        yield _finding(
            "child_voice_missing",
            Section.A,
            "Nothing is in the child's or young person's own words. Ask them, in the way they "
            "communicate best.",
        )
    if views is None or not views.has_parent_voice:
        yield _finding("parent_views_missing", Section.A, "There are no views from the parents.")


def _section_b(content: _Content) -> Iterator[Finding]:
    """Needs, each discrete and evidenced, each met by provision in F."""
    b_needs = [n for n in content.needs if n.section == Section.B]
    if not b_needs:
        yield _finding("no_needs", Section.B, "No special educational needs are recorded yet.")
    met = {need.pk for p in content.f_provisions for need in p.needs.all()}
    for need in b_needs:
        ref = content.refs("need", need)
        if need.pk not in met:
            yield _finding(
                "need_without_provision",
                Section.B,
                f"{ref} has no provision in section F. Every need in section B must be met by "
                "provision in section F.",
                item=ref,
            )
        if not need.evidence.strip():
            yield _finding(
                "need_without_evidence",
                Section.B,
                f"{ref} does not say what evidence it comes from.",
                item=ref,
            )
        if not need.area:
            yield _finding(
                "need_without_area",
                Section.B,
                f"{ref} is not in one of the four broad areas of need.",
                item=ref,
            )


def _section_e(content: _Content) -> Iterator[Finding]:
    """Outcomes, SMART, each linked to a need."""
    if not content.outcomes:
        yield _finding("no_outcomes", Section.E, "No outcomes are recorded yet.")
    for outcome in content.outcomes:
        ref = content.refs("outcome", outcome)
        if not outcome.needs.all():
            yield _finding(
                "outcome_without_need",
                Section.E,
                f"{ref} is not linked to a need. Link each outcome to the needs it answers.",
                item=ref,
            )
        if not outcome.by_when.strip():
            yield _finding(
                "outcome_without_date",
                Section.E,
                f"{ref} does not say by when. Outcomes should be specific and time-bound.",
                item=ref,
            )


def _provision(content: _Content) -> Iterator[Finding]:
    """Sections F, G, H: specific and quantified, with no vague words; F also says who delivers
    it, how often and for how long, and which need it meets."""
    if not content.f_provisions:
        yield _finding(
            "no_provision", Section.F, "No special educational provision is recorded yet."
        )
    for provision in content.provisions:
        ref = content.refs("provision", provision)
        for phrase in vague_phrases(_provision_text(provision)):
            yield _finding(
                "vague_provision",
                provision.section,
                f'{ref} says "{phrase}". Say exactly what will be provided, how much and how '
                "often, so that it can be enforced.",
                item=ref,
                phrase=phrase,
            )
        if provision.section == Section.F:
            yield from _special_educational_provision(provision, ref)


def _special_educational_provision(provision: PlanProvision, ref: str) -> Iterator[Finding]:
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
        yield _finding(
            "provision_not_quantified",
            Section.F,
            f"{ref} does not say {_join(missing)}.",
            item=ref,
        )
    if not provision.needs.all():
        yield _finding(
            "provision_without_need",
            Section.F,
            f"{ref} is not linked to a need in section B.",
            item=ref,
        )


def _section_g(content: _Content) -> Iterator[Finding]:
    """Agreed by the integrated care board (reg 12(2)): blocks finalising."""
    if any(p.section == Section.G for p in content.provisions) and not (
        content.plan.section_g_agreed
    ):
        yield _finding(
            "health_provision_not_agreed",
            Section.G,
            "The health provision in section G has not been agreed by the integrated care board. "
            "It must be agreed before the plan is finalised (SEND Regulations 2014 reg 12(2)).",
            blocking=True,
        )


def _section_i(content: _Content) -> Iterator[Finding]:
    """Blank in a draft (s38(5)): blocks. In a plan that is not a draft: a directory setting or
    a type, never free text (s39(4)-(5), s40(2)). That blocks sending proposed amendments and
    issuing the amended plan; on an issued plan (written before the rule) it tells the
    caseworker to amend it."""
    plan = content.plan
    if plan.status == Plan.Status.DRAFT and (plan.section_i_setting_id or plan.section_i_type):
        yield _finding(
            "section_i_in_draft",
            Section.I,
            "A draft plan must not name a school, college or type of setting in section I "
            "(Children and Families Act 2014 s38(5)).",
            blocking=True,
        )
    problem = section_i.plan_problem(plan)
    if problem:
        if plan.status != Plan.Status.PROPOSED:
            problem += " Propose amendments to put it right."
        yield _finding(
            "section_i_not_in_directory",
            Section.I,
            problem,
            blocking=plan.status == Plan.Status.PROPOSED,
        )


def _section_j(content: _Content) -> Iterator[Finding]:
    """Provision flagged as a personal budget needs a section J entry; a direct payment says
    which needs and outcomes it meets."""
    budgets = list(content.plan.personal_budgets.all())
    flagged = [content.refs("provision", p) for p in content.provisions if p.personal_budget]
    if flagged and not budgets:
        yield _finding(
            "personal_budget_missing",
            Section.J,
            f"{_join(flagged, 'and')} {'is' if len(flagged) == 1 else 'are'} secured through a "
            "personal budget, but section J is empty.",
        )
    for budget in budgets:
        ref = content.refs("budget", budget)
        if budget.direct_payment and not (budget.needs.all() or budget.outcomes.all()):
            yield _finding(
                "direct_payment_without_needs",
                Section.J,
                f"{ref} is a direct payment: say which needs and outcomes it is to meet "
                "(SEND Regulations 2014 reg 12(1)(j)).",
                item=ref,
            )


def _preparing_for_adulthood(content: _Content, on: date) -> Iterator[Finding]:
    """Preparing for adulthood from Year 9 (reg 12(3))."""
    child = content.plan.case.child
    if school_year(child.date_of_birth, on) >= 9 and not any(
        o.preparation_for_adulthood for o in content.outcomes
    ):
        yield _finding(
            "preparation_for_adulthood_missing",
            Section.E,
            f"{child.known_as} is in Year 9 or above: the plan must include provision to "
            "prepare for adulthood and independent living (SEND Regulations 2014 reg 12(3)). "
            "No outcome is marked as preparing for adulthood.",
        )


def _section_k(content: _Content) -> Iterator[Finding]:
    """The advice gathered, as appendices."""
    case = content.plan.case
    advice = getattr(case, "advice_in", None)
    if advice is None:
        advice = [a for a in case.advice_requests.all() if a.is_in]
    if not advice:
        yield _finding("no_advice", Section.K, "No advice is listed as an appendix.")


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


def _join(parts: list[str], word: str = "or") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]
