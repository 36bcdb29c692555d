"""Permission-scoped reads. Views and the API use these for lists *and* detail lookups, so a
case outside a person's relationships is a 404 by construction (shared/domain/ROLES.md)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from send_portal.models import ADVISER_ROLES, Role

from .models import (
    AdviceRequest,
    Case,
    CaseEvent,
    ChildRelationship,
    PanelAgendaItem,
    PanelMeeting,
    Plan,
    SettingRequest,
)


def today() -> date:
    return timezone.localdate()


def young_person_born_before(on: date) -> date:
    """Children born before this date are over compulsory school age on ``on`` (their rights are
    their own): the inverse of ``end_of_compulsory_school_age`` for a whole cohort."""
    from .models.child import end_of_compulsory_school_age

    june_leaving_day = end_of_compulsory_school_age(date(on.year - 16, 1, 1))
    if on > june_leaving_day:
        return date(on.year - 16, 9, 1)
    return date(on.year - 17, 9, 1)


def la_ids(user) -> list[int]:
    return user.organisations_for(Role.CASEWORKER, Role.SEND_MANAGER)


def family_case_filter(user, on: date | None = None) -> Q:
    """Cases of children for whom ``user`` holds rights: a parent while the child is of
    compulsory school age (afterwards only where the young person shares), the young person
    themself, or their representative."""
    on = on or today()
    cutoff = young_person_born_before(on)
    as_parent = Q(kind=ChildRelationship.Kind.PARENT) & (
        Q(child__date_of_birth__gte=cutoff) | Q(shared_by_young_person=True)
    )
    as_young_person = Q(
        kind__in=[ChildRelationship.Kind.YOUNG_PERSON, ChildRelationship.Kind.REPRESENTATIVE]
    )
    # The person's few children first, then their cases (a semi-join on the case's child index):
    # a correlated EXISTS per case made PostgreSQL test every case of every council (issue 22:
    # 40-60 ms a family list on the demo data, growing with England's cases).
    children = ChildRelationship.objects.filter(user=user, is_active=True).filter(
        as_parent | as_young_person
    )
    return Q(child_id__in=children.values("child_id"))


def cases_visible_to(user) -> QuerySet[Case]:
    """Every case the person may open (ROLES.md)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    roles = user.role_set()
    condition = Q(pk__in=[])
    if roles & {Role.CASEWORKER, Role.SEND_MANAGER}:
        condition |= Q(local_authority_id__in=la_ids(user))
    if roles & {Role.PARENT, Role.YOUNG_PERSON}:
        condition |= family_case_filter(user)
    if roles & ADVISER_ROLES:
        # Only while the advice request is open, and the case is still with the council that
        # asked (ROLES.md).
        condition |= Q(pk__in=open_advice_requests_for_adviser(user).values("case_id"))
    if Role.SENCO in roles:
        settings_ids = user.organisations_for(Role.SENCO)
        consulted = SettingRequest.objects.filter(setting_id__in=settings_ids).filter(
            Q(status__in=[SettingRequest.Status.CONSULTED, SettingRequest.Status.RESPONDED])
            # The setting a final plan names: the council sends it the plan (SEND Regulations
            # 2014 reg 14), so it is shared with the setting from the day it is issued.
            | Q(status=SettingRequest.Status.NAMED, case__final_issued_on__isnull=False)
        )
        condition |= Q(pk__in=consulted.values("case_id"))
    return Case.objects.filter(condition)


def cases_visible_in_council(user, council_id: int | None) -> QuerySet[Case]:
    """:func:`cases_visible_to`, limited to one council when ``council_id`` is given (a council's
    API token reads only that council's cases); ``None`` is no further limit."""
    cases = cases_visible_to(user)
    if council_id is not None:
        cases = cases.filter(local_authority_id=council_id)
    return cases


def visible_case_or_404(user, reference: str) -> Case:
    """The case with this reference if the person may see it; otherwise 404 (for views of any
    app that act on a case)."""
    return get_object_or_404(
        cases_visible_to(user).select_related("child", "local_authority", "caseworker"),
        reference=reference,
    )


