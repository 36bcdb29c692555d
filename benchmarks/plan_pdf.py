"""How long does a full EHC plan take to render as a PDF, and how much memory does it take?

    .venv/bin/python -m benchmarks.plan_pdf                 # 10 runs of a ~20-page plan
    .venv/bin/python -m benchmarks.plan_pdf --runs 20

Creates a throwaway test database (the Django test runner's ``setup_databases``: in-memory
SQLite by default), drives a case to "writing the draft plan" through the workflow services,
fills every section A to K through the plan services (:func:`fill_plan`, which the PDF test in
tests/ehcp/test_plan_pdf.py uses too), freezes the plan's PDF context as the services do, then
renders it with WeasyPrint ``--runs`` times in this process (after one warm-up) and prints the
median and the spread. Memory is measured in a fresh child process, as a new worker would be: the
time of its first render, its peak resident set size after it (``ru_maxrss``: Django, WeasyPrint
and the render), and the peak of Python allocations during a second render (``tracemalloc``).

Run on demand only: timings depend on the machine, so the test suite never asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

AREAS = ["communication", "cognition", "semh", "sensory_physical"]
NEEDS = {
    "communication": [
        "Finds it hard to understand spoken instructions of more than two key words, especially "
        "in a noisy classroom, and often follows what other children do instead.",
        "Uses short sentences of three to four words; word-finding difficulties mean they often "
        "give up when asked to explain something that happened.",
        "Finds it hard to start and keep up a conversation with other children and can "
        "misread their intentions during unstructured times.",
        "Needs time to process language: answers are more accurate when given ten seconds to "
        "respond and a visual prompt.",
    ],
    "cognition": [
        "Reading is about two years below the expected level; decoding of multi-syllable words "
        "is slow and comprehension breaks down in longer texts.",
        "Working memory is in the low range: finds it hard to hold a sequence of steps in mind "
        "in mathematics and in practical tasks.",
        "Handwriting is slow and effortful, so written work is much shorter than their spoken "
        "ideas.",
        "Needs new vocabulary to be taught explicitly and revisited before it is secure.",
    ],
    "semh": [
        "Becomes anxious at transitions between lessons and at the start of the day; anxiety "
        "shows as refusing to enter the classroom.",
        "Finds it hard to name and manage strong feelings and can leave the room when overwhelmed.",
        "Self-esteem is low in relation to learning: says 'I can't do it' before trying.",
        "Finds unstructured times such as lunchtime hard and has few friendships that last.",
    ],
    "sensory_physical": [
        "Is sensitive to noise: loud and busy spaces such as the hall and the dining room "
        "cause distress.",
        "Fine motor skills are below age-related expectations, affecting cutting, fastening and "
        "using equipment.",
        "Tires quickly during the afternoon and needs movement breaks to stay regulated.",
        "Has difficulty with balance and coordination in PE and on the playground.",
    ],
}
PROVISION = [
    (
        "Speech and language therapy: direct individual sessions on understanding instructions "
        "and narrative skills, with targets shared with class staff",
        "Speech and language therapist",
        "HCPC-registered speech and language therapist",
        "1:1",
        "Once a week, 39 weeks a year",
        "45 minutes",
    ),
    (
        "Language programme set by the speech and language therapist, delivered by a trained "
        "teaching assistant",
        "Teaching assistant",
        "Trained by the speech and language therapist, with termly review",
        "1:1",
        "3 times a week",
        "20 minutes",
    ),
    (
        "Structured synthetic phonics and reading intervention, with progress measured every six "
        "weeks",
        "Specialist teacher",
        "Qualified teacher with a specialist qualification in specific learning difficulties",
        "Group of no more than 3",
        "4 times a week",
        "30 minutes",
    ),
    (
        "Pre-teaching of key vocabulary for each new topic in mathematics and science",
        "Teaching assistant",
        "Trained in vocabulary teaching by the class teacher",
        "1:1",
        "Twice a week",
        "15 minutes",
    ),
    (
        "Emotional literacy programme (ELSA) to name and manage feelings",
        "Emotional literacy support assistant",
        "ELSA-trained, supervised by an educational psychologist",
        "1:1",
        "Once a week for 12 weeks, then reviewed",
        "30 minutes",
    ),
    (
        "A planned arrival routine with a named adult and a quiet space at the start of each day",
        "Named key adult",
        "Trained in the child's anxiety plan",
        "1:1",
        "Every school day",
        "10 minutes",
    ),
    (
        "Occupational therapy programme for fine motor skills, set by an occupational therapist "
        "and delivered in school",
        "Teaching assistant",
        "Trained by the occupational therapist",
        "1:1",
        "3 times a week",
        "15 minutes",
    ),
    (
        "Supported lunchtime club with structured games to build friendships",
        "Lunchtime supervisor",
        "Trained in the school's social skills approach",
        "Group of up to 6",
        "Every school day",
        "30 minutes",
    ),
]


def _text(n: int, base: str) -> str:
    return f"{base} (item {n})"


def fill_plan(plan, actor, *, scale: int = 1) -> None:
    """Fill every section of a draft being written, through the plan services: ``scale`` 1 is
    about 20 pages of PDF (16 needs in B, 3 in C, 2 in D, 12 outcomes, 16 items in F, 3 in G,
    2 in H1, 2 in H2, 2 personal budgets; section K is the case's advice)."""
    from ehcp.models import Plan
    from ehcp.services import plans
    from send_portal.models import Organisation

    def lock() -> int:
        return Plan.objects.values_list("version_lock", flat=True).get(pk=plan.pk)

    plans.save_views(
        actor=actor,
        plan_id=plan.pk,
        expected_lock=lock(),
        data={
            "child_strengths": "I am good at building with Lego and I know lots about trains. "
            "My teacher says I am kind to younger children.",
            "child_interests": "Trains, drawing maps, swimming on Saturdays with my dad.",
            "child_friends": "Sam and Priya. My grandma, who picks me up on Wednesdays.",
            "child_important": "Knowing what is happening next. Having a quiet place when it "
            "is noisy.",
            "child_communication": "Give me time to answer. Show me pictures. Do not shout.",
            "child_aspirations": "I want to drive trains or design railways.",
            "child_how_captured": "Talked with a teaching assistant at school using picture "
            "cards and photos, over two sessions.",
            "easy_read": True,
            "parent_views": "He has always found busy places hard. Since Year 2 he has refused "
            "to go into school on some mornings. When staff know him well and plan ahead he "
            "does really well. " * 3,
            "parent_aspirations": "To go to secondary school with friends and to have the "
            "confidence to try new things.",
        },
    )
    needs = []
    for round_ in range(scale):
        for area in AREAS:
            for n, text in enumerate(NEEDS[area], start=1):
                needs.append(
                    plans.save_item(
                        actor=actor,
                        plan_id=plan.pk,
                        expected_lock=lock(),
                        kind="need",
                        data={
                            "section": "B",
                            "area": area,
                            "description": _text(round_ * 4 + n, text),
                            "evidence": "Educational psychologist's advice (appendix K1) and "
                            "the school's SEN Support records for the last two terms.",
                        },
                    )
                )
        for section, count, text in (
            ("C", 3, "Has a diagnosis of hypermobility; tires easily and needs rest breaks."),
            ("D", 2, "The family needs short breaks to support the child at home."),
        ):
            for n in range(1, count + 1):
                plans.save_item(
                    actor=actor,
                    plan_id=plan.pk,
                    expected_lock=lock(),
                    kind="need",
                    data={
                        "section": section,
                        "area": "",
                        "description": _text(n, text),
                        "evidence": "Paediatrician's letter"
                        if section == "C"
                        else "Child in need assessment",
                    },
                )
    outcomes = []
    for n in range(1, 12 * scale + 1):
        outcomes.append(
            plans.save_item(
                actor=actor,
                plan_id=plan.pk,
                expected_lock=lock(),
                kind="outcome",
                data={
                    "description": _text(
                        n,
                        "By the end of Key Stage 2 will follow a three-step instruction in "
                        "class without adult help in 4 out of 5 observed lessons",
                    ),
                    "by_when": "July 2028",
                    "preparation_for_adulthood": "independent_living" if n % 5 == 0 else "",
                    "needs": [needs[(n - 1) % len(needs)].pk, needs[n % len(needs)].pk],
                },
            )
        )
    sections = [("F", 16), ("G", 3), ("H1", 2), ("H2", 2)]
    for section, count in sections:
        for n in range(1, count * scale + 1):
            what, who, expertise, group, often, long = PROVISION[(n - 1) % len(PROVISION)]
            plans.save_item(
                actor=actor,
                plan_id=plan.pk,
                expected_lock=lock(),
                kind="provision",
                data={
                    "section": section,
                    "description": _text(n, what),
                    "delivered_by": who,
                    "expertise": expertise,
                    "group_size": group,
                    "frequency": often,
                    "duration": long,
                    "starts_on": date(2026, 9, 1),
                    "review_on": date(2027, 7, 16),
                    "personal_budget": section == "F" and n == 1,
                    "needs": [needs[(n - 1) % len(needs)].pk],
                    "outcomes": [outcomes[(n - 1) % len(outcomes)].pk],
                },
            )
    for n in range(1, 3):
        plans.save_item(
            actor=actor,
            plan_id=plan.pk,
            expected_lock=lock(),
            kind="budget",
            data={
                "description": _text(n, "Speech and language therapy arranged by the family"),
                "annual_amount": "2340.00",
                "direct_payment": True,
                "arrangements": "Paid four-weekly into a direct payment account.",
                "needs": [needs[0].pk],
                "outcomes": [outcomes[0].pk],
            },
        )
    icb = Organisation.objects.filter(kind="icb").first()
    plans.record_health_agreement(
        actor=actor,
        plan_id=plan.pk,
        expected_lock=lock(),
        agreed_by="Designated clinical officer",
        icb=icb,
        agreed_on=plan.case.plan_decided_on or date.today() - timedelta(days=1),
    )


def structured_advice() -> list[dict]:
    """Structured educational psychology advice: needs, outcomes and provision with quantities."""
    return [
        {
            "kind": "need",
            "area": "communication",
            "description": "Difficulty understanding spoken instructions in a busy classroom.",
            "evidence": "Observation in class and the CELF-5 receptive language subtests.",
        },
        {
            "kind": "need",
            "area": "semh",
            "description": "Anxiety at transitions, shown by refusing to enter the classroom.",
            "evidence": "School attendance records and discussion with the family.",
        },
        {
            "kind": "outcome",
            "description": "Will follow a three-step classroom instruction without adult help.",
            "by_when": "End of Year 5",
        },
        {
            "kind": "provision",
            "description": "Individual speech and language therapy on understanding "
            "instructions, with a programme for class staff.",
            "delivered_by": "Speech and language therapist",
            "expertise": "HCPC-registered speech and language therapist",
            "group_size": "1:1",
            "frequency": "Once a week, 39 weeks a year",
            "duration": "45 minutes",
        },
        {
            "kind": "provision",
            "description": "A planned arrival routine with a named adult at the start of each day.",
            "delivered_by": "Named key adult",
            "expertise": "Trained in the child's anxiety plan",
            "group_size": "1:1",
            "frequency": "Every school day",
            "duration": "10 minutes",
        },
    ]


def _setup_plan():
    """A case at "writing the draft plan" with a full draft. Returns the plan."""
    from ehcp.models import AdviceRequest, PanelAgendaItem, RequestSource
    from ehcp.services import plans, workflow
    from send_portal.models import Organisation, Role
    from tests.ehcp.factories import ChildFactory, panel_meeting
    from tests.factories import person_with_role

    essex = Organisation.objects.get(kind="la", la_code="881")
    worker = person_with_role(Role.CASEWORKER, essex)
    ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, essex)
    received = date(2026, 3, 2)
    child = ChildFactory(first_name="Oliver", last_name="Benchmark")
    case = workflow.receive_request(
        actor=worker,
        child=child,
        received_on=received,
        source=RequestSource.FAMILY,
        caseworker=worker,
    )
    workflow.start_considering(actor=worker, case_id=case.pk, notified_on=received)
    workflow.decide_whether_to_assess(
        actor=worker,
        case_id=case.pk,
        assess=True,
        decided_on=received + timedelta(days=30),
        notice_sent_on=received + timedelta(days=30),
    )
    for advice_type in ("ep", "health", "social_care", "educational"):
        advice = workflow.request_advice(
            actor=worker,
            case_id=case.pk,
            advice_type=advice_type,
            requested_on=received + timedelta(days=31),
            adviser=ep if advice_type == "ep" else None,
            adviser_name="" if advice_type == "ep" else f"{advice_type} adviser",
        )
        workflow.record_advice_received(
            actor=ep if advice_type == "ep" else worker,
            advice_id=advice.pk,
            received_on=received + timedelta(days=60),
            summary="Assessment carried out over three visits in school and at home. " * 8,
            items=structured_advice() if advice_type == "ep" else (),
        )
    member = person_with_role(Role.PANEL_MEMBER, essex)
    meeting = panel_meeting(essex, received + timedelta(days=70), member)
    item = workflow.refer_to_panel(
        actor=worker,
        case_id=case.pk,
        meeting_id=meeting.pk,
        summary="All advice received.",
        on=received + timedelta(days=64),
    )
    workflow.record_panel_recommendation(
        actor=member,
        item_id=item.pk,
        recommendation=PanelAgendaItem.Recommendation.ISSUE,
        reasons="Needs beyond SEN Support.",
        on=received + timedelta(days=70),
    )
    workflow.decide_whether_to_issue(
        actor=worker,
        case_id=case.pk,
        issue=True,
        decided_on=received + timedelta(days=71),
        notice_sent_on=received + timedelta(days=71),
    )
    plan = plans.start_draft(actor=worker, case_id=case.pk)
    fill_plan(plan, worker)
    assert AdviceRequest.objects.filter(case=case).count() == 4
    return plan


