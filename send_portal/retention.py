"""Retention rules, as data: how long each kind of record is kept, and why.

Each rule names the records it covers, the period, and its basis. None of these periods is set by
statute: they are **council policy**, following the guidance cited in ``basis``, and a council may
change a period with the ``RETENTION_PERIODS`` setting (years, or days for the short-lived
technical records), e.g. ``RETENTION_PERIODS = {"ehcp-plan": 35}``. One national default table,
one override: per-council periods are not supported (a council running its own instance sets its
own).

Two kinds of rule:

* **Child rules** say when a child's whole record (every case, plan, advice, message, document,
  notification and log entry about them) is past retention. Such a record is *erased* by
  :func:`send_portal.erasure.erase_child`: personal data scrubbed, the statistical skeleton kept.
* **Housekeeping rules** say when technical records that are not part of a child's file (the
  access log, the e-mail delivery log, sessions, API tokens, sign-in attempts) are deleted.

``manage.py apply_retention`` lists what is due (``--dry-run``, the default) or acts on it
(``--apply``); the monthly beat entry does the same, in report-only mode unless
``RETENTION_APPLY`` is switched on (docs/backups.md, THREAT_MODEL.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery import shared_task
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.utils import timezone

from .audit import record
from .erasure import SYSTEM, ErasureRefused, erase_child, register_retention
from .models import ApiToken, AuditEvent, Notification, ReminderSweepRun

#: Rule keys. The two child rules are registered by the app that owns children's records
#: (``register_rule``); their keys are named here because settings and the sweep refer to them.
PLAN_RECORD = "ehcp-plan"
NO_PLAN_RECORD = "ehcp-no-plan"
ACCESS_LOG = "access-log"
SIGN_IN_LOG = "sign-in-log"
NOTIFICATIONS = "notifications"
SIGN_IN_ATTEMPTS = "sign-in-attempts"
SESSIONS = "sessions"
API_TOKENS = "api-tokens"
SWEEP_RUNS = "reminder-sweep-runs"

#: A record without a plan is kept at least until this birthday: the six-year limitation period
#: runs from a child's 18th birthday (Limitation Act 1980 s28).
NO_PLAN_MINIMUM_AGE = 24

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionRule:
    key: str
    records: str
    #: The default period, in ``unit`` ("years" or "days"); see :func:`period`.
    default: int
    unit: str
    #: How the period is counted, for people ("date of birth + {n} years").
    counted: str
    basis: str
    #: "erase" (a child's record: scrub personal data, keep statistics) or "delete".
    action: str

    @property
    def period(self) -> int:
        return int(getattr(settings, "RETENTION_PERIODS", {}).get(self.key, self.default))

    @property
    def delta(self) -> relativedelta:
        return relativedelta(**{self.unit: self.period})

    @property
    def description(self) -> str:
        return self.counted.format(n=self.period)


RULES: dict[str, RetentionRule] = {
    rule.key: rule
    for rule in [
        RetentionRule(
            key=ACCESS_LOG,
            records="Access log: staff views and exports of a child's record",
            default=6,
            unit="years",
            counted="{n} years after the view",
            basis="Council policy, following the six-year limitation period (Limitation Act "
            "1980 s2), so a family can evidence a misuse of their record; a child's whole "
            "log goes with their record when it is erased",
            action="delete",
        ),
        RetentionRule(
            key=SIGN_IN_LOG,
            records="Sign-in, sign-out and failed sign-in events in the audit log",
            default=2,
            unit="years",
            counted="{n} years after the event",
            basis="Council policy (security monitoring; UK GDPR Art. 5(1)(e) storage limitation)",
            action="delete",
        ),
        RetentionRule(
            key=NOTIFICATIONS,
            records="Notifications and their e-mail outbox and delivery log (the e-mails "
            "contain names); statutory notices themselves are documents kept with the case",
            default=2,
            unit="years",
            counted="{n} years after the notification",
            basis="Council policy (evidence that a message was sent, for complaints; UK GDPR "
            "Art. 5(1)(e) storage limitation)",
            action="delete",
        ),
        RetentionRule(
            key=SIGN_IN_ATTEMPTS,
            records="Sign-in attempts and lock-outs recorded by django-axes",
            default=365,
            unit="days",
            counted="{n} days after the attempt",
            basis="Council policy (security monitoring; UK GDPR Art. 5(1)(e))",
            action="delete",
        ),
        RetentionRule(
            key=SESSIONS,
            records="Expired sign-in sessions",
            default=0,
            unit="days",
            counted="{n} days after the session expired",
            basis="No reason to keep them: a session ends after 30 minutes idle or 8 hours",
            action="delete",
        ),
        RetentionRule(
            key=API_TOKENS,
            records="Revoked or expired API tokens of integrations",
            default=365,
            unit="days",
            counted="{n} days after revocation or expiry",
            basis="Council policy (investigating misuse of a leaked token; the issue and "
            "revocation stay in the audit log)",
            action="delete",
        ),
        RetentionRule(
            key=SWEEP_RUNS,
            records="Runs of the deadline reminder sweep",
            default=365,
            unit="days",
            counted="{n} days after the run",
            basis="Council policy (operational monitoring; no personal data)",
            action="delete",
        ),
    ]
}


def rule(key: str) -> RetentionRule:
    return RULES[key]


# ---- children ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildDue:
    """A child's record and the day it passed (or will pass) its retention period."""

    child_id: int
    local_authority_id: int
    rule: RetentionRule
    due_on: date


