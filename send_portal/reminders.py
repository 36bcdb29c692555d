"""Deadline reminders: find every statutory deadline approaching or passed and tell the right
people, once per deadline, person and threshold; and, where a council wants it, one digest a day
for each caseworker and SEND manager.

**Sources.** Apps register *sources* with :func:`register_source`. A source is a function
``(today: date, until: date) -> Iterable[DueItem]`` returning the open items due on or before
``until`` (overdue ones included), found with an indexed date query, so a sweep's work is
proportional to the deadlines that are due, not to all plans. Adding one is a few lines in the
app's ``reminders.py`` (imported from its ``AppConfig.ready``)::

    @register_source("myapp.review_due")
    def review_due(today, until):
        for review in Review.objects.filter(done_on=None, due_on__lte=until).select_related(...):
            yield DueItem(
                key=f"myapp.review:{review.pk}",      # stable identity of the deadline
                due=review.due_on,
                label="Annual review meeting",         # what must happen
                basis="SEND Regulations 2014 reg 18",  # the legal basis
                subject_name=f"{child.full_name} ({case.reference})",
                recipients=(case.caseworker,),
                local_authority_id=case.local_authority_id,
                link=reverse("review-detail", args=[review.pk]),
            )

The sources registered today: ``ehcp.case_next_due`` (each open case's next statutory date:
decision to assess, draft, final plan...), ``ehcp.advice_due`` (advice from each adviser),
``ehcp.family_dates`` (the family's last day to comment on a draft, and appeal deadlines),
``redress.compliance_steps`` (Tribunal orders, unopposed appeals and mediation agreements) and
``redress.mediation_dates`` (mediation to be held, ICBs to be told, certificates to be issued).

**Thresholds.** For each item and recipient the sweep works out the latest threshold reached
under the council's :class:`~send_portal.models.ReminderPolicy` (for example 10 and 3 working
days before, on the day, overdue); a source with a schedule of its own (the redress compliance
steps: due soon, due today, then weekly while overdue) sets ``DueItem.threshold`` itself.

**Exactly once.** Each reminder has a stable key, by default
``reminder:<item key>:<due date>:<recipient>:<threshold>``; the key is unique in the database,
the sweep skips keys that exist (checked a chunk at a time) and ``notify`` refuses a second
notification with the same key, so running the sweep twice, two sweeps at once, or a sweep
redelivered after its worker died, never sends a duplicate. A digest's key is
``digest:<user>:<date>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from django.urls import NoReverseMatch, reverse

from . import notifications
from .calendar import add_working_days
from .models import Notification, ReminderPolicy, User
from .selectors import send_manager_roles

Source = Callable[[date, date], Iterable["DueItem"]]
_SOURCES: dict[str, Source] = {}

DEFAULT_KEY_TEMPLATE = "reminder:{key}:{due}:{recipient}:{threshold}"
#: Items handled per batch: one query checks which of their reminders already exist.
CHUNK_SIZE = 500
#: Lines listed in one digest; the rest are counted and the caseload page has them all.
DIGEST_MAX_LINES = 60


class Audience:
    """Who an item is for. Only council items go into the staff digest."""

    COUNCIL = "council"
    FAMILY = "family"
    ADVISER = "adviser"
    MEDIATOR = "mediator"


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
    audience: str = Audience.COUNCIL
    #: Set by a source with its own schedule (the council's lead times are then not applied).
    threshold: str | None = None
    #: Wording of the message, when the source words it itself.
    subject: str = ""
    what_happened: str = ""
    key_template: str = field(default=DEFAULT_KEY_TEMPLATE, repr=False)

    def reminder_key(self, recipient_id: int, threshold: str) -> str:
        return self.key_template.format(
            key=self.key, due=self.due.isoformat(), recipient=recipient_id, threshold=threshold
        )


@dataclass
class SweepResult:
    day: date
    due_items: int = 0
    reminders: int = 0
    digests: int = 0

    @property
    def created(self) -> int:
        return self.reminders + self.digests


def register_source(name: str):
    def decorator(fn: Source) -> Source:
        _SOURCES[name] = fn
        return fn

    return decorator


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


def threshold_reached(due: date, today: date, policy: ReminderPolicy) -> str | None:
    """The latest threshold reached today: "overdue", "due_today", "<n>wd" or None."""

    if today > due:
        return "overdue" if policy.remind_when_overdue else None
    if today == due:
        return "due_today" if policy.remind_on_the_day else None
    reached = [n for n in policy.lead_working_days if add_working_days(today, n) >= due]
    if not reached:
        return None
    return f"{min(reached)}wd"


def _describe(threshold: str) -> str:
    if threshold.startswith("overdue"):
        return "is overdue"
    if threshold == "due_today":
        return "is due today"
    if threshold == "due_soon":
        return "is due soon"
    days = int(threshold.removesuffix("wd"))
    return f"is due in {days} working day{'s' if days != 1 else ''}"


class _Policies:
    """Each council's reminder policy, read once per sweep."""

    def __init__(self, today: date):

        rows = list(ReminderPolicy.objects.all())
        self.by_council = {row.local_authority_id: row for row in rows}
        self.fallback = self.by_council.get(None) or ReminderPolicy.default()
        self.longest = max(row.max_lead for row in [*rows, self.fallback])
        self.until = add_working_days(today, self.longest)
        self._horizons: dict[int, date] = {}
        self._today = today

    def __call__(self, local_authority_id: int | None) -> ReminderPolicy:
        return self.by_council.get(local_authority_id, self.fallback)

    def horizon(self, policy: ReminderPolicy) -> date:
        return self._lead_date(policy.max_lead)

    def threshold(self, due: date, policy: ReminderPolicy) -> str | None:
        """``threshold_reached`` with the lead dates worked out once per sweep."""
        today = self._today
        if today > due:
            return "overdue" if policy.remind_when_overdue else None
        if today == due:
            return "due_today" if policy.remind_on_the_day else None
        reached = [n for n in policy.lead_working_days if self._lead_date(n) >= due]
        return f"{min(reached)}wd" if reached else None

    def _lead_date(self, lead: int) -> date:

        if lead not in self._horizons:
            self._horizons[lead] = add_working_days(self._today, lead)
        return self._horizons[lead]

    @property
    def any_digest(self) -> bool:
        return self.fallback.daily_digest or any(p.daily_digest for p in self.by_council.values())


