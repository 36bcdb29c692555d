"""Comparing two versions of a plan section by section (ehcp.plan_compare): added, removed and
changed items, and the words that changed, marked with words and not colour alone."""

from __future__ import annotations

import pytest

from ehcp import selectors
from ehcp.models import Plan
from ehcp.plan_compare import compare
from ehcp.plan_document import plan_sections, with_content
from ehcp.services import plans
from tests.ehcp.factories import TODAY
from tests.ehcp.plan_helpers import add, lock, serve, written_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def sections(plan):
    return plan_sections(with_content(Plan.objects.filter(pk=plan.pk)).get())


def test_added_removed_and_changed_items_are_found_by_section():
    plan, items = written_draft()
    serve(plan)
    case = plan.case
    revised = plans.start_revised_draft(actor=case.caseworker, plan_id=plan.pk)
    therapy = revised.provisions.get(key=items["therapy"].key)
    plans.save_item(
        actor=case.caseworker,
        plan_id=revised.pk,
        expected_lock=lock(revised),
        kind="provision",
        item_id=therapy.pk,
        data={
            "section": "F",
            "description": therapy.description,
            "delivered_by": therapy.delivered_by,
            "expertise": therapy.expertise,
            "group_size": "1:1",
            "frequency": "Twice a week, 39 weeks a year",
            "duration": "45 minutes",
            "needs": [n.pk for n in therapy.needs.all()],
        },
    )
    plans.remove_item(
        actor=case.caseworker,
        plan_id=revised.pk,
        expected_lock=lock(revised),
        kind="need",
        item_id=revised.needs.get(key=items["worry"].key).pk,
    )
    add(revised, "need", section="C", description="Asthma: needs an inhaler at PE.")

    changes = {c.code: c for c in compare(sections(plan), sections(revised))}
    assert [c.status for c in changes["C"].changes] == ["added"]
    assert changes["C"].changes[0].ref_new == "C1"
    assert [c.status for c in changes["B"].changes] == ["removed"]
    assert "Anxious at the start of the school day." in changes["B"].changes[0].old
    assert [c.status for c in changes["F"].changes] == ["changed"]
    assert [c.label for c in changes["F"].changes] == ["Changed"]
    change = changes["F"].changes[0]
    assert (
        '<del class="app-diff__del"><span class="govuk-visually-hidden">removed: </span>Once'
        in (change.old)
    )
    assert '<ins class="app-diff__ins"><span class="govuk-visually-hidden">added: </span>Twice' in (
        change.new
    )
    # Outcome E1 answers only B1, which stays: it is listed as not changed.
    assert not changes["E"].changed and len(changes["E"].unchanged) == 1
    assert not changes["A"].changed


def test_section_i_is_shown_changing_from_blank_in_the_draft_to_the_named_setting():
    plan, _ = written_draft()
    serve(plan)
    from ehcp.services import workflow
    from tests.ehcp.factories import PLACEMENT_TYPE, day

    final = workflow.issue_final_plan(
        actor=plan.case.caseworker,
        case_id=plan.case_id,
        issued_on=day(plan.case, "final_issued"),
        notice_sent_on=day(plan.case, "final_issued"),
        setting_type=PLACEMENT_TYPE,
    )
    changes = {c.code: c for c in compare(sections(plan), sections(final))}
    change = changes["I"].changes[0]
    assert change.status == "changed"
    assert "Mainstream" in change.new and "must not name" in change.old
    assert [c.code for c in changes.values() if c.changed] == ["I"]


def test_text_is_escaped():
    old = [
        {
            "code": "B",
            "title": "B",
            "note": "",
            "groups": [
                {
                    "items": [
                        {"key": "k", "ref": "B1", "heading": "B1", "text": "<b>x</b>", "rows": []}
                    ]
                }
            ],
        }
    ]
    new = [
        {
            "code": "B",
            "title": "B",
            "note": "",
            "groups": [
                {
                    "items": [
                        {"key": "k", "ref": "B1", "heading": "B1", "text": "<b>y</b>", "rows": []}
                    ]
                }
            ],
        }
    ]
    change = compare(old, new)[0].changes[0]
    assert "<b>" not in change.old and "&lt;b&gt;" in change.old
