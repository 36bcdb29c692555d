"""Section I of an EHC plan: the school or other institution, or the type of one.

A final plan names a school or other institution, or a type of school or other institution
(Children and Families Act 2014 s39(4)-(5) and s40(2); SEND Regulations 2014 reg 12(1)(i); SEND
Code of Practice 9.79: "the name and type of the school, maintained nursery school, post-16
institution or other institution to be attended ... and the type of that institution or, where
the name of a school or other institution is not specified in the EHC plan, the type of school
or other institution to be attended"). In the portal the named institution is always a setting
in the settings directory (``send_portal.directory``); when none is named, the type is one of
:data:`TYPES`, never free text, so that the plan is not defective and the school is told.

Plans issued before this rule may hold free text: :func:`problem` says so (the plan page shows it
and amending the plan is refused until it is put right); nothing is changed silently.
"""

from __future__ import annotations

#: The types of school or other institution section I may name when no institution is named.
TYPES = (
    "Mainstream early years setting",
    "Mainstream school",
    "Mainstream primary school",
    "Mainstream secondary school",
    "Mainstream school with resourced provision or an SEN unit",
    "Maintained or academy special school",
    "Non-maintained special school",
    "Independent special school (section 41 approved)",
    "Alternative provision or pupil referral unit",
    "Further education or sixth form college",
    "Specialist post-16 institution",
    "Education otherwise than in a school or post-16 institution (Children and Families "
    "Act 2014 s61)",
)
CHOICES = [(t, t) for t in TYPES]

BASIS = "Children and Families Act 2014 s39(4)-(5) and s40(2); SEND Code of Practice 9.79"


def problem(*, setting_id, setting_type: str) -> str:
    """Why section I as given cannot be issued, or "" when it can: a setting from the directory,
    or (with no setting) one of the types of school or institution."""
    if setting_id:
        return ""
    text = (setting_type or "").strip()
    if not text:
        return (
            "Section I must name a school or college from the settings directory, or a type "
            f"of setting ({BASIS})."
        )
    if text not in TYPES:
        return (
            f"Section I says \u201c{text}\u201d, which is not a school or college in the settings "
            "directory or a type of setting: choose the school or college from the directory, "
            f"or the type of setting ({BASIS})."
        )
    return ""


def plan_problem(plan) -> str:
    """:func:`problem` for a plan version that is not a draft (a draft's section I is blank)."""
    if plan.status == "draft":
        return ""
    return problem(setting_id=plan.section_i_setting_id, setting_type=plan.section_i_type)
