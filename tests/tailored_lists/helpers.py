"""Helpers for the tailored lists tests: the real settings directory, a pilot area, a child's
case with a written plan."""

from __future__ import annotations

import csv
import io

from ehcp.models import Stage
from partnerships import services as partnership_services
from partnerships.models import PlanVersion
from send_portal.models import Organisation, Role
from tailored_lists import directory
from tailored_lists.models import SettingProfile
from tests.ehcp.factories import ChildFactory, case_at
from tests.ehcp.plan_helpers import serve, written_draft
from tests.factories import person_with_role
from tests.partnerships.factories import make_area, plan_at

#: Real schools from shared/data/schools used by name in the tests.
THRIFTWOOD = "137554"  # Thriftwood School, CM2 8RW, special, ages 5-19, 3.7 km from CM1
GLENWOOD = "115469"  # Glenwood School, SS7 4LW, special, ages 3-19
GROVE_HOUSE = "141945"  # Grove House School, CM15 9DA, special free school, ages 8-19
CITY_GIRLS = "100001"  # City of London School for Girls, EC2Y 8BB


def real_rows(la_codes=("881", "882", "883")) -> tuple[list[str], list[dict]]:
    with directory.SCHOOLS_CSV.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if not la_codes or r["la_code"] in la_codes]
        return list(reader.fieldnames), rows


def csv_text(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def import_real(la_codes=("881", "882", "883")):
    header, rows = real_rows(la_codes)
    return directory.import_directory(io.StringIO(csv_text(header, rows)), file_name="slice.csv")


def setting(urn: str) -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.SETTING, urn=urn)


def set_profile(urn: str, **values) -> SettingProfile:
    profile = SettingProfile.objects.get(setting__urn=urn)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.save()
    return profile


def pilot_area(la_code: str = "881", *, signed_off: bool = True, pilot: bool = True):
    """The council's partnership, a pilot area (or not), with a published signed-off plan."""
    area = make_area(la_code)
    if pilot:
        analyst = person_with_role(Role.DFE_ANALYST)
        partnership_services.set_tailored_list_pilot(
            actor=analyst, partnership_id=area.partnership.pk, is_pilot=True
        )
    if signed_off:
        version = plan_at(area, PlanVersion.Status.SIGNED_OFF)
        partnership_services.publish_plan(actor=area.chair, version_id=version.pk)
    return area


def child_case(*, served: bool = False, postcode: str = "CM1 1AA", primary_need: str = "ASD"):
    """A child in Essex (born May 2016) with a written draft: section B has needs in
    communication and interaction and in SEMH; section F has speech and language therapy."""
    child = ChildFactory(postcode=postcode, primary_need=primary_need)
    case = case_at(Stage.DRAFTING, child=child)
    plan, _ = written_draft(case)
    if served:
        serve(plan)
    case.refresh_from_db()
    return case