def caseload(user, *, scope: str = "mine") -> QuerySet[Case]:
    """A caseworker's list: ``mine`` (allocated to me), ``team`` (my council's open cases,
    my team by default) or ``all`` (every case of my council, for searching)."""
    qs = Case.objects.filter(local_authority_id__in=la_ids(user))
    if scope == "mine":
        qs = qs.filter(caseworker=user)
    elif scope == "team":
        qs = qs.filter(stage__in=[s.value for s in _open_stages()])
    return qs.select_related("child", "caseworker", "local_authority")


def _open_stages():
    from .models import OPEN_STAGES

    return OPEN_STAGES


def is_staff_of_case(user, case: Case) -> bool:
    return case.local_authority_id in la_ids(user)


def is_family_of_case(user, case: Case) -> bool:
    return Case.objects.filter(pk=case.pk).filter(family_case_filter(user)).exists()


def is_consulted_setting_of_case(user, case: Case) -> bool:
    """A SENCo of a school or college consulted about naming it in this case's plan."""
    if not user.has_role(Role.SENCO):
        return False
    return case.setting_requests.filter(
        setting_id__in=user.organisations_for(Role.SENCO),
        status__in=[SettingRequest.Status.CONSULTED, SettingRequest.Status.RESPONDED],
    ).exists()


def plans_visible_to(user, case: Case) -> QuerySet[Plan]:
    """The versions of the case's plan the person may read: council staff every version; the
    family, and a school or college consulted about the plan, only versions sent to the family
    (a draft still being written is the council's working copy). Advisers see none."""
    plans = case.plans.all()
    if is_staff_of_case(user, case):
        return plans
    if is_family_of_case(user, case) or is_consulted_setting_of_case(user, case):
        return plans.filter(Q(served_on__isnull=False) | Q(status__in=list(Plan.ISSUED)))
    return plans.none()


def timeline_for(user, case: Case) -> QuerySet[CaseEvent]:
    events = case.events.select_related("actor")
    if not is_staff_of_case(user, case):
        events = events.filter(visible_to_family=True)
    return events


def advice_requests_for_adviser(user) -> QuerySet[AdviceRequest]:
    """Every advice request ever addressed to the person (for their own history and
    reminders; what they may *open* is :func:`open_advice_requests_for_adviser`)."""
    return AdviceRequest.objects.filter(adviser=user).select_related("case", "case__child")


def open_advice_requests_for_adviser(user) -> QuerySet[AdviceRequest]:
    """The advice requests a professional may open now, on the pages and in the API alike
    (ROLES.md: "only the cases for which advice ... was asked of them, for as long as that
    request is open"): addressed to them, still open, while they hold an adviser role, and
    while the case is still with the council that asked (a plan transferred to another council
    after the request takes the case out of the request's scope, SEND Regulations 2014 reg 15)."""
    if (
        user is None
        or not user.is_authenticated
        or not user.is_active
        or not user.has_role(*ADVISER_ROLES)
    ):
        return AdviceRequest.objects.none()
    # The case's moves (ehcp.reviews' PlanTransfer, reached through its relation to the case, so
    # that these selectors import nothing of the reviews package, which builds on them).
    moved_since = Case.objects.filter(
        pk=OuterRef("case_id"), plan_transfers__transferred_on__gte=OuterRef("requested_on")
    )
    return (
        advice_requests_for_adviser(user)
        .filter(status=AdviceRequest.Status.REQUESTED)
        .exclude(Exists(moved_since))
    )


def open_advice_requests_in_council(user, council_id: int | None) -> QuerySet[AdviceRequest]:
    """:func:`open_advice_requests_for_adviser`, limited to one council's cases when
    ``council_id`` is given (a council's API token); ``None`` is no further limit."""
    requests = open_advice_requests_for_adviser(user)
    if council_id is not None:
        requests = requests.filter(case__local_authority_id=council_id)
    return requests