@dataclass(frozen=True)
class ChildRecords:
    """The app that owns children's records tells the core how to find them (registered with
    :func:`register_child_records`); the core then applies the retention rules without
    importing the app."""

    #: ``(council, council_ids, today)``: children not yet erased and with no open request,
    #: annotated for ``due_date`` (one query; with ``today``, only those whose date of birth
    #: allows them to be past retention).
    children: Callable[[str | None, Any, date | None], QuerySet]
    #: ``(child) -> ChildDue``: the retention date of one child annotated by ``children``.
    due_date: Callable[[Any], ChildDue]
    #: ``(la_code) -> QuerySet`` of the ids of that council's children.
    of_council: Callable[[str], QuerySet]


_CHILD_RECORDS: list[ChildRecords] = []


def register_rule(new: RetentionRule) -> None:
    """Add an app's rule. Child rules (``action="erase"``) are listed before housekeeping."""
    merged = {key: r for key, r in RULES.items() if r.action == "erase"}
    merged[new.key] = new
    merged.update({key: r for key, r in RULES.items() if r.action != "erase"})
    RULES.clear()
    RULES.update(merged)


def register_child_records(records: ChildRecords) -> None:
    _CHILD_RECORDS[:] = [records]


def _child_records() -> ChildRecords:
    if not _CHILD_RECORDS:
        raise ImproperlyConfigured("No app has registered the children's records to retain")
    return _CHILD_RECORDS[0]


def _children(council: str | None = None, council_ids=None, today: date | None = None):
    """Children not yet erased and with no open request (see :attr:`ChildRecords.children`)."""
    return _child_records().children(council, council_ids, today)


def due_date(child) -> ChildDue:
    """The retention date of ``child`` (annotated by :func:`_children`)."""
    return _child_records().due_date(child)


def children_due(
    today: date | None = None, *, council: str | None = None, council_ids=None
) -> list[ChildDue]:
    """Children whose whole record is past its retention date on ``today`` (none with an open
    request, none already erased), of one council (LA code) or councils (ids) if given."""
    today = today or timezone.localdate()
    found = []
    for child in _children(council, council_ids, today).iterator():
        entry = due_date(child)
        if entry.due_on <= today:
            found.append(entry)
    return found


def retention_of(child_id: int) -> ChildDue | None:
    """The retention date of one child's record (None: a request is open, or already erased)."""
    child = _children(None).filter(pk=child_id).first()
    return None if child is None else due_date(child)


def child_due(child_id: int, today: date | None = None) -> ChildDue | None:
    """The retention date of one child, if their record is past it on ``today``."""
    today = today or timezone.localdate()
    entry = retention_of(child_id)
    return entry if entry is not None and entry.due_on <= today else None


# ---- housekeeping ------------------------------------------------------------------------------


def _before(today: date, chosen: RetentionRule) -> datetime:
    cutoff = today - chosen.delta
    return timezone.make_aware(datetime.combine(cutoff, time.min))


def _access_log(cutoff: datetime, council: str | None) -> QuerySet:
    events = AuditEvent.objects.filter(
        action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT], at__lt=cutoff
    ).exclude(detail__has_key="erasure")
    if council:
        events = events.filter(child_id__in=_child_records().of_council(council))
    return events


def _sign_ins(cutoff: datetime, council: str | None) -> QuerySet | None:
    if council:
        return None
    return AuditEvent.objects.filter(
        action__in=[
            AuditEvent.Action.SIGN_IN,
            AuditEvent.Action.SIGN_IN_FAILED,
            AuditEvent.Action.SIGN_OUT,
        ],
        at__lt=cutoff,
    )


