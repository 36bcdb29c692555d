"""A small valid SEN2 caseload: the dashboards' hand-built data with what the return needs."""

from __future__ import annotations

from datetime import date

from ehcp.models import Case, Child, Placement
from ehcp.returns.validation import UPN_LETTERS, upn_check_letter
from send_portal.models import Organisation
from tests.dashboards import handbuilt


def valid_upn(n: int) -> str:
    body = f"A881{n:08d}0"
    letter = upn_check_letter(body)
    assert letter in UPN_LETTERS
    return letter + body[1:]


def make_valid(data: dict) -> dict:
    """Fill in what the return needs for every Essex child of ``handbuilt.build()``."""
    essex = data["essex"]
    for n, child in enumerate(Child.objects.filter(local_authority=essex).order_by("pk"), 1):
        child.postcode = "CM1 1AA"
        child.upn = valid_upn(n)
        child.disability = "no"
        if child.sex == "U":
            child.sex = "F"
        child.save()
    for case in Case.objects.filter(local_authority=essex, final_issued_on__isnull=False):
        plan = case.plans.filter(status__in=["final", "amended"]).order_by("-version").first()
        if plan is not None and not plan.section_i_setting_id:
            plan.section_i_sen_setting = "OTH"
            plan.save()
        if not case.placements.exists():
            setting = plan.section_i_setting if plan else None
            Placement.objects.create(
                case=case,
                setting=setting,
                sen_setting="" if setting else "OTH",
                sen_setting_other="" if setting else "Further education college",
                entry_on=case.final_issued_on,
            )
    return data


def valid_data() -> dict:
    return make_valid(handbuilt.build())


def annex_a_valid_data() -> dict:
    """The valid SEN2 caseload, every placement at a school (Annex A 108a: school-aged children
    have a main education establishment)."""
    data = valid_data()
    school = Organisation.objects.filter(kind=Organisation.Kind.SETTING).exclude(urn="").first()
    Placement.objects.filter(case__local_authority=data["essex"], setting__isnull=True).update(
        setting=school, sen_setting="", sen_setting_other=""
    )
    return data


CENSUS_2025 = date(2025, 1, 16)