def _chunks(items: Iterable[DueItem], size: int) -> Iterator[list[DueItem]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_sweep(
    today: date, *, digest: bool = True, only: Iterable[str] | None = None
) -> SweepResult:
    """Send every reminder due on ``today`` (and, if ``digest``, the daily digests)."""
    policies = _Policies(today)
    chosen = sorted(_SOURCES.items()) if only is None else [(n, _SOURCES[n]) for n in only]
    result = SweepResult(day=today)
    collect = digest and policies.any_digest
    mine: dict[int, dict[str, DueItem]] = defaultdict(dict)  # staff user -> their items
    council: dict[int, dict[str, DueItem]] = defaultdict(dict)  # council -> its staff items
    people: dict[int, User] = {}
    for _name, source in chosen:
        for chunk in _chunks(source(today, policies.until), CHUNK_SIZE):
            candidates = []
            for item in chunk:
                policy = policies(item.local_authority_id)
                threshold = item.threshold or policies.threshold(item.due, policy)
                result.due_items += 1
                if (
                    collect
                    and policy.daily_digest
                    and item.audience == Audience.COUNCIL
                    and (item.threshold or item.due <= policies.horizon(policy))
                ):
                    if item.local_authority_id is not None:
                        council[item.local_authority_id][item.key] = item
                    for person in item.recipients:
                        if person is not None and person.is_active:
                            mine[person.pk][item.key] = item
                            people[person.pk] = person
                if threshold is None:
                    continue
                for person in item.recipients:
                    if person is None or not person.is_active:
                        continue
                    key = item.reminder_key(person.pk, threshold)
                    candidates.append((item, person, threshold, key))
            result.reminders += _send_reminders(candidates)
    if collect:
        result.digests = _send_digests(today, mine, council, people, policies)
    return result


def sweep(today: date, *, digest: bool = True, only: Iterable[str] | None = None) -> int:
    """Send every reminder due today. Returns how many notifications were created."""
    return run_sweep(today, digest=digest, only=only).created


def _send_reminders(candidates: list[tuple[DueItem, User, str, str]]) -> int:
    if not candidates:
        return 0
    existing = set(
        Notification.objects.filter(dedupe_key__in=[key for *_, key in candidates]).values_list(
            "dedupe_key", flat=True
        )
    )
    messages = []
    for item, person, threshold, key in candidates:
        if key in existing:
            continue
        existing.add(key)
        messages.append(
            {
                "recipient": person,
                "subject": (
                    item.subject or f"{item.label} {_describe(threshold)}: {item.subject_name}"
                )[:200],
                "what_happened": item.what_happened
                or f"{item.label} for {item.subject_name} {_describe(threshold)} "
                f"(due {item.due:%A %-d %B %Y}).",
                "what_to_do": item.what_to_do or "Open the case and complete this step.",
                "due_date": item.due,
                "legal_basis": item.basis,
                "link": item.link,
                "dedupe_key": key,
                "local_authority_id": item.local_authority_id,
            }
        )
    return notifications.notify_many(messages)


# ---- the daily digest ---------------------------------------------------------------------------


def _status(item: DueItem, today: date) -> tuple[int, str]:
    if item.due < today:
        days = (today - item.due).days
        return 0, f"Overdue by {days} day{'s' if days != 1 else ''}"
    if item.due == today:
        return 1, "Due today"
    return 2, f"Due {item.due:%a %-d %b %Y}"


def _digest_text(items: list[DueItem], today: date) -> tuple[str, str]:
    ranked = sorted(items, key=lambda i: (i.due, i.key))
    counts = [0, 0, 0]
    lines = []
    for item in ranked:
        rank, status = _status(item, today)
        counts[rank] += 1
        if len(lines) < DIGEST_MAX_LINES:
            lines.append(
                f"- {status}: {item.label}, {item.subject_name}, due {item.due:%-d %B %Y} "
                f"({item.basis})"
            )
    if len(ranked) > DIGEST_MAX_LINES:
        lines.append(
            f"- and {len(ranked) - DIGEST_MAX_LINES} more: see the caseload, sorted by next "
            "deadline."
        )
    subject = (
        f"Your SEND deadlines on {today:%A %-d %B %Y}: {counts[0]} overdue, "
        f"{counts[1]} due today, {counts[2]} coming up"
    )
    body = (
        "These statutory deadlines on your council's cases are overdue or coming up:\n"
        + "\n".join(lines)
    )
    return subject, body


def _send_digests(
    today: date,
    mine: dict[int, dict[str, DueItem]],
    council: dict[int, dict[str, DueItem]],
    people: dict[int, User],
    policies: _Policies,
) -> int:
    # A SEND manager's digest covers every staff item of their council(s).
    managed: dict[int, set[int]] = defaultdict(set)
    if council:
        for assignment in send_manager_roles(council).select_related("user"):
            managed[assignment.user_id].add(assignment.organisation_id)
            people[assignment.user_id] = assignment.user
    lists: dict[int, dict[str, DueItem]] = defaultdict(dict)
    for user_id, items in mine.items():
        lists[user_id].update(items)
    for user_id, councils in managed.items():
        for council_id in councils:
            lists[user_id].update(council[council_id])
    if not lists:
        return 0
    keys = {user_id: f"digest:{user_id}:{today.isoformat()}" for user_id in lists}
    existing = set(
        Notification.objects.filter(dedupe_key__in=list(keys.values())).values_list(
            "dedupe_key", flat=True
        )
    )
    try:
        link = reverse("caseload")
    except NoReverseMatch:
        link = ""
    sent = 0
    for user_id, items in sorted(lists.items()):
        if keys[user_id] in existing or not items:
            continue
        subject, body = _digest_text(list(items.values()), today)
        first = min(items.values(), key=lambda i: (i.due, i.key))
        notifications.notify(
            recipient=people[user_id],
            subject=subject[:200],
            what_happened=body,
            what_to_do="Open each case from your caseload and complete the step by its date, or "
            "record on the case why it cannot be done in time.",
            link=link,
            dedupe_key=keys[user_id],
            local_authority_id=first.local_authority_id,
        )
        sent += 1
    return sent