def _notifications(cutoff: datetime, council: str | None) -> QuerySet:
    found = Notification.objects.filter(created_at__lt=cutoff)
    if council:
        found = found.filter(local_authority__la_code=council)
    return found


def _attempts(cutoff: datetime, council: str | None) -> list[QuerySet] | None:
    if council:
        return None
    return [
        AccessAttempt.objects.filter(attempt_time__lt=cutoff),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
        AccessLog.objects.filter(attempt_time__lt=cutoff),
    ]


def _sessions(cutoff: datetime, council: str | None) -> QuerySet | None:
    if council:
        return None
    return Session.objects.filter(expire_date__lt=cutoff)


def _tokens(cutoff: datetime, council: str | None) -> QuerySet:
    found = ApiToken.objects.filter(Q(revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff))
    if council:
        found = found.filter(local_authority__la_code=council)
    return found


def _sweep_runs(cutoff: datetime, council: str | None) -> QuerySet | None:
    if council:
        return None
    return ReminderSweepRun.objects.filter(started_at__lt=cutoff)


#: Housekeeping rule -> ``(cutoff, council) -> queryset(s) of rows to delete`` (None: the rule
#: is not per council, so a ``--council`` run leaves it alone).
HOUSEKEEPING: dict[str, Callable[[datetime, str | None], object]] = {
    ACCESS_LOG: _access_log,
    SIGN_IN_LOG: _sign_ins,
    NOTIFICATIONS: _notifications,
    SIGN_IN_ATTEMPTS: _attempts,
    SESSIONS: _sessions,
    API_TOKENS: _tokens,
    SWEEP_RUNS: _sweep_runs,
}


def housekeeping_due(
    today: date | None = None, *, council: str | None = None
) -> Iterator[tuple[RetentionRule, list[QuerySet]]]:
    """Each housekeeping rule with the querysets of rows past it on ``today``."""
    today = today or timezone.localdate()
    for key, selector in HOUSEKEEPING.items():
        chosen = RULES[key]
        found = selector(_before(today, chosen), council)
        if found is None:
            continue
        yield chosen, list(found) if isinstance(found, list) else [found]


# ---- the sweep ----------------------------------------------------------------------------------


@dataclass
class Report:
    today: date
    applied: bool
    children: list[ChildDue]
    #: rule key -> rows past it (deleted, when applied)
    housekeeping: dict[str, int]
    erased: list[int]
    refused: dict[int, str]


def run(today: date | None = None, *, council: str | None = None, apply: bool = False) -> Report:
    """Find (and with ``apply``, erase or delete) every record past its retention date."""
    today = today or timezone.localdate()
    children = children_due(today, council=council)
    housekeeping: dict[str, int] = {}
    erased: list[int] = []
    refused: dict[int, str] = {}
    for chosen, querysets in housekeeping_due(today, council=council):
        total = 0
        for qs in querysets:
            if apply:
                count, by_model = qs.delete()
                total += by_model.get(qs.model._meta.label, count)
            else:
                total += qs.count()
        housekeeping[chosen.key] = total
    if apply:
        for entry in children:
            try:
                erase_child(
                    actor=SYSTEM,
                    child_id=entry.child_id,
                    reason=f"Past its retention date ({entry.rule.description}: {entry.due_on})",
                    rule_key=entry.rule.key,
                    today=today,
                )
            except ErasureRefused as exc:
                refused[entry.child_id] = str(exc)
            else:
                erased.append(entry.child_id)
    return Report(today, apply, children, housekeeping, erased, refused)


@shared_task(acks_late=True)
def run_retention() -> dict:
    """The monthly retention sweep (beat: ``retention-sweep``). Reports only, unless the
    council has switched on ``RETENTION_APPLY``: nothing is erased without that decision."""
    report = run(apply=bool(getattr(settings, "RETENTION_APPLY", False)))
    summary = {
        "applied": report.applied,
        "children_due": len(report.children),
        "children_erased": len(report.erased),
        "refused": len(report.refused),
        "housekeeping": report.housekeeping,
    }
    record(
        actor=None,
        action=AuditEvent.Action.DELETE if report.applied else AuditEvent.Action.EXPORT,
        summary=(
            f"Retention sweep: {len(report.children)} children's records past retention, "
            f"{len(report.erased)} erased"
        ),
        detail={"retention_sweep": summary},
    )
    logger.info("Retention sweep %s", summary)
    return summary


# Erasure checks a sweep's erasure against the retention date (it cannot import this module,
# which runs the sweep with it).
register_retention(child_due)
