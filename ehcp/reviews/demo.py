"""Demo reviews and a phase transfer cohort for the demo council (Essex, 881). Idempotent.

- A cohort of 40 children with issued plans moving from year 6 to year 7 next September,
  written as rows (a council's back catalogue of plans issued before the portal), with reviews
  in several states and some already done, so the cohort page has something in each state.
  The caseworker adds any other child of the demo moving phase with the cohort page's button
  (``identify_phase_transfers``).
- Reviews driven through the real services, with dates relative to today: one due, one with a
  meeting arranged at the demo SENCo's school, one waiting for the school's report, one
  waiting for the council's decision.

``bulk_transfer_cohort`` is also used by the cohort benchmark and the query-count test.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection, transaction

from dashboards import summaries
from ehcp import selectors as case_selectors
from ehcp.models import Case, Child, Plan, RequestSource, Stage
from send_portal.models import Organisation
from send_portal.synthetic_names import synthetic_name

from . import services
from .models import Outcome, PhaseTransfer, Review

DEMO_PREFIX = "PT"
#: Plans issued this long before today (so the 12-month review is due within a few weeks).
ISSUED_AGO = timedelta(days=330)


def _transfer_year(today: date) -> int:
    return today.year + 1 if today.month >= 3 else today.year


def bulk_transfer_cohort(
    local_authority: Organisation,
    *,
    year: int,
    count: int,
    today: date,
    setting: Organisation | None = None,
    prefix: str = DEMO_PREFIX,
    analyze: bool = True,
) -> list[Case]:
    """``count`` children in year 6 (moving to year 7 in September ``year``) with a final plan,
    written as rows (plans issued before the portal existed), and their phase transfers with a
    review in one of several states. Returns the cases.

    On PostgreSQL the tables written are ANALYZEd afterwards (``analyze``): until then the
    planner may believe them empty and plan the next join over thousands of rows as a nested
    walk of each (a cohort page of 3,000 plans ran past the 120 s statement limit, issue 16)."""
    issued = today - ISSUED_AGO
    first_dob = date(year - 12, 9, 1)
    children = Child.objects.bulk_create(
        [
            Child(
                local_authority=local_authority,
                # Realistic made-up names, the same every time (issue 20: not "Pupil00037").
                first_name=synthetic_name(i, seed=year)[0],
                last_name=synthetic_name(i, seed=year)[1],
                date_of_birth=first_dob + timedelta(days=i % 360),
                current_setting=setting,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    if children and children[0].pk is None:  # databases that do not return keys
        children = list(
            Child.objects.filter(local_authority=local_authority).order_by("-pk")[:count]
        )[::-1]
    cases = Case.objects.bulk_create(
        [
            Case(
                reference=f"EHC-{local_authority.la_code}-{prefix}{year}-{i:05d}",
                child=child,
                local_authority=local_authority,
                stage=Stage.FINAL_ISSUED,
                request_source=RequestSource.FAMILY,
                received_on=issued - timedelta(days=120),
                final_issued_on=issued,
                closed_on=issued,
            )
            for i, child in enumerate(children)
        ],
        batch_size=1000,
    )
    if cases and cases[0].pk is None:
        refs = [c.reference for c in cases]
        cases = list(Case.objects.filter(reference__in=refs).order_by("pk"))
    plans = Plan.objects.bulk_create(
        [
            Plan(
                case=case,
                version=1,
                status=Plan.Status.FINAL,
                served_on=issued,
                issued_on=issued,
                section_i_setting=setting,
                section_i_type="Mainstream primary school",
            )
            for case in cases
        ],
        batch_size=1000,
    )
    if plans and plans[0].pk is None:
        plans = list(Plan.objects.filter(case__in=cases).order_by("case_id"))
    deadline = date(year, 2, 15)
    transfers = PhaseTransfer.objects.bulk_create(
        [
            PhaseTransfer(
                case=case,
                transfer=PhaseTransfer.Transfer.SCHOOL,
                from_phase="Primary (year 6)",
                to_phase="Secondary (year 7)",
                transfer_year=year,
                deadline_on=deadline,
                # Every seventh already has its amended plan naming the secondary school.
                named_on=today - timedelta(days=5) if i % 7 == 3 else None,
                next_setting_type="Mainstream secondary school" if i % 7 == 3 else "",
            )
            for i, case in enumerate(cases)
        ],
        batch_size=1000,
    )
    if transfers and transfers[0].pk is None:
        transfers = list(PhaseTransfer.objects.filter(case__in=cases).order_by("case_id"))
    stages = [
        None,
        Review.Stage.DUE,
        Review.Stage.ARRANGED,
        Review.Stage.HELD,
        Review.Stage.REPORTED,
    ]
    reviews = []
    for i, (case, plan, transfer) in enumerate(zip(cases, plans, transfers, strict=True)):
        stage = stages[i % len(stages)]
        if stage is None:
            continue
        meeting = today - timedelta(days=10) if i % 2 else today + timedelta(days=21)
        reviews.append(
            Review(
                case=case,
                plan=plan,
                kind=Review.Kind.PHASE_TRANSFER,
                stage=stage,
                phase_transfer=transfer,
                due_on=deadline,
                due_key="phase_transfer_school",
                due_basis="SEND Regulations 2014 reg 18(1)(b)",
                setting=setting,
                meeting_on=None if stage == Review.Stage.DUE else meeting,
                next_due_on=deadline,
                next_due_key="phase_transfer_school",
            )
        )
    Review.objects.bulk_create(reviews, batch_size=1000)
    # Written past the model signals: the council's dashboard figures are marked stale once.
    summaries.mark(councils=[local_authority.pk])
    if analyze and connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (Child, Case, Plan, PhaseTransfer, Review)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return cases


def _drive_review(worker, senco, case: Case, stage: str, now: date) -> None:
    """A review of ``case`` taken to ``stage`` through the services, dated relative to today."""
    review = services.schedule_review(actor=worker, case_id=case.pk)
    if stage == Review.Stage.DUE:
        return
    held = stage != Review.Stage.ARRANGED
    meeting = now - timedelta(days=9) if held else now + timedelta(days=18)
    services.arrange_meeting(
        actor=senco,
        review_id=review.pk,
        meeting_on=meeting,
        invitations_sent_on=min(now, meeting - timedelta(days=21)),
        place="School meeting room",
    )
    if not held:
        return
    services.record_advice_circulated(
        actor=senco, review_id=review.pk, circulated_on=meeting - timedelta(days=15)
    )
    services.record_meeting_held(actor=senco, review_id=review.pk, held_on=meeting)
    if stage == Review.Stage.HELD:
        return
    services.submit_report(
        actor=senco,
        review_id=review.pk,
        sent_on=meeting + timedelta(days=5),
        progress="Good progress with communication; reading is still well behind.",
        recommendation=Outcome.AMEND,
        changes="Add daily small-group reading support to section F.",
    )


def build(ctx) -> None:
    essex = ctx.las["881"]
    worker = ctx.people["caseworker"]
    senco = ctx.people["senco"]
    school = ctx.orgs["senco_school"]
    now = case_selectors.today()
    year = _transfer_year(now)
    with transaction.atomic():
        if not Case.objects.filter(reference__contains=f"-{DEMO_PREFIX}{year}-").exists():
            cases = bulk_transfer_cohort(essex, year=year, count=40, today=now, setting=school)
            # Four of them: reviews driven through the services, in four states.
            for case, stage in zip(
                cases[-4:],
                [Review.Stage.DUE, Review.Stage.ARRANGED, Review.Stage.HELD, Review.Stage.REPORTED],
                strict=True,
            ):
                Review.objects.filter(case=case).delete()
                _drive_review(worker, senco, case, stage, now)
        # Oliver Green's plan: its first annual review is scheduled.
        oliver = Case.objects.filter(
            local_authority=essex,
            child__first_name="Oliver",
            child__last_name="Green",
            stage=Stage.FINAL_ISSUED,
        ).first()
        if oliver is not None and not oliver.reviews.exists():
            services.schedule_review(actor=worker, case_id=oliver.pk)
