"""Deadline reminders: find every statutory deadline approaching or passed and tell the right
people, once per deadline, person and threshold.

Apps register *sources* with :func:`register_source`. A source is a function
``(today: date, until: date) -> Iterable[DueItem]`` returning the open items due on or before
``until`` (overdue ones included), found with an indexed date query, so a sweep's work is
proportional to the deadlines that are due, not to all plans.

For each item and recipient the sweep works out the latest threshold reached under the council's
:class:`~send_portal.models.ReminderPolicy` (for example 10 and 3 working days before, on the day,
overdue) and sends one notification with a stable key
``reminder:<item key>:<recipient>:<threshold>``; ``notify`` refuses a second notification with the
same key, so running the sweep twice, or a redelivered task, never sends a duplicate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from .models import ReminderPolicy, User

Source = Callable[[date, date], Iterable["DueItem"]]
_SOURCES: dict[str, Source] = {}


@dataclass(frozen=True)
class DueItem:
    """One deadline that somebody must meet, as a source reports it."""

    key: str  # stable identity of the deadline, e.g. "ehcp.case:12:final_plan"
    due: date
    label: str  # what must happen, e.g. "Final EHC plan issued"
    basis: str  # the legal basis
    subject_name: str  # whose case, e.g. "Alex Taylor (EHC-881-2026-00001)"
    recipients: tuple[User, ...]
    local_authority_id: int | None = None
    link: str = ""
    what_to_do: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def register_source(name: str):
    def decorator(fn: Source) -> Source:
        _SOURCES[name] = fn
        return fn

    return decorator


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


def policy_for(local_authority_id: int | None, cache: dict) -> ReminderPolicy:
    if local_authority_id not in cache:
        cache[local_authority_id] = (
            ReminderPolicy.objects.filter(
                Q(local_authority_id=local_authority_id) | Q(local_authority=None)
            )
            .order_by("local_authority_id")  # the council's own policy first (NULLs last)
            .first()
            or ReminderPolicy.default()
        )
    return cache[local_authority_id]


def threshold_reached(due: date, today: date, policy: ReminderPolicy) -> str | None:
    """The latest threshold reached today: "overdue", "due_today", "<n>wd" or None."""
    from ehcp.deadlines import add_working_days

    if today > due:
        return "overdue" if policy.remind_when_overdue else None
    if today == due:
        return "due_today" if policy.remind_on_the_day else None
    reached = [n for n in policy.lead_working_days if add_working_days(today, n) >= due]
    if not reached:
        return None
    return f"{min(reached)}wd"


def _describe(threshold: str) -> str:
    if threshold == "overdue":
        return "is overdue"
    if threshold == "due_today":
        return "is due today"
    days = int(threshold.removesuffix("wd"))
    return f"is due in {days} working day{'s' if days != 1 else ''}"


def sweep(today: date) -> int:
    """Send every reminder due today. Returns how many notifications were created."""
    from .notifications import notify

    policies: dict = {}
    from ehcp.deadlines import add_working_days

    longest = max(
        policy.max_lead for policy in [*ReminderPolicy.objects.all(), ReminderPolicy.default()]
    )

    until = add_working_days(today, longest)
    created = 0
    for _name, source in sorted(_SOURCES.items()):
        for item in source(today, until):
            policy = policy_for(item.local_authority_id, policies)
            threshold = threshold_reached(item.due, today, policy)
            if threshold is None:
                continue
            for recipient in item.recipients:
                if recipient is None or not recipient.is_active:
                    continue
                key = f"reminder:{item.key}:{recipient.pk}:{threshold}"
                if recipient.notifications.filter(dedupe_key=key).exists():
                    continue
                notify(
                    recipient=recipient,
                    subject=f"{item.label} {_describe(threshold)}: {item.subject_name}"[:200],
                    what_happened=f"{item.label} for {item.subject_name} {_describe(threshold)} "
                    f"(due {item.due:%A %-d %B %Y}).",
                    what_to_do=item.what_to_do or "Open the case and complete this step.",
                    due_date=item.due,
                    legal_basis=item.basis,
                    link=item.link,
                    dedupe_key=key,
                )
                created += 1
    return created