def panels_visible_to(user) -> QuerySet[PanelMeeting]:
    if user is None or not user.is_authenticated:
        return PanelMeeting.objects.none()
    condition = Q(members=user)
    if user.has_role(Role.CASEWORKER, Role.SEND_MANAGER):
        condition |= Q(local_authority_id__in=la_ids(user))
    return PanelMeeting.objects.filter(condition).distinct()


def agenda_items_visible_to(user) -> QuerySet[PanelAgendaItem]:
    return PanelAgendaItem.objects.filter(meeting__in=panels_visible_to(user)).select_related(
        "case", "case__child", "meeting"
    )


# ---- intake: the council's children, its online requests ------------------------------------


def intake_councils(user) -> list[int]:
    """The councils whose requests this person may record: where they are an active caseworker
    or SEND manager of a council that is itself active."""
    from send_portal.models import Organisation

    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return list(
        Organisation.objects.filter(pk__in=la_ids(user), is_active=True).values_list(
            "pk", flat=True
        )
    )


def possible_duplicates(
    local_authority_id: int,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    upn: str = "",
) -> QuerySet:
    """Children the council already knows who may be this child: the same first and last name
    (or preferred name) and date of birth, or the same unique pupil number."""
    from .models import Child

    condition = Q(pk__in=[])
    if first_name and last_name and date_of_birth:
        condition |= Q(
            Q(first_name__iexact=first_name.strip()) | Q(preferred_name__iexact=first_name.strip()),
            last_name__iexact=last_name.strip(),
            date_of_birth=date_of_birth,
        )
    if upn and upn.strip():
        condition |= Q(upn__iexact=upn.strip())
    return (
        Child.objects.filter(condition, local_authority_id=local_authority_id)
        .prefetch_related("cases")
        .order_by("last_name", "first_name", "pk")
    )


def online_requests_for(user) -> QuerySet:
    """Requests families made online to the councils this person records requests for."""
    from .models import OnlineRequest

    return OnlineRequest.objects.filter(
        local_authority_id__in=intake_councils(user)
    ).select_related("local_authority", "case", "decided_by")


# ---- the SEND manager's team ------------------------------------------------------------------


def managed_councils(user) -> list:
    """The councils where ``user`` is a SEND manager."""
    from send_portal.models import Organisation

    return list(
        Organisation.objects.filter(
            pk__in=user.organisations_for(Role.SEND_MANAGER), is_active=True
        ).order_by("name")
    )


def team_caseworkers(local_authority):
    """The council's caseworkers (and managers who hold cases), active, by name."""
    from send_portal.models import User

    return (
        User.objects.filter(
            is_active=True,
            role_assignments__organisation=local_authority,
            role_assignments__role__in=[Role.CASEWORKER, Role.SEND_MANAGER],
            role_assignments__is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def team_caseloads(local_authority, *, today: date, soon: date) -> dict:
    """Open cases of the council per caseworker, with how many are overdue and due soon, and
    the unallocated ones: one aggregate query, whatever the number of cases."""
    from django.db.models import Count

    from .models import OPEN_STAGES

    counts = {
        row["caseworker"]: row
        for row in Case.objects.filter(
            local_authority=local_authority, stage__in=[s.value for s in OPEN_STAGES]
        )
        .values("caseworker")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(next_due_on__lt=today)),
            soon=Count("pk", filter=Q(next_due_on__gte=today, next_due_on__lte=soon)),
        )
    }
    empty = {"open": 0, "overdue": 0, "soon": 0}
    people = list(team_caseworkers(local_authority))
    rows = [{"person": person, **(counts.get(person.pk) or empty)} for person in people]
    known = {person.pk for person in people} | {None}
    # Cases still with someone who has left the team: shown so that they can be moved.
    from send_portal.models import User

    for person in User.objects.filter(pk__in=[pk for pk in counts if pk not in known]):
        rows.append({"person": person, "left": True, **counts[person.pk]})
    return {
        "rows": rows,
        "unallocated": counts.get(None) or empty,
        "total": sum(row["open"] for row in counts.values()),
    }
