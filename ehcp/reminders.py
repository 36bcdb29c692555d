"""Reminder sources of the EHC needs assessment workflow (see send_portal/reminders.py).

Each source reads only what is due: open cases by ``next_due_on`` (indexed), outstanding advice by
``due_on``, drafts whose 15-day window is open, decisions whose appeal deadline is coming up.
The redress app's sources (Tribunal orders, mediation) are registered by
``ehcp.redress.reminders``, imported at the end of this module so that there is one sweep.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import import_module
from urllib.parse import urlsplit

from django.apps import apps
from django.db.models import Q
from django.urls import Resolver404, resolve, reverse

from send_portal.models import User
from send_portal.notifications import register_scope_resolver
from send_portal.reminders import Audience, DueItem, register_source
from send_portal.selectors import council_managers
from send_portal.text import in_sentence

from . import deadlines
from .models import OPEN_STAGES, AdviceRequest, Case, Child, Decision, Stage
from .services.family import family_members

#: Drafts served longer ago than this are past their 15-day window (reg 13(1)(a)), with margin.
_DRAFT_WINDOW_LOOKBACK = timedelta(days=30)
_PLACEHOLDER = "__argument__"
_PK_PLACEHOLDER = 987654321


class _Paths:
    """URL paths built by substitution (``reverse`` once per name, not once per item)."""

    def __init__(self):
        self._templates: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, argument) -> str:
        if name not in self._templates:
            if isinstance(argument, int):
                self._templates[name] = (reverse(name, args=[_PK_PLACEHOLDER]), _PK_PLACEHOLDER)
            else:
                self._templates[name] = (reverse(name, args=[_PLACEHOLDER]), _PLACEHOLDER)
        template, placeholder = self._templates[name]
        return template.replace(str(placeholder), str(argument))


class _People:
    """The users a source names, read a batch at a time (not one join per row)."""

    def __init__(self):
        self._users: dict[int, User] = {}

    def load(self, ids) -> None:
        wanted = {pk for pk in ids if pk and pk not in self._users}
        if wanted:
            self._users.update(User.objects.in_bulk(wanted))

    def __getitem__(self, pk: int) -> User:
        return self._users[pk]


def _batches(rows, size: int = 2000):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _child_name(first: str, preferred: str, last: str) -> str:
    return Child(first_name=first, preferred_name=preferred, last_name=last).full_name


@register_source("ehcp.case_next_due")
def case_next_due(today: date, until: date):
    """The council's next statutory date on each open case: its caseworker is reminded (the
    council's SEND managers when nobody is allocated). Read as plain rows: tens of thousands of
    cases can be due on a day in England."""
    rows = (
        Case.objects.filter(stage__in=[s.value for s in OPEN_STAGES], next_due_on__lte=until)
        .exclude(next_due_key="")
        .order_by()
        .values_list(
            "pk",
            "reference",
            "local_authority_id",
            "caseworker_id",
            "next_due_key",
            "next_due_on",
            "child__first_name",
            "child__preferred_name",
            "child__last_name",
        )
    )
    managers: dict[int, tuple[User, ...]] = {}
    people = _People()
    path = _Paths()
    for batch in _batches(rows.iterator(chunk_size=2000)):
        people.load(row[3] for row in batch)
        for pk, reference, council, worker, key, due, first, preferred, last in batch:
            rule = deadlines.RULES.get(key)
            if rule is None:
                continue
            if worker:
                recipients = (people[worker],)
            else:
                if council not in managers:
                    managers[council] = tuple(council_managers(council))
                recipients = managers[council]
            yield DueItem(
                key=f"ehcp.case:{pk}:{key}",
                due=due,
                label=rule.label,
                basis=rule.basis,
                subject_name=f"{_child_name(first, preferred, last)} ({reference})",
                recipients=recipients,
                local_authority_id=council,
                link=path("case-detail", reference),
            )


@register_source("ehcp.advice_due")
def advice_due(today: date, until: date):
    """Advice due from each adviser with a portal account (reg 8(1))."""
    rows = (
        AdviceRequest.objects.filter(status=AdviceRequest.Status.REQUESTED, due_on__lte=until)
        .exclude(adviser=None)
        .order_by()
        .values_list(
            "pk",
            "advice_type",
            "adviser_id",
            "requested_on",
            "due_on",
            "case__reference",
            "case__local_authority_id",
            "case__child__first_name",
            "case__child__preferred_name",
            "case__child__last_name",
        )
    )
    types = dict(AdviceRequest.AdviceType.choices)
    people = _People()
    path = _Paths()
    for batch in _batches(rows.iterator(chunk_size=2000)):
        people.load(row[2] for row in batch)
        for pk, kind, adviser, requested, due, reference, council, first, preferred, last in batch:
            yield DueItem(
                key=f"ehcp.advice:{pk}",
                due=due,
                label=f"{types.get(kind, kind)} due",
                basis=deadlines.advice_due(requested=requested).basis,
                subject_name=f"{_child_name(first, preferred, last)} ({reference})",
                recipients=(people[adviser],),
                local_authority_id=council,
                link=path("advice-submit", pk),
                what_to_do="Submit your advice in the portal.",
                audience=Audience.ADVISER,
            )


@register_source("ehcp.family_dates")
def family_dates(today: date, until: date):
    """The family's own dates: the last day to comment on a draft plan, and the appeal deadline
    of each appealable decision (only while it is still open to them)."""
    drafts = (
        Case.objects.filter(
            Q(draft_served_on__gte=today - _DRAFT_WINDOW_LOOKBACK)
            | Q(revised_draft_served_on__gte=today - _DRAFT_WINDOW_LOOKBACK),
            stage__in=[Stage.DRAFT_SERVED, Stage.CONSULTING],
        )
        .select_related("child")
        .order_by()
    )
    path = _Paths()
    for case in drafts.iterator(chunk_size=2000):
        window = case.representations_window
        if not today <= window.due <= until:
            continue
        revised = (
            f":revised:{case.revised_draft_served_on.isoformat()}"
            if case.revised_draft_served_on
            else ""
        )
        yield DueItem(
            key=f"ehcp.case:{case.pk}:representations_close{revised}",
            due=window.due,
            label=window.label,
            basis=window.basis,
            subject_name=case.child.full_name,
            recipients=tuple(family_members(case, today)),
            local_authority_id=case.local_authority_id,
            link=path("family-case", case.reference),
            what_to_do="Send your views on the draft plan and tell us which school or college "
            "you want named.",
            audience=Audience.FAMILY,
        )
    decisions = (
        Decision.objects.filter(
            kind__in=list(Decision.APPEALABLE),
            appeal_deadline__gte=today,
            appeal_deadline__lte=until,
        )
        .select_related("case", "case__child")
        .order_by()
    )
    for decision in decisions.iterator(chunk_size=2000):
        case = decision.case
        yield DueItem(
            key=f"ehcp.decision:{decision.pk}:appeal_deadline",
            due=decision.appeal_deadline,
            label="Last day to appeal to the SEND Tribunal",
            basis=decision.appeal_deadline_basis,
            subject_name=f"{case.child.full_name}: {in_sentence(decision.get_kind_display())}",
            recipients=tuple(family_members(case, today)),
            local_authority_id=case.local_authority_id,
            link=path("family-case", case.reference),
            what_to_do="If you want to appeal, contact a mediation adviser first (mediation "
            "itself is optional) unless the appeal is only about section I. Free advice: "
            "your local SENDIASS.",
            audience=Audience.FAMILY,
        )


@register_scope_resolver
def council_of_case_page(link: str) -> int | None:
    """The council of the case (or advice request) a notification links to, so that a
    notification sent by a workflow service shows in that council's delivery log."""
    try:
        match = resolve(urlsplit(link).path)
    except Resolver404:
        return None
    reference = match.kwargs.get("reference")
    if reference:
        return (
            Case.objects.filter(reference=reference)
            .values_list("local_authority_id", flat=True)
            .first()
        )
    if match.url_name == "advice-submit":
        return (
            AdviceRequest.objects.filter(pk=match.kwargs["pk"])
            .values_list("case__local_authority_id", flat=True)
            .first()
        )
    return None


# Tribunal orders, unopposed appeals, mediation agreements and mediation dates join the sweep.
if apps.is_installed("ehcp.redress"):
    import_module("ehcp.redress.reminders")