CHILD_SCRIPT = r"""
import json, resource, sys, time, tracemalloc
import django
django.setup()
from send_portal.pdf import render_pdf
context = json.load(open(sys.argv[1]))
started = time.perf_counter()
render_pdf("pdf/plan.html", context)
cold = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
render_pdf("pdf/plan.html", context)
current, peak = tracemalloc.get_traced_memory()
print(json.dumps({"cold_seconds": cold, "maxrss_kb": rss, "python_peak": peak}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    import io
    import tempfile

    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases
    from pypdf import PdfReader

    from ehcp.models import Plan
    from ehcp.plan_document import document_title, plan_context, with_content
    from send_portal.celery import app
    from send_portal.pdf import render_pdf

    app.conf.task_always_eager = True
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from django.db import transaction

        with transaction.atomic():
            plan = _setup_plan()
            full = with_content(Plan.objects.filter(pk=plan.pk)).get()
            context = plan_context(full)
            context["document_title"] = document_title(full)
            transaction.set_rollback(True)
        pdf = render_pdf("pdf/plan.html", context)  # warm-up (fonts, CSS)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            render_pdf("pdf/plan.html", context)
            times.append(time.perf_counter() - started)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(context, handle)
            path = handle.name
        try:
            child = subprocess.run(
                [sys.executable, "-c", CHILD_SCRIPT, path],
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ},
            )
        finally:
            os.unlink(path)
        memory = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        teardown_databases(old_config, verbosity=0)

    print(f"Plan PDF: {pages} pages, {len(pdf) / 1024:.0f} KiB, {args.runs} runs")
    print(
        f"  render time: median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s"
    )
    print(
        f"  a fresh process (like a new worker): first render {memory['cold_seconds']:.2f} s; "
        f"peak resident set {memory['maxrss_kb'] / 1024:.0f} MiB (Django, WeasyPrint and the "
        f"render); peak Python allocations during a render "
        f"{memory['python_peak'] / 1024 / 1024:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
