"""Erasing a child's record: nothing personal left anywhere, statistics unchanged, only the
right people (or the retention sweep, for a record past its date) can do it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models

from dashboards import aggregates
from dashboards.periods import ReportingYear
from ehcp.models import Case, Child, Decision, EvidenceUpload, Plan, Section, Stage
from ehcp.redress.models import Matter
from ehcp.redress.services import appeals, complaints
from ehcp.services import participation, plans, workflow
from ehcp.uploads.services import upload_evidence
from send_portal import audit, erasure
from send_portal.erasure import REGISTRY, SYSTEM, ErasureRefused, erase_child
from send_portal.models import AuditEvent, GeneratedDocument, Notification, Role, User
from send_portal.security.access_log import export_access_log
from tests.ehcp.factories import ChildFactory, case_at, day, manager, parent_of
from tests.ehcp.plan_helpers import lock, written_draft
from tests.factories import SettingFactory, UserFactory, person_with_role
from tests.send_portal.upload_samples import pdf_bytes, upload

pytestmark = pytest.mark.django_db

FIRST, LAST, KNOWN_AS = "Zebedee", "Quillfeather", "Zebbo"
DOB = date(2016, 5, 17)
UPN, NHS, ULN = "A123456789012", "9434765919", "9876543210"
PARENT_FIRST, PARENT_LAST = "Philomena", "Thistlewaite"
#: What must not be found anywhere after the erasure.
IDENTIFIERS = [
    FIRST,
    LAST,
    KNOWN_AS,
    UPN,
    NHS,
    ULN,
    PARENT_FIRST,
    PARENT_LAST,
    "Marmalade Lane",
    "ZZ9 9ZZ",
    "2016-05-17",
    "17 May 2016",
    "17/05/2016",
    "EH881/26/98765",
]
#: After 31 years from DOB the plan rule applies.
AFTER_RETENTION = date(2048, 1, 1)


@pytest.fixture(autouse=True)
def _ledger(settings, tmp_path):
    settings.ERASURE_LEDGER_PATH = str(tmp_path / "erasure-ledger.jsonl")


def distinctive_child(**kwargs) -> Child:
    return ChildFactory(
        first_name=FIRST,
        last_name=LAST,
        preferred_name=KNOWN_AS,
        date_of_birth=DOB,
        upn=UPN,
        nhs_number=NHS,
        uln=ULN,
        address="17 Marmalade Lane, Quillington",
        postcode="ZZ9 9ZZ",
        primary_need="ASD",
        sex="M",
        **kwargs,
    )


def rich_history() -> tuple[Case, User, User]:
    """A child with a final plan and a history made through the real services: the request,
    advice, panel, a written draft, the family's views and comments, messages, notes, a served
    draft, a consulted and named school, the final plan and its PDF, notifications and staff
    reads in the access log."""
    child = distinctive_child()
    case = case_at(Stage.DRAFTING, child=child)
    worker = case.caseworker
    parent = parent_of(
        child,
        UserFactory(
            first_name=PARENT_FIRST,
            last_name=PARENT_LAST,
            email="philomena.thistlewaite@example.org",
        ),
    )
    plan, _ = written_draft(case)
    plans.save_views(
        actor=worker,
        plan_id=plan.pk,
        expected_lock=lock(plan),
        data={
            "child_strengths": f"{KNOWN_AS} ({FIRST} {LAST}) is good at drawing.",
            "parent_views": f"{PARENT_FIRST} says {FIRST} likes a plan for the day.",
        },
    )
    workflow.add_note(actor=worker, case_id=case.pk, text=f"Spoke to {PARENT_FIRST} about {FIRST}.")
    participation.send_message(
        actor=parent, case_id=case.pk, text=f"{FIRST} {LAST} starts school in September."
    )
    participation.send_message(
        actor=worker, case_id=case.pk, text=f"Thank you {PARENT_FIRST}, noted for {KNOWN_AS}."
    )
    evidence = upload_evidence(
        actor=parent,
        case=case,
        file=upload(f"{FIRST}-{LAST}-speech-report.pdf", pdf_bytes(f"Report on {FIRST} {LAST}")),
        kind="report",
        description=f"Speech therapy report on {FIRST}",
    )
    workflow.serve_draft_plan(actor=worker, case_id=case.pk, served_on=day(case, "draft_served"))
    draft = Plan.objects.filter(case=case).order_by("-version").first()
    participation.comment_on_plan(
        actor=parent,
        plan_id=draft.pk,
        section=Section.F,
        text=f"{FIRST} needs speech therapy twice a week, UPN {UPN}.",
        made_on=day(case, "draft_served") + timedelta(days=2),
    )
    setting = SettingFactory(local_authority=case.local_authority, setting_type="Community School")
    request = workflow.request_setting(
        actor=worker, case_id=case.pk, requested_on=day(case, "setting_requested"), setting=setting
    )
    workflow.consult_setting(
        actor=worker, setting_request_id=request.pk, consulted_on=day(case, "consulted")
    )
    workflow.record_setting_response(
        actor=worker,
        setting_request_id=request.pk,
        response="can_meet",
        responded_on=day(case, "setting_responded"),
    )
    workflow.decide_placement(
        actor=worker,
        setting_request_id=request.pk,
        name_it=True,
        decided_on=day(case, "placement_decided"),
    )
    workflow.issue_final_plan(
        actor=worker,
        case_id=case.pk,
        issued_on=day(case, "final_issued"),
        notice_sent_on=day(case, "final_issued"),
    )
    final = Plan.objects.filter(case=case).order_by("-version").first()
    issued = day(case, "final_issued")
    appeals.register_appeal(
        actor=worker,
        decision_id=case.decisions.get(kind=Decision.Kind.FINAL_PLAN).pk,
        registered_on=issued + timedelta(days=20),
        matters=[Matter.SECTION_I],
        tribunal_reference="EH881/26/98765",
    )
    complaints.record_complaint(
        actor=worker,
        local_authority=case.local_authority,
        received_on=issued + timedelta(days=21),
        complainant_name=f"{PARENT_FIRST} {PARENT_LAST}",
        category="delay",
        summary=f"{FIRST}'s therapy has not started.",
        responsible="council",
        case=case,
    )
    plans.request_plan_pdf(final, actor=worker)
    audit.record_view(
        actor=worker, obj=case, child_id=child.pk, summary=f"Viewed the case of {FIRST} {LAST}"
    )
    export_access_log(actor=manager(), child=child)
    case.refresh_from_db()
    case.evidence_file = evidence.file.name
    return case, worker, parent


def text_columns():
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if not f.is_relation and isinstance(
                f, models.CharField | models.TextField | models.JSONField
            ):
                yield model, f


def hits(strings) -> list[str]:
    found = []
    for model, f in text_columns():
        for s in strings:
            if model._default_manager.filter(**{f"{f.name}__icontains": s}).exists():
                found.append(f"{model._meta.label}.{f.name} contains {s!r}")
    return found


def related_to_child(model, seen=None) -> bool:
    """Whether ``model`` has a foreign key path (of forward relations) to Child or Case."""
    seen = seen or set()
    if model in (Child, Case):
        return True
    if model in seen:
        return False
    seen = seen | {model}
    return any(
        f.is_relation and f.concrete and f.related_model and related_to_child(f.related_model, seen)
        for f in model._meta.get_fields()
    )


# ---- the registry -------------------------------------------------------------------------------


def test_every_model_related_to_a_child_or_case_says_how_it_is_erased():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if related_to_child(model)
        and model._meta.label not in REGISTRY
        and model._meta.label not in erasure.DELEGATED
    ]
    assert missing == [], (
        "Declare in send_portal.erasure.REGISTRY how these are erased (keep, scrub or delete): "
        f"{missing}"
    )


def test_every_model_the_registered_rows_point_to_is_declared():
    undeclared = set()
    for label in REGISTRY:
        for f in apps.get_model(label)._meta.concrete_fields:
            if f.is_relation and not related_to_child(f.related_model):
                target = f.related_model._meta.label
                if target not in erasure.REFERENCED:
                    undeclared.add(f"{label}.{f.name} -> {target}")
    assert undeclared == set()


def test_every_delegated_model_has_its_erasing_function_and_path():
    for label, delegated in erasure.DELEGATED.items():
        assert callable(delegated.function()), label
        apps.get_model(label)._default_manager.filter(**{delegated.path: 1}).exists()


def test_the_registry_paths_and_kept_fields_exist():
    for label, treatment in REGISTRY.items():
        model = apps.get_model(label)
        model._default_manager.filter(**{treatment.path: 1}).exists()
        names = {f.name for f in model._meta.concrete_fields}
        assert set(treatment.keep) <= names, label


def test_a_kept_row_keeps_only_codes_and_legal_bases():
    free_text = []
    for label, treatment in REGISTRY.items():
        model = apps.get_model(label)
        for name in treatment.keep:
            f = model._meta.get_field(name)
            if isinstance(f, models.TextField) and not name.endswith("basis"):
                free_text.append(f"{label}.{name}")
    assert free_text == []


# ---- the erasure --------------------------------------------------------------------------------


def test_after_erasure_no_text_or_json_column_of_any_model_holds_the_child_or_family(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        case, worker, parent = rich_history()
    child = case.child
    assert hits([FIRST, PARENT_LAST]), "the history should name the child and the family"
    documents = list(GeneratedDocument.objects.exclude(file=""))
    assert documents, "the final plan's PDF should have been made"
    storage = GeneratedDocument._meta.get_field("file").storage
    files = [d.file.name for d in documents]
    upload_storage = EvidenceUpload._meta.get_field("file").storage
    assert upload_storage.exists(case.evidence_file)

    with django_capture_on_commit_callbacks(execute=True):
        result = erase_child(
            actor=SYSTEM,
            child_id=child.pk,
            reason="Past retention",
            rule_key="ehcp-plan",
            today=AFTER_RETENTION,
        )

    assert hits(IDENTIFIERS) == []
    assert not any(storage.exists(name) for name in files)
    assert not upload_storage.exists(case.evidence_file)
    assert not EvidenceUpload.objects.exists()
    child.refresh_from_db()
    assert child.date_of_birth == date(2016, 5, 1)
    assert (child.upn, child.nhs_number, child.uln, child.address, child.postcode) == ("",) * 5
    assert (child.sex, child.primary_need, child.local_authority_id)[:2] == ("M", "ASD")
    parent = User.objects.get(pk=parent.pk)
    assert not parent.is_active and not parent.has_usable_password()
    worker = User.objects.get(pk=worker.pk)
    assert worker.is_active and worker.first_name not in ("", erasure.ERASED)
    assert result.rows > 20


def figures(year: int):
    computed = aggregates.compute(ReportingYear(year))
    breakdowns = aggregates.compute_breakdowns(ReportingYear(year), list(computed.by_la))
    return {la: dict(c.values) for la, c in computed.by_la.items()}, breakdowns


def test_dashboard_figures_are_the_same_before_and_after_erasure(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        case, _, _ = rich_history()
        refused = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    before = {year: figures(year) for year in (2026, 2027)}
    assert before[2027][0][case.local_authority_id]["issued"] == 1
    assert before[2027][0][case.local_authority_id]["requests_refused"] == 1

    for child_id in (case.child_id, refused.child_id):
        erase_child(
            actor=SYSTEM,
            child_id=child_id,
            reason="Past retention",
            rule_key=erasure_rule(child_id),
            today=date(2050, 1, 1),
        )

    assert {year: figures(year) for year in (2026, 2027)} == before


def erasure_rule(child_id: int) -> str:
    from send_portal import retention

    return retention.child_due(child_id, date(2050, 1, 1)).rule.key


def the_erasure_event(child) -> AuditEvent:
    return erasure.erasure_events().get(object_id=str(child.pk))


def test_the_erasure_is_audited_with_counts_and_no_personal_data():
    case = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    boss = manager()

    result = erase_child(actor=boss, child_id=case.child_id, reason="Parent's erasure request")

    event = the_erasure_event(case.child)
    assert event.actor == boss
    assert event.child_id is None
    assert event.detail["reason"] == "Parent's erasure request"
    assert event.detail["rule"] == "request"
    assert event.detail["counts"]["scrubbed:ehcp.Case"] == 1
    assert event.pk == result.event_id
    assert hits(IDENTIFIERS) == []


def test_names_in_the_reason_are_not_kept_in_the_audit_log():
    case = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    erase_child(
        actor=manager(), child_id=case.child_id, reason=f"{KNOWN_AS} {LAST}'s request ({UPN})"
    )
    assert the_erasure_event(case.child).detail["reason"] == (
        "[name removed]'s request ([name removed])"
    )


def test_the_system_cannot_reapply_an_erasure_that_never_happened():
    case = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    with pytest.raises(ErasureRefused, match="on record"):
        erase_child(actor=SYSTEM, child_id=case.child_id, reason="Restore", rule_key="reapply")


def test_erasing_twice_is_refused():
    case = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    erase_child(actor=manager(), child_id=case.child_id, reason="Request")
    with pytest.raises(ErasureRefused, match="already been erased"):
        erase_child(actor=manager(), child_id=case.child_id, reason="Request")


@pytest.mark.parametrize(
    "who",
    [
        lambda case: case.caseworker,
        lambda case: manager("882"),
        lambda case: person_with_role(Role.SYSTEM_ADMIN),
        lambda case: parent_of(case.child),
    ],
    ids=["caseworker", "other-council-manager", "system-admin", "parent"],
)
def test_only_a_send_manager_of_the_childs_council_may_erase(who):
    case = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    actor = who(case)
    with pytest.raises(PermissionDenied):
        erase_child(actor=actor, child_id=case.child_id, reason="Request")
    assert Child.objects.get(pk=case.child_id).first_name == FIRST
    assert not erasure.erasure_events().exists()


def test_a_record_with_an_open_request_cannot_be_erased():
    case = case_at(Stage.ASSESSING, child=distinctive_child())
    with pytest.raises(ErasureRefused, match="still open"):
        erase_child(actor=manager(), child_id=case.child_id, reason="Request")
    assert Child.objects.get(pk=case.child_id).first_name == FIRST


def test_a_record_with_a_maintained_plan_cannot_be_erased_by_a_manager():
    case = case_at(Stage.FINAL_ISSUED, child=distinctive_child())
    with pytest.raises(ErasureRefused, match="maintains an EHC plan"):
        erase_child(actor=manager(), child_id=case.child_id, reason="Request")


def test_a_reason_is_required():
    case = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    with pytest.raises(ErasureRefused, match="reason"):
        erase_child(actor=manager(), child_id=case.child_id, reason="  ")


def test_the_retention_sweep_may_only_erase_a_record_past_its_date():
    case = case_at(Stage.FINAL_ISSUED, child=distinctive_child())
    with pytest.raises(ErasureRefused, match="past its retention date"):
        erase_child(
            actor=SYSTEM,
            child_id=case.child_id,
            reason="Sweep",
            rule_key="ehcp-plan",
            today=date(2047, 5, 16),
        )
    erase_child(
        actor=SYSTEM,
        child_id=case.child_id,
        reason="Sweep",
        rule_key="ehcp-plan",
        today=date(2047, 5, 17),
    )
    assert the_erasure_event(case.child).actor is None


def test_a_parent_with_another_child_keeps_their_account():
    case = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    parent = parent_of(case.child)
    sibling = ChildFactory(local_authority=case.child.local_authority)
    parent_of(sibling, parent)

    erase_child(actor=manager(), child_id=case.child_id, reason="Request")

    parent.refresh_from_db()
    assert parent.is_active and parent.first_name != erasure.ERASED
    assert not parent.child_relationships.filter(child=case.child).exists()
    assert parent.child_relationships.filter(child=sibling).exists()


def test_the_erasure_is_written_to_the_ledger_and_reapplied_after_a_restore(
    django_capture_on_commit_callbacks,
):
    case = case_at(Stage.NOT_ASSESSED, child=distinctive_child())
    child = Child.objects.get(pk=case.child_id)
    with django_capture_on_commit_callbacks(execute=True):
        erase_child(actor=manager(), child_id=child.pk, reason="Request")
    assert [e["child_id"] for e in erasure.read_ledger()] == [child.pk]
    # A restored backup from before the erasure: the row is back with its personal data and
    # the audit log has no trace of the erasure.
    AuditEvent.objects.filter(detail__has_key=erasure.MARK).delete()
    Child.objects.filter(pk=child.pk).update(first_name=FIRST, last_name=LAST, upn=UPN)
    Notification.objects.create(
        recipient=case.caseworker,
        subject=f"Decision for {KNOWN_AS} {LAST}",
        what_happened="Restored",
        link=f"/cases/{case.reference}/",
    )

    assert erasure.reapply_erasures() == [child.pk]

    assert hits(IDENTIFIERS) == []
    assert erasure.reapply_erasures() == []
