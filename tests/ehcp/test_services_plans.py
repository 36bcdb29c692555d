"""Writing the plan (ehcp.services.plans): drafts and their sections, versions that never change
once sent, the final plan copied from the latest draft, the ICB's agreement to section G (SEND
Regulations 2014 reg 12(2)), structured advice pulled into the draft, optimistic locking, and
amendments (reg 22)."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp import selectors
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import (
    AdviceItem,
    AdviceRequest,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    Section,
    Stage,
)
from ehcp.plan_document import SECTION_I_BLANK, plan_sections, with_content
from ehcp.services import participation, plans, workflow
from ehcp.services.plans import StaleEdit
from send_portal.models import GeneratedDocument, Notification, Organisation, Role
from tests.ehcp.factories import (
    PLACEMENT_TYPE,
    TODAY,
    ChildFactory,
    case_at,
    day,
    parent_of,
)
from tests.ehcp.plan_helpers import add, lock, serve, written_draft
from tests.factories import SettingFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _full(plan: Plan) -> Plan:
    return with_content(Plan.objects.filter(pk=plan.pk)).get()


def _section(plan: Plan, code: str) -> dict:
    return next(s for s in plan_sections(_full(plan)) if s["code"] == code)


def _texts(plan: Plan, code: str) -> list[str]:
    return [i["text"] for g in _section(plan, code)["groups"] for i in g["items"]]


def _issue(case, on=None, **kwargs):
    on = on or day(case, "final_issued")
    return workflow.issue_final_plan(
        actor=case.caseworker,
        case_id=case.pk,
        issued_on=on,
        notice_sent_on=on,
        setting_type=kwargs.pop("setting_type", PLACEMENT_TYPE),
    )


# ---- drafts ---------------------------------------------------------------------------------


def test_a_draft_starts_with_the_familys_latest_views_in_section_a():
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.DRAFTING, child=child)
    participation.contribute_views(
        actor=parent,
        case_id=case.pk,
        made_on=date(2026, 5, 13),
        data={"child_interests": "Trains and swimming.", "parent_views": "He loves routine."},
    )
    plan = plans.start_draft(actor=case.caseworker, case_id=case.pk)
    assert (plan.version, plan.status, plan.served_on) == (1, Plan.Status.DRAFT, None)
    assert plan.views.child_interests == "Trains and swimming."
    assert plan.views.parent_views == "He loves routine."
    assert plan.views.source_contribution == case.views_contributions.get()
    assert case.events.get(kind=CaseEvent.Kind.DRAFT_STARTED).visible_to_family is False


def test_a_draft_is_started_only_while_writing_the_draft_plan_and_only_once():
    with pytest.raises(InvalidTransition, match="Assessing"):
        case = case_at(Stage.ASSESSING)
        plans.start_draft(actor=case.caseworker, case_id=case.pk)
    plan, _ = written_draft()
    with pytest.raises(InvalidTransition, match="already being written \\(version 1\\)"):
        plans.start_draft(actor=plan.case.caseworker, case_id=plan.case_id)


def test_serving_sends_the_draft_being_written_and_queues_its_watermarked_pdf():
    plan, items = written_draft()
    served = serve(plan)
    case = served.case
    assert case.plans.count() == 1
    assert served.served_on == day(case, "draft_served")
    document = served.document
    assert document.template_name == "pdf/plan.html"
    assert document.owner_type == "ehcp.case" and document.owner_id == str(case.pk)
    assert document.context["watermark"] == "DRAFT"
    assert document.title == f"Draft EHC plan for {case.child.full_name}, version 1"
    sections = {s["code"]: s for s in document.context["sections"]}
    assert list(sections) == ["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]
    assert sections["I"]["groups"][0]["items"][0]["text"] == SECTION_I_BLANK
    assert items["therapy"].description in str(sections["F"])


def test_a_case_drafted_outside_the_portal_still_gets_a_draft_version_when_served():
    case = case_at(Stage.DRAFT_SERVED)
    draft = case.plans.get()
    assert (draft.version, draft.status, draft.served_on) == (1, "draft", day(case, "draft_served"))
    assert draft.document is not None


# ---- versions never change once sent ----------------------------------------------------------


def test_a_sent_draft_cannot_change():
    plan, items = written_draft()
    serve(plan)
    with pytest.raises(InvalidTransition, match="was sent to the family on 25 May 2026"):
        add(plan, "need", section="B", area="cognition", description="Reading.")
    with pytest.raises(InvalidTransition, match="Start a revised draft"):
        plans.remove_item(
            actor=plan.case.caseworker,
            plan_id=plan.pk,
            expected_lock=lock(plan),
            kind="need",
            item_id=items["worry"].pk,
        )


def test_a_revised_draft_is_a_new_version_and_the_sent_draft_stays_as_it_was():
    plan, items = written_draft()
    serve(plan)
    before = plan_sections(_full(plan))
    revised = plans.start_revised_draft(actor=plan.case.caseworker, plan_id=plan.pk)
    assert (revised.version, revised.status, revised.previous, revised.served_on) == (
        2,
        Plan.Status.DRAFT,
        plan,
        None,
    )
    need = revised.needs.get(key=items["worry"].key)
    add(
        revised,
        "provision",
        section="F",
        description="A named adult meets him at the gate every morning for 10 minutes.",
        delivered_by="Key adult",
        expertise="Trained in his anxiety plan",
        frequency="Every school day",
        duration="10 minutes",
        needs=[need.pk],
    )
    assert plan_sections(_full(plan)) == before
    assert len(_texts(revised, "F")) == 2 and len(_texts(plan, "F")) == 1
    with pytest.raises(InvalidTransition, match="latest draft"):
        plans.start_revised_draft(actor=plan.case.caseworker, plan_id=plan.pk)


def test_a_new_version_copies_every_item_with_its_key_and_the_links_between_them():
    plan, items = written_draft()
    case = plan.case
    add(
        plan,
        "budget",
        description="Therapy arranged by the family",
        direct_payment=True,
        annual_amount="1200",
        needs=[items["talking"].pk],
        outcomes=[items["outcome"].pk],
    )
    add(plan, "provision", section="G", description="Paediatric review every 6 months.")
    icb = Organisation.objects.create(kind=Organisation.Kind.ICB, name="Mid and South Essex ICB")
    plans.record_health_agreement(
        actor=case.caseworker,
        plan_id=plan.pk,
        expected_lock=lock(plan),
        agreed_by="Dr Shah, designated clinical officer",
        icb=icb,
        agreed_on=date(2026, 5, 20),
    )
    serve(plan)
    copy = plans.start_revised_draft(actor=case.caseworker, plan_id=plan.pk)
    for model in (PlanNeed, PlanOutcome, PlanProvision):
        old = dict(model.objects.filter(plan=plan).values_list("key", "description"))
        new = dict(model.objects.filter(plan=copy).values_list("key", "description"))
        assert old == new
    outcome = copy.outcomes.get()
    assert [n.key for n in outcome.needs.all()] == [items["talking"].key]
    assert outcome.needs.get().plan == copy
    therapy = copy.provisions.get(key=items["therapy"].key)
    assert [n.plan_id for n in therapy.needs.all()] == [copy.pk]
    assert [o.key for o in therapy.outcomes.all()] == [items["outcome"].key]
    budget = copy.personal_budgets.get()
    assert budget.direct_payment and budget.annual_amount == 1200
    assert budget.needs.get().plan == copy
    assert copy.views.child_strengths == "I am good at drawing."
    assert (copy.section_g_agreed_by, copy.section_g_agreed_icb, copy.section_g_agreed_on) == (
        "Dr Shah, designated clinical officer",
        icb,
        date(2026, 5, 20),
    )

    def keys_and_text(version):
        return [
            [(i["key"], i["ref"], i["text"], i["rows"]) for g in s["groups"] for i in g["items"]]
            for s in plan_sections(_full(version))
        ]

    assert keys_and_text(copy) == keys_and_text(plan)


def test_a_second_writer_from_an_out_of_date_page_is_told_and_nothing_is_saved():
    plan, items = written_draft()
    opened = lock(plan)
    add(plan, "need", section="C", description="Epilepsy, controlled by medication.")
    with pytest.raises(StaleEdit, match="Someone else changed this plan"):
        plans.save_item(
            actor=plan.case.caseworker,
            plan_id=plan.pk,
            expected_lock=opened,
            kind="need",
            item_id=items["worry"].pk,
            data={"section": "B", "area": "semh", "description": "Overwritten"},
        )
    items["worry"].refresh_from_db()
    assert items["worry"].description == "Anxious at the start of the school day."


def test_each_item_is_checked_and_the_field_at_fault_is_named():
    plan, items = written_draft()
    cases = [
        ("need", {"section": "B", "description": "Reading"}, "area", "Select the area of need"),
        ("need", {"section": "B", "area": "semh"}, "description", "Describe the need"),
        ("need", {"section": "F", "description": "x"}, "section", "Select section B, C or D"),
        (
            "provision",
            {"description": "OT", "starts_on": date(2026, 9, 1), "review_on": date(2026, 8, 1)},
            "review_on",
            "The review date must be on or after the start date",
        ),
        (
            "outcome",
            {"description": "x", "needs": [999999]},
            "needs",
            "Choose needs from this version of the plan",
        ),
        ("budget", {"description": "x", "annual_amount": "lots"}, "annual_amount", "pounds"),
    ]
    for kind, data, field, message in cases:
        with pytest.raises(DomainError, match=message) as error:
            add(plan, kind, **data)
        assert error.value.field == field


# ---- the final plan ---------------------------------------------------------------------------


def test_the_final_plan_is_copied_from_the_latest_draft_with_section_i_and_its_own_pdf():
    plan, items = written_draft()
    serve(plan)
    case = plan.case
    revised = plans.start_revised_draft(actor=case.caseworker, plan_id=plan.pk)
    add(revised, "need", section="C", description="Asthma: needs an inhaler at PE.")
    final = _issue(case)
    assert (final.version, final.status, final.previous) == (3, Plan.Status.FINAL, revised)
    assert final.section_i_type == PLACEMENT_TYPE
    assert _texts(final, "C") == ["Asthma: needs an inhaler at PE."]
    assert _texts(final, "I") == [PLACEMENT_TYPE]
    assert _texts(plan, "I") == [SECTION_I_BLANK]
    assert final.document.context["watermark"] == ""
    assert final.document.title.startswith("Final EHC plan for")
    assert case.plans.count() == 3


def test_the_named_setting_is_sent_the_final_plan_reg_14_and_sees_it_from_issue():
    plan, _ = written_draft()
    serve(plan)
    case = plan.case
    school = SettingFactory(local_authority=case.local_authority)
    senco = person_with_role(Role.SENCO, school)
    other_senco = person_with_role(Role.SENCO, SettingFactory(local_authority=case.local_authority))
    on = day(case, "final_issued")
    request = workflow.request_setting(
        actor=case.caseworker, case_id=case.pk, requested_on=on, setting=school
    )
    workflow.consult_setting(actor=case.caseworker, setting_request_id=request.pk, consulted_on=on)
    workflow.decide_placement(
        actor=case.caseworker, setting_request_id=request.pk, name_it=True, decided_on=on
    )
    Notification.objects.filter(recipient=senco).delete()  # the consultation's own message
    assert not selectors.cases_visible_to(senco).filter(pk=case.pk).exists()
    final = _issue(case, setting_type="")
    assert final.section_i_setting == school
    assert selectors.cases_visible_to(senco).filter(pk=case.pk).exists()
    assert not selectors.cases_visible_to(other_senco).filter(pk=case.pk).exists()
    (told,) = Notification.objects.filter(recipient=senco)
    assert school.name in told.subject
    assert "s43" in told.what_to_do and "reg 14" in told.legal_basis
    assert not Notification.objects.filter(recipient=other_senco).exists()


def test_health_provision_must_be_agreed_by_the_icb_before_the_final_plan_reg_12_2():
    plan, _ = written_draft()
    health = add(plan, "provision", section="G", description="Annual paediatric review.")
    serve(plan)
    case = plan.case
    with pytest.raises(InvalidTransition, match=r"reg 12\(2\)"):
        _issue(case)
    assert case.plans.count() == 1
    revised = plans.start_revised_draft(actor=case.caseworker, plan_id=plan.pk)
    plans.record_health_agreement(
        actor=case.caseworker,
        plan_id=revised.pk,
        expected_lock=lock(revised),
        agreed_by="Designated clinical officer",
        icb=None,
        agreed_on=date(2026, 6, 1),
    )
    # Changing section G after the agreement clears it: the ICB agreed to other words.
    copied = revised.provisions.get(key=health.key)
    plans.save_item(
        actor=case.caseworker,
        plan_id=revised.pk,
        expected_lock=lock(revised),
        kind="provision",
        item_id=copied.pk,
        data={"section": "G", "description": "Paediatric review every 6 months."},
    )
    revised.refresh_from_db()
    assert not revised.section_g_agreed
    with pytest.raises(InvalidTransition, match="has not been agreed by the integrated care"):
        _issue(case)
    plans.record_health_agreement(
        actor=case.caseworker,
        plan_id=revised.pk,
        expected_lock=lock(revised),
        agreed_by="Designated clinical officer",
        icb=None,
        agreed_on=date(2026, 6, 1),
    )
    final = _issue(case)
    assert final.section_g_agreed
    assert "Agreed by Designated clinical officer on 1 June 2026" in _section(final, "G")["note"]


def test_the_icb_agreement_needs_health_provision_to_agree():
    plan, _ = written_draft()
    with pytest.raises(InvalidTransition, match="no health provision"):
        plans.record_health_agreement(
            actor=plan.case.caseworker,
            plan_id=plan.pk,
            expected_lock=lock(plan),
            agreed_by="DCO",
            icb=None,
            agreed_on=date(2026, 6, 1),
        )


# ---- structured advice ------------------------------------------------------------------------


def _advice_with_items(case):
    advice = case.advice_requests.get()
    for data in [
        {"kind": "need", "area": "communication", "description": "Needs visual prompts."},
        {"kind": "outcome", "description": "Will ask for help.", "by_when": "Year 6"},
        {
            "kind": "provision",
            "description": "Visual timetable taught daily.",
            "delivered_by": "Teaching assistant",
            "frequency": "Daily",
            "duration": "10 minutes",
        },
    ]:
        AdviceItem.objects.create(advice=advice, **data)
    return advice


def test_advice_items_are_pulled_into_sections_b_e_and_f_linked_to_their_advice():
    plan, _ = written_draft()
    advice = _advice_with_items(plan.case)
    need_item, outcome_item, provision_item = advice.items.order_by("kind", "pk")
    pulled = {}
    for item in (need_item, outcome_item, provision_item):
        pulled[item.kind] = plans.pull_advice_item(
            actor=plan.case.caseworker,
            plan_id=plan.pk,
            expected_lock=lock(plan),
            advice_item_id=item.pk,
        )
    need, outcome, provision = pulled["need"], pulled["outcome"], pulled["provision"]
    assert (need.section, need.area, need.source_advice, need.source_item) == (
        "B",
        "communication",
        advice,
        need_item,
    )
    assert outcome.by_when == "Year 6" and list(outcome.needs.all()) == [need]
    assert (provision.section, provision.frequency, provision.duration) == (
        "F",
        "Daily",
        "10 minutes",
    )
    assert list(provision.needs.all()) == [need] and list(provision.outcomes.all()) == [outcome]
    assert _section(plan, "B")["groups"][0]["items"][-1]["source"].startswith(
        "From Psychological advice"
    )
    with pytest.raises(InvalidTransition, match="already in this version"):
        plans.pull_advice_item(
            actor=plan.case.caseworker,
            plan_id=plan.pk,
            expected_lock=lock(plan),
            advice_item_id=need_item.pk,
        )


def test_only_received_advice_of_the_same_case_can_be_pulled():
    plan, _ = written_draft()
    other = case_at(Stage.DRAFTING)
    foreign = _advice_with_items(other).items.first()
    pending = AdviceRequest.objects.create(
        case=plan.case,
        advice_type="health",
        adviser_name="Community paediatrics",
        requested_on=date(2026, 5, 1),
        due_on=date(2026, 6, 12),
    )
    waiting = AdviceItem.objects.create(advice=pending, kind="need", description="x")
    for item in (foreign, waiting):
        with pytest.raises(DomainError, match="not part of this case's received advice"):
            plans.pull_advice_item(
                actor=plan.case.caseworker,
                plan_id=plan.pk,
                expected_lock=lock(plan),
                advice_item_id=item.pk,
            )


def test_structured_advice_sent_with_the_advice_tells_the_caseworker_with_its_lateness():
    case = case_at(Stage.ASSESSING)
    adviser = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, case.local_authority)
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type="ep",
        requested_on=date(2026, 4, 7),
        adviser=adviser,
    )
    workflow.record_advice_received(
        actor=adviser,
        advice_id=advice.pk,
        received_on=date(2026, 5, 22),
        summary="Seen in school twice.",
        items=[
            {"kind": "need", "area": "cognition", "description": "Slow reading."},
            {"kind": "provision", "description": "Reading programme", "frequency": "Daily"},
        ],
    )
    assert advice.items.count() == 2
    told = Notification.objects.get(recipient=case.caseworker, dedupe_key__contains="received")
    assert told.subject.endswith(" - late")
    assert "3 days after it was due on 19 May 2026" in told.what_happened
    assert "It has 2 structured items" in told.what_happened


# ---- amendments (SEND Regulations 2014 reg 22) --------------------------------------------------


def test_amendments_are_proposed_sent_commented_on_and_issued_as_new_versions(monkeypatch):
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.FINAL_ISSUED, child=child)
    final = case.plans.get(status=Plan.Status.FINAL)
    proposed = plans.propose_amendments(actor=case.caseworker, case_id=case.pk)
    assert (proposed.version, proposed.status, proposed.section_i_type) == (
        3,
        Plan.Status.PROPOSED,
        final.section_i_type,
    )
    add(proposed, "need", section="B", area="cognition", description="Dyslexia diagnosed.")
    with pytest.raises(InvalidTransition, match="already being proposed"):
        plans.propose_amendments(actor=case.caseworker, case_id=case.pk)
    sent_on = date(2026, 9, 1)
    plans.send_amendment_proposal(actor=case.caseworker, plan_id=proposed.pk, sent_on=sent_on)
    proposed.refresh_from_db()
    assert proposed.document.context["watermark"] == "PROPOSED"
    told = Notification.objects.filter(recipient=parent).latest("pk")
    assert told.subject == f"Proposed changes to {child.known_as}'s EHC plan"
    assert told.due_date == date(2026, 9, 15)
    assert told.legal_basis.startswith("SEND Regulations 2014 reg 22(2)(c)")

    monkeypatch.setattr(selectors, "today", lambda: date(2026, 9, 10))
    participation.comment_on_plan(
        actor=parent,
        plan_id=proposed.pk,
        section="B",
        text="Add his dyslexia report.",
        made_on=date(2026, 9, 10),
    )
    with pytest.raises(InvalidTransition, match="until 15 September 2026"):
        plans.issue_amended_plan(
            actor=case.caseworker,
            plan_id=proposed.pk,
            issued_on=date(2026, 9, 10),
            notice_sent_on=date(2026, 9, 10),
        )
    monkeypatch.setattr(selectors, "today", lambda: date(2026, 9, 20))
    amended = plans.issue_amended_plan(
        actor=case.caseworker,
        plan_id=proposed.pk,
        issued_on=date(2026, 9, 20),
        notice_sent_on=date(2026, 9, 20),
    )
    assert (amended.version, amended.status, amended.issued_on) == (
        4,
        Plan.Status.AMENDED,
        date(2026, 9, 20),
    )
    assert "Dyslexia diagnosed." in _texts(amended, "B")
    assert "Dyslexia diagnosed." not in _texts(final, "B")
    event = case.events.get(kind=CaseEvent.Kind.AMENDED_ISSUED)
    assert event.legal_basis.startswith("SEND Regulations 2014 reg 22(3)")
    told = Notification.objects.filter(recipient=parent).latest("pk")
    assert told.subject == f"Amended EHC plan for {child.known_as} issued"
    assert told.due_date == date(2026, 11, 20)  # two months after the notice
    assert GeneratedDocument.objects.filter(pk=amended.document_id).exists()
    assert list(case.plans.values_list("version", "status")) == [
        (1, "draft"),
        (2, "final"),
        (3, "proposed"),
        (4, "amended"),
    ]


def test_section_labels_name_every_section_of_reg_12():
    assert [s.value for s in Section] == [
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
        "G",
        "H1",
        "H2",
        "I",
        "J",
        "K",
    ]
