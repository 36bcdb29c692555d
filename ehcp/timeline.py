"""What a case page shows about time: each statutory date with its basis and status, what
happens next, and which steps the person can take now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from send_portal import permissions
from send_portal.text import in_sentence

from . import deadlines
from .models import Case, Decision, Stage


@dataclass
class DeadlineRow:
    deadline: deadlines.Deadline
    met_on: date | None
    status: str  # met, met_late, overdue, due_today, due_soon, on_track, not_applicable
    exception: str = ""

    @property
    def status_label(self) -> str:
        return {
            "met": "Done in time",
            "met_late": "Done late",
            "overdue": "Overdue",
            "due_today": "Due today",
            "due_soon": "Due soon",
            "on_track": "Not yet due",
            "not_applicable": "Does not apply",
        }[self.status]


def _row(deadline, met_on, today, *, applies=True, exception="") -> DeadlineRow:
    if not applies:
        return DeadlineRow(deadline, None, "not_applicable", exception)
    if met_on is not None:
        return DeadlineRow(
            deadline, met_on, "met" if met_on <= deadline.due else "met_late", exception
        )
    return DeadlineRow(
        deadline, None, deadlines.overdue_status(due=deadline.due, today=today).value, exception
    )


def case_deadlines(case: Case, *, today: date) -> list[DeadlineRow]:
    """The statutory timetable of a case with what happened against each date. Exceptions are
    shown beside the date they relate to; they never move it."""
    t0 = case.received_on
    exceptions = {}
    for exc in case.exceptions.all():
        exceptions.setdefault(exc.applies_to, []).append(
            f"{exc.get_reason_display()} ({exc.basis})"
        )
    decisions = {d.kind: d for d in case.decisions.all()}

    def sent(kind):
        decision = decisions.get(kind)
        return decision.notice_sent_on if decision else None

    assess_sent = sent(Decision.Kind.ASSESS) or sent(Decision.Kind.NOT_ASSESS)
    closed_early = case.stage in (Stage.NOT_ASSESSED, Stage.WITHDRAWN)
    rows = [
        _row(
            deadlines.decision_to_assess(received=t0),
            assess_sent,
            today,
            applies=case.stage != Stage.WITHDRAWN or assess_sent is not None,
            exception="; ".join(exceptions.get("decision_to_assess", [])),
        ),
        _row(
            deadlines.draft_plan_target(received=t0),
            case.draft_served_on,
            today,
            applies=not closed_early and case.stage != Stage.NOT_ISSUED,
        ),
        _row(
            deadlines.no_plan_notice(received=t0),
            sent(Decision.Kind.NOT_ISSUE),
            today,
            applies=not closed_early and Decision.Kind.ISSUE not in decisions,
            exception="; ".join(exceptions.get("no_plan_notice", [])),
        ),
        _row(
            deadlines.final_plan(received=t0),
            case.final_issued_on,
            today,
            applies=not closed_early and case.stage != Stage.NOT_ISSUED,
            exception="; ".join(exceptions.get("final_plan", [])),
        ),
    ]
    if case.draft_served_on:
        # The family's window: counted down while it is open, never "overdue" once it closes.
        window = case.representations_window
        rows.append(
            _row(
                window,
                None,
                today,
                applies=case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING)
                and today <= window.due,
            )
        )
    for decision in decisions.values():
        if decision.is_appealable and decision.notice_sent_on and decision.appeal_deadline:
            # The stored deadline: it moves later when a mediation certificate is issued
            # (recomputed by ehcp.redress with deadlines.appeal_deadline).
            appeal = deadlines.Deadline(
                key="appeal_deadline",
                due=decision.appeal_deadline,
                label=f"{deadlines.RULES['appeal_deadline'].label} "
                f"({in_sentence(decision.get_kind_display())})",
                basis=decision.appeal_deadline_basis,
            )
            rows.append(
                DeadlineRow(appeal, None, "on_track" if today <= appeal.due else "not_applicable")
            )
    rows.sort(key=lambda r: r.deadline.due)
    return rows


@dataclass
class Action:
    text: str
    href: str
    primary: bool = False


def stage_actions(case: Case, user) -> list[Action]:
    """The workflow steps this person can take on the case now: the next statutory steps for
    its stage, then what can be done on any case."""
    if not permissions.can(user, "ehcp.run_workflow", case):
        return []

    def url(name, *args):
        return reverse(name, args=[case.reference, *args])

    return [*_statutory_steps(case, url), *_case_steps(case, user, url)]


def _statutory_steps(case: Case, url) -> list[Action]:
    stage = case.stage
    if stage == Stage.REQUEST_RECEIVED:
        return [
            Action(
                "Tell people the council is considering an assessment", url("case-consider"), True
            )
        ]
    if stage == Stage.CONSIDERING:
        return [
            Action("Decide whether to assess", url("case-decide-assessment"), True),
            Action("Ask the multi-agency panel whether to assess", url("case-refer-panel")),
        ]
    if stage == Stage.ASSESSING:
        return [
            Action("Ask for advice", url("case-advice-new"), True),
            Action("Use advice the family already has", url("case-advice-reuse")),
            Action("Refer to the multi-agency panel", url("case-refer-panel")),
        ]
    if stage == Stage.PANEL:
        return [Action("Decide whether to issue a plan", url("case-decide-plan"), True)]
    if stage == Stage.DRAFTING:
        return _drafting_steps(case, url)
    if stage in (Stage.DRAFT_SERVED, Stage.CONSULTING):
        return _consultation_steps(case, url)
    if stage == Stage.FINAL_ISSUED:
        return [
            Action("See the plan, compare versions or propose amendments", url("plan-versions"))
        ]
    return []


def _drafting_steps(case: Case, url) -> list[Action]:
    draft = case.plans.filter(status="draft", served_on=None).order_by("-version").first()
    if draft is None:
        write = Action("Write the draft plan", url("plan-versions"), True)
    else:
        write = Action(
            f"Continue writing the draft plan (version {draft.version})",
            url("plan-version", draft.version),
            True,
        )
    return [write, Action("Send the draft plan", url("case-serve-draft"))]


def _consultation_steps(case: Case, url) -> list[Action]:
    from .services.revisions import revised_draft_to_serve

    actions = []
    revised = revised_draft_to_serve(case)
    if revised is not None:
        actions.append(
            Action(
                f"Send the revised draft plan (version {revised.version})",
                url("case-serve-revised-draft"),
            )
        )
    return [
        *actions,
        Action("Issue the final plan", url("case-issue-final"), True),
        Action("See the plan, revise the draft or compare versions", url("plan-versions")),
        Action("Record the family's views", url("case-representations")),
        Action("Record a school or college the family asked for", url("case-setting-new")),
    ]


def _case_steps(case: Case, user, url) -> list[Action]:
    actions: list[Action] = []
    if case.is_open:
        if case.caseworker_id is None or permissions.can(user, "ehcp.allocate_caseworker", case):
            actions.append(Action("Allocate a caseworker", url("case-allocate")))
        actions.append(Action("Record an exception to a time limit", url("case-exception-new")))
        actions.append(Action("Record that the request was withdrawn", url("case-withdraw")))
    elif case.stage == Stage.FINAL_ISSUED:
        from .services.revisions import running_time_limits_after_the_plan

        if running_time_limits_after_the_plan(case):
            actions.append(
                Action(
                    "Record an exception to a time limit (a re-assessment or a Tribunal order)",
                    url("case-exception-new"),
                )
            )
    if permissions.can(user, "ehcp.correct_request_date", case):
        actions.append(
            Action("Correct the date the request was received", url("case-correct-request-date"))
        )
    actions.append(Action("Messages with the family", url("case-messages")))
    actions.append(Action("Add a task", url("case-task-new")))
    actions.append(Action("Add a note", url("case-note-new")))
    return actions
