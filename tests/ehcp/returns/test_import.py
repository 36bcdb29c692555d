"""Bringing a caseload in from a SEN2 return (ehcp/returns/importer.py)."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest

from dashboards.models import SummaryInvalidation
from dashboards.periods import ReportingYear
from ehcp.models import Case, Child, Placement, Plan
from ehcp.returns import importer
from ehcp.returns.sen2 import build_return
from ehcp.reviews.models import Review
from tests.ehcp.returns.helpers import valid_data

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
YEAR = ReportingYear(2025)


def _empty_the_caseload():
    from ehcp.redress.models import MediationCase, TribunalAppeal

    TribunalAppeal.objects.all().delete()
    MediationCase.objects.all().delete()
    Review.objects.all().delete()
    for case in Case.objects.all():
        case.decisions.all().delete()
        case.plans.all().delete()
    Case.objects.all().delete()
    Child.objects.all().delete()


def _persons(result):
    """Every person, item for item (the portal's own ids and references aside)."""
    return sorted(
        (
            repr(sorted(p.items.items())),
            repr(
                [
                    {k: v for k, v in r.items() if k not in ("case_reference", "case_id")}
                    for r in p.requests
                ]
            ),
        )
        for p in result.persons
    )


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_persons():
    data = valid_data()
    first = build_return(data["essex"], YEAR)
    assert not first.problems
    xml = first.xml(NOW)
    _empty_the_caseload()
    report = importer.import_sen2(actor=None, council=data["essex"], stream=io.BytesIO(xml))
    assert report.refusals == []
    again = build_return(data["essex"], YEAR)
    assert not again.problems
    assert _persons(again) == _persons(first)
    assert again.xml(NOW) == xml


def test_reimporting_the_same_file_changes_nothing():
    data = valid_data()
    xml = build_return(data["essex"], YEAR).xml(NOW)
    _empty_the_caseload()
    importer.import_sen2(actor=None, council=data["essex"], stream=io.BytesIO(xml))
    counts = (Child.objects.count(), Case.objects.count(), Plan.objects.count(),
              Placement.objects.count(), Review.objects.count())  # fmt: skip
    report = importer.import_sen2(actor=None, council=data["essex"], stream=io.BytesIO(xml))
    assert report.created == {} and report.updated == {}
    assert report.unchanged == report.persons
    assert counts == (Child.objects.count(), Case.objects.count(), Plan.objects.count(),
                      Placement.objects.count(), Review.objects.count())  # fmt: skip


def test_a_refused_person_means_nothing_is_written_and_the_refusal_is_reported():
    data = valid_data()
    xml = build_return(data["essex"], YEAR).xml(NOW)
    _empty_the_caseload()
    bad = xml.replace(b"<PostCode>CM1 1AA</PostCode>", b"<PostCode>NOWHERE</PostCode>", 1)
    report = importer.import_sen2(actor=None, council=data["essex"], stream=io.BytesIO(bad))
    assert len(report.refusals) == 1
    refusal = report.refusals[0]
    assert (refusal.module, refusal.item) == ("Person", "PostCode")
    assert refusal.person
    assert Child.objects.count() == 0 and Case.objects.count() == 0


def test_dry_run_writes_nothing():
    data = valid_data()
    xml = build_return(data["essex"], YEAR).xml(NOW)
    _empty_the_caseload()
    report = importer.import_sen2(
        actor=None, council=data["essex"], stream=io.BytesIO(xml), dry_run=True
    )
    assert report.created and not report.refusals
    assert Case.objects.count() == 0


def test_children_are_matched_by_upn_else_by_name_and_date_of_birth():
    data = valid_data()
    xml = build_return(data["essex"], YEAR).xml(NOW)
    children = Child.objects.filter(local_authority=data["essex"]).count()
    # The same children already held: matched, not duplicated.
    report = importer.import_sen2(actor=None, council=data["essex"], stream=io.BytesIO(xml))
    assert report.refusals == []
    assert Child.objects.filter(local_authority=data["essex"]).count() == children
    assert report.created.get("children", 0) == 0


def test_imported_cases_start_their_clock_and_mark_the_dashboards_once():
    data = valid_data()
    xml = build_return(data["essex"], YEAR).xml(NOW)
    _empty_the_caseload()
    SummaryInvalidation.objects.all().delete()
    importer.import_sen2(actor=None, council=data["essex"], stream=io.BytesIO(xml))
    open_case = Case.objects.get(stage="request_received")
    assert open_case.next_due_on is not None  # reg 4(1): 6 weeks from the request received
    due = Review.objects.filter(stage=Review.Stage.DUE)
    assert due.exists() and all(r.next_due_on for r in due)
    assert SummaryInvalidation.objects.filter(local_authority=data["essex"]).count() == 1


def test_another_councils_file_is_refused_whole():
    data = valid_data()
    xml = build_return(data["essex"], YEAR).xml(NOW)
    with pytest.raises(importer.ImportRefused):
        importer.import_sen2(actor=None, council=data["thurrock"], stream=io.BytesIO(xml))


def test_xml_entities_are_refused_not_expanded():
    data = valid_data()
    bomb = b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><Message>&a;</Message>'
    with pytest.raises(importer.ImportRefused):
        importer.import_sen2(actor=None, council=data["essex"], stream=io.BytesIO(bomb))


def test_replacing_a_matched_cases_placements_records_the_importing_manager():
    from ehcp.models import CaseEvent
    from send_portal.models import Role
    from tests.factories import la, person_with_role

    data = valid_data()
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    xml = build_return(data["essex"], YEAR).xml(NOW)
    at = xml.index(b"<EntryDate>") + len(b"<EntryDate>")
    entry = date.fromisoformat(xml[at : at + 10].decode())
    changed = xml[:at] + (entry - timedelta(days=1)).isoformat().encode() + xml[at + 10 :]
    report = importer.import_sen2(actor=manager, council=data["essex"], stream=io.BytesIO(changed))
    assert report.refusals == [] and report.updated.get("requests") == 1
    event = CaseEvent.objects.filter(title__startswith="Updated from the council's SEN2").get()
    assert event.actor == manager and not event.visible_to_family
    assert manager.display_name in event.detail and "placement record" in event.detail
    assert Placement.objects.filter(case=event.case).exclude(created_by=manager).count() == 0


def test_section_i_naming_two_schools_is_refused_with_its_reason():
    data = valid_data()
    xml = build_return(data["essex"], YEAR).xml(NOW)
    start = xml.index(b"<PlanDetail>")
    end = xml.index(b"</PlanDetail>", start) + len(b"</PlanDetail>")
    detail = xml[start:end]
    twice = xml[:end] + detail.replace(b"<PlacementRank>1<", b"<PlacementRank>2<") + xml[end:]
    _empty_the_caseload()
    report = importer.import_sen2(actor=None, council=data["essex"], stream=io.BytesIO(twice))
    (refusal,) = [r for r in report.refusals if r.module == "PlanDetail"]
    assert "names 2 schools or colleges" in refusal.reason and "reg 12(1)(i)" in refusal.reason
    assert Case.objects.count() == 0
