"""Writes for tailored lists: build a version, add a setting with a reason, send it with the
letter, and the family's preferences.

Sending preferences records each one as a request for a school or college through
``ehcp.services.workflow.request_setting`` (CFA 2014 s38(2)(b)); consulting the settings (s39(2)),
their replies in the portal and the naming decision with any s39(4) ground are the existing EHC
workflow. The list never stops a family asking for anything else.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from ehcp import deadlines
from ehcp import selectors as ehcp_selectors
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, CaseEvent, Plan, SettingRequest, Stage
from ehcp.models.plan_content import Section
from ehcp.services import workflow
from ehcp.services.family import tell_family
from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User
from send_portal.notifications import notify
from send_portal.pdf import request_document

from . import rights, selectors
from .directory import locate, postcode_district
from .matching import (
    ChildNeeds,
    age_for_school_year,
    build_candidates,
    distance_km,
    next_school_year_start,
    provision_asked_for,
)
from .models import ListEntry, Preference, SettingProfile, TailoredList

#: Stages in which the family can ask for a school or college to be named.
PREFERENCE_STAGES = (Stage.DRAFT_SERVED, Stage.CONSULTING)


def _lock_case(case_id: int) -> Case:
    return (
        Case.objects.select_for_update().select_related("child", "local_authority").get(pk=case_id)
    )


def _lock_list(list_id: int) -> TailoredList:
    return TailoredList.objects.select_for_update().get(pk=list_id)


def _audit(actor, case: Case, summary: str, obj, action=AuditEvent.Action.UPDATE, **detail):
    audit.record(
        actor=actor,
        action=action,
        summary=f"{case.reference}: {summary}",
        obj=obj,
        child_id=case.child_id,
        detail=detail,
    )


def _event(case: Case, *, on: date, actor, title: str, detail: str = "", basis: str = ""):
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        occurred_on=on,
        actor=actor,
        title=title,
        detail=detail,
        legal_basis=basis,
        visible_to_family=True,
    )


def require_area(case: Case) -> str:
    """The sign-off record, or InvalidTransition saying why lists are off in this area."""
    allowed, why = selectors.area_status(case.local_authority)
    if not allowed:
        raise InvalidTransition(f"Tailored lists are not switched on here. {why}")
    return why


def latest_plan(case: Case) -> Plan | None:
    return case.plans.order_by("-version").first()


def child_needs(case: Case, plan: Plan, *, school_year_starts: date) -> ChildNeeds:
    """What sections B and F of the plan, and the child's SEN2 needs, say the child needs."""
    child = case.child
    areas: dict[str, list[str]] = {}
    for need in plan.needs.filter(section=Section.B).order_by("area", "position", "id"):
        if need.area:
            areas.setdefault(need.area, []).append(need.description[:120])
    texts = []
    for item in plan.provisions.filter(section=Section.F):
        parts = (item.description, item.delivered_by, item.expertise, item.group_size)
        texts.append((item.description, " ".join(part for part in parts if part)))
    codes = [c for c in (child.primary_need, child.secondary_need) if c]
    home = locate(child.postcode)
    return ChildNeeds(
        age=age_for_school_year(child.date_of_birth, school_year_starts),
        school_year_starts=school_year_starts,
        need_codes=codes,
        areas=areas,
        provision=provision_asked_for(texts),
        home=home,
        home_district=postcode_district(child.postcode) if home else "",
        local_authority_id=case.local_authority_id,
    )


def build_list(
    *, actor: User, case_id: int, on: date, school_year_starts: date | None = None
) -> TailoredList:
    """Build the next version of the child's list from the current plan (sections B and F).

    A version not yet sent is rebuilt in place; a sent version is never changed, so rebuilding
    after sending makes a new version. Settings the caseworker added are kept, with their reasons.
    """
    with transaction.atomic():
        case = _lock_case(case_id)
        permissions.require(actor, "tailored_lists.manage", case)
        sign_off = require_area(case)
        plan = latest_plan(case)
        if plan is None:
            raise InvalidTransition(
                "Start the draft plan first: the list is built from the needs in section B and "
                "the provision in section F."
            )
        starts = school_year_starts or next_school_year_start(on)
        needs = child_needs(case, plan, school_year_starts=starts)
        if not needs.need_codes and not needs.areas:
            raise InvalidTransition(
                "Record the child's needs in section B of the plan (with their broad area) "
                "before building the list."
            )
        latest = case.tailored_lists.select_for_update().order_by("-version").first()
        carried = [] if latest is None else list(latest.entries.filter(added_by_caseworker=True))
        tailored = _version_to_build(
            case, latest, plan_version=plan.version, sign_off=sign_off, needs=needs, actor=actor
        )
        entries = _entries(tailored, build_candidates(needs), carried)
        ListEntry.objects.bulk_create(entries)
        _audit(
            actor,
            case,
            f"Tailored list version {tailored.version} built ({len(entries)} settings)",
            tailored,
            action=AuditEvent.Action.CREATE,
            plan_version=plan.version,
        )
    return tailored


def _version_to_build(
    case: Case, latest, *, plan_version: int, sign_off, needs: ChildNeeds, actor: User
) -> TailoredList:
    """The latest version, emptied, if it is not sent yet; otherwise a new version."""
    if latest is not None and not latest.is_sent:
        tailored = latest
        tailored.entries.all().delete()
        tailored.plan_version = plan_version
        tailored.area_sign_off = sign_off
        tailored.needs_summary = needs.summary()
        tailored.child_age = needs.age
        tailored.school_year_starts = needs.school_year_starts
        tailored.home_district = needs.home_district
        tailored.created_by = actor
        tailored.save()
        return tailored
    return TailoredList.objects.create(
        case=case,
        version=(latest.version + 1) if latest else 1,
        plan_version=plan_version,
        area_sign_off=sign_off,
        needs_summary=needs.summary(),
        child_age=needs.age,
        school_year_starts=needs.school_year_starts,
        home_district=needs.home_district,
        created_by=actor,
    )


def _entries(tailored: TailoredList, candidates, carried: list[ListEntry]) -> list[ListEntry]:
    """The matched settings in order, then the caseworker's own additions not among them."""
    entries = [
        ListEntry(
            tailored_list=tailored,
            setting_id=c.setting_id,
            position=i,
            category=c.category,
            score=c.score,
            distance_km=c.distance_km,
            reasons=c.reasons,
        )
        for i, c in enumerate(candidates, start=1)
    ]
    taken = {c.setting_id for c in candidates}
    position = len(entries)
    for old in carried:
        if old.setting_id in taken:
            continue
        position += 1
        entries.append(
            ListEntry(
                tailored_list=tailored,
                setting_id=old.setting_id,
                position=position,
                category=old.category,
                score=old.score,
                distance_km=old.distance_km,
                reasons=old.reasons,
                added_by_caseworker=True,
            )
        )
    return entries


def add_setting(*, actor: User, list_id: int, setting: Organisation, reason: str) -> ListEntry:
    """The caseworker adds a setting to a list not yet sent, saying why."""
    if setting is None or setting.kind != Organisation.Kind.SETTING:
        raise DomainError("Choose a school, college or other setting", field="setting")
    if not reason.strip():
        raise DomainError("Enter why this setting is on the list", field="reason")
    with transaction.atomic():
        tailored = _lock_list(list_id)
        case = _lock_case(tailored.case_id)
        permissions.require(actor, "tailored_lists.manage", case)
        require_area(case)
        if tailored.is_sent:
            raise InvalidTransition(
                f"Version {tailored.version} has been sent to the family and cannot change. "
                "Build a new version to add a setting."
            )
        if tailored.entries.filter(setting=setting).exists():
            raise DomainError(f"{setting.name} is already on the list", field="setting")
        profile = selectors.profile_of(setting)
        home = locate(case.child.postcode)
        distance = None
        if home and profile and profile.latitude is not None:
            distance = round(distance_km(*home, profile.latitude, profile.longitude), 1)
        position = (tailored.entries.aggregate(m=Max("position"))["m"] or 0) + 1
        entry = ListEntry.objects.create(
            tailored_list=tailored,
            setting=setting,
            position=position,
            category=profile.category if profile else "mainstream",
            distance_km=distance,
            reasons=[f"Added by the council: {reason.strip()}"]
            + ([f"{distance} km from home (straight line)."] if distance is not None else []),
            added_by_caseworker=True,
        )
        _audit(actor, case, f"{setting.name} added to tailored list v{tailored.version}", entry)
    return entry


def send_list(*, actor: User, list_id: int, sent_on: date) -> TailoredList:
    """Send a version to the family with the letter (PDF) and the rights notice."""
    with transaction.atomic():
        tailored = _lock_list(list_id)
        case = _lock_case(tailored.case_id)
        permissions.require(actor, "tailored_lists.manage", case)
        require_area(case)
        if tailored.is_sent:
            raise InvalidTransition(f"Version {tailored.version} has already been sent.")
        if sent_on > workflow_today():
            raise DomainError(
                "The date the list was sent must be today or in the past", field="sent_on"
            )
        newer = case.tailored_lists.filter(version__gt=tailored.version).exists()
        if newer:
            raise InvalidTransition("A newer version of the list exists; send that one.")
        if not tailored.entries.exists():
            raise InvalidTransition("The list has no settings on it.")
        tailored.sent_on = sent_on
        tailored.sent_by = actor
        tailored.letter = request_document(
            title=f"Tailored list of settings for {case.child.full_name} "
            f"(version {tailored.version})",
            template_name="tailored_lists/letter_pdf.html",
            context=letter_context(tailored),
            owner=case,
            actor=actor,
        )
        tailored.save(update_fields=["sent_on", "sent_by", "letter"])
        _event(
            case,
            on=sent_on,
            actor=actor,
            title=f"Tailored list of settings sent (version {tailored.version})",
            detail="Advice to help choose a school or college. The family can still ask for any "
            "school or college the law allows, on the list or not.",
            basis="SEND and AP Improvement Plan (2023) chapter 2 paragraphs 63-69; rights under "
            "Children and Families Act 2014 ss33, 38 and 39 unchanged",
        )
        _audit(actor, case, f"Tailored list v{tailored.version} sent to the family", tailored)
        window = case.representations_window if case.stage in PREFERENCE_STAGES else None
        tell_family(
            case,
            on=sent_on,
            key=f"tailored_list:{tailored.pk}",
            subject=f"A list of schools and colleges for {case.child.known_as}",
            what_happened=f"{case.local_authority.name} sent you a tailored list of "
            f"{tailored.entries.count()} schools and colleges (version {tailored.version}, "
            f"{sent_on:%-d %B %Y}) that it thinks could meet {case.child.known_as}'s needs. "
            "It is advice: you can still ask for any school or college the law allows, "
            "including one not on the list and a mainstream school.",
            what_to_do="Read the list and the reasons for each setting, then put the ones you "
            "want in order of preference, or name any other school or college.",
            due=window,
            link=reverse("tailored-list-family", args=[case.reference]),
        )
    return tailored


def workflow_today() -> date:
    return ehcp_selectors.today()


def letter_context(tailored: TailoredList) -> dict:
    """The frozen facts for the list letter (JSON only)."""
    case = tailored.case
    starts = tailored.school_year_starts
    entries = []
    for entry in selectors.entries_of(tailored):
        profile = selectors.profile_of(entry.setting)
        entries.append(
            {
                "position": entry.position,
                "name": entry.setting.name,
                "urn": entry.setting.urn,
                "type": entry.setting.setting_type,
                "category": entry.get_category_display(),
                "ages": f"{profile.low_age} to {profile.high_age}"
                if profile and profile.low_age is not None
                else "",
                "distance_km": entry.distance_km,
                "reasons": entry.reasons,
            }
        )
    return {
        "document_title": f"Tailored list of settings, version {tailored.version}",
        "council_name": case.local_authority.name,
        "child_name": case.child.full_name,
        "reference": case.reference,
        "version": tailored.version,
        "sent_on": f"{tailored.sent_on or workflow_today():%-d %B %Y}",
        "school_year": f"{starts.year} to {starts.year + 1}",
        "child_age": tailored.child_age,
        "area_sign_off": tailored.area_sign_off,
        "entries": entries,
        "rights": rights.notice(selectors.sendiass_for(case.local_authority)),
    }


# ---- The family's preferences -----------------------------------------------------------------


def _family_list(actor, list_id: int) -> tuple[TailoredList, Case]:
    tailored = _lock_list(list_id)
    case = _lock_case(tailored.case_id)
    permissions.require(actor, "tailored_lists.express_preferences", case)
    if not tailored.is_sent:
        raise InvalidTransition("This list has not been sent to you.")
    if tailored.preferences_sent_on:
        raise InvalidTransition(
            f"You sent your preferences on {tailored.preferences_sent_on:%-d %B %Y}. To ask for "
            "another school or college, use 'Ask for a school or college' on your case page."
        )
    return tailored, case


def add_preference(
    *, actor: User, list_id: int, setting: Organisation | None = None, setting_name: str = ""
) -> Preference:
    """Add a preference at the bottom of the family's order: a setting from the list, any other
    setting in the directory, or any other school or college by name."""
    setting_name = " ".join(setting_name.split())
    if setting is None and not setting_name:
        raise DomainError("Enter the name of the school or college", field="setting_name")
    if setting is not None and setting.kind != Organisation.Kind.SETTING:
        raise DomainError("Choose a school, college or other setting", field="setting")
    with transaction.atomic():
        tailored, case = _family_list(actor, list_id)
        prefs = tailored.preferences.all()
        if setting is not None and prefs.filter(setting=setting).exists():
            raise DomainError(f"{setting.name} is already in your preferences", field="setting")
        if setting is None and prefs.filter(setting_name__iexact=setting_name).exists():
            raise DomainError(
                f"{setting_name} is already in your preferences", field="setting_name"
            )
        on_list = setting is not None and tailored.entries.filter(setting=setting).exists()
        preference = Preference.objects.create(
            tailored_list=tailored,
            rank=prefs.count() + 1,
            setting=setting,
            setting_name="" if setting else setting_name[:200],
            on_list=on_list,
            made_by=actor,
        )
        _audit(
            actor,
            case,
            f"Preference {preference.rank} added: {preference.display_name}",
            preference,
            action=AuditEvent.Action.CREATE,
        )
    return preference


def _renumber(tailored: TailoredList) -> None:
    for i, pref in enumerate(tailored.preferences.order_by("rank", "id"), start=1):
        if pref.rank != i:
            pref.rank = i
            pref.save(update_fields=["rank"])


def remove_preference(*, actor: User, preference_id: int) -> None:
    with transaction.atomic():
        list_id = Preference.objects.values_list("tailored_list_id", flat=True).get(
            pk=preference_id
        )
        tailored, case = _family_list(actor, list_id)
        preference = tailored.preferences.get(pk=preference_id)
        name = preference.display_name
        preference.delete()
        _renumber(tailored)
        _audit(actor, case, f"Preference removed: {name}", tailored)


def move_preference_up(*, actor: User, preference_id: int) -> None:
    with transaction.atomic():
        list_id = Preference.objects.values_list("tailored_list_id", flat=True).get(
            pk=preference_id
        )
        tailored, case = _family_list(actor, list_id)
        preference = tailored.preferences.get(pk=preference_id)
        above = tailored.preferences.filter(rank=preference.rank - 1).first()
        if above is None:
            raise InvalidTransition(f"{preference.display_name} is already your first preference.")
        above.rank, preference.rank = preference.rank, above.rank
        above.save(update_fields=["rank"])
        preference.save(update_fields=["rank"])
        _audit(
            actor,
            case,
            f"{preference.display_name} moved up to preference {preference.rank}",
            tailored,
        )


def send_preferences(*, actor: User, list_id: int, on: date) -> list[SettingRequest]:
    """Send the family's preferences: each becomes a request for that school or college to be
    named (CFA 2014 s38(2)(b)), in order of preference, which the council must consult (s39)."""
    with transaction.atomic():
        tailored, case = _family_list(actor, list_id)
        prefs = list(tailored.preferences.select_related("setting").order_by("rank"))
        if not prefs:
            raise DomainError(
                "Add at least one school or college to your preferences", field="preferences"
            )
        if case.stage not in PREFERENCE_STAGES:
            raise InvalidTransition(
                "You can send your preferences once the council has sent you the draft EHC plan."
            )
        requests = []
        for pref in prefs:
            request = workflow.request_setting(
                actor=actor,
                case_id=case.pk,
                requested_on=on,
                setting=pref.setting,
                setting_name=pref.setting_name,
                by_family=True,
            )
            pref.setting_request = request
            pref.save(update_fields=["setting_request"])
            requests.append(request)
        tailored.preferences_sent_on = on
        tailored.save(update_fields=["preferences_sent_on"])
        off_list = [p.display_name for p in prefs if not p.on_list]
        _event(
            case,
            on=on,
            actor=actor,
            title="Preferences sent from the tailored list",
            detail="In order: "
            + "; ".join(f"{p.rank}. {p.display_name}" for p in prefs)
            + (f". Not on the list: {', '.join(off_list)}." if off_list else "."),
            basis="Children and Families Act 2014 s38(2)(b)",
        )
        _audit(actor, case, f"Preferences sent ({len(prefs)})", tailored)
        _tell_caseworker(case, tailored, prefs, on)
    return requests


def _tell_caseworker(case: Case, tailored: TailoredList, prefs, on: date) -> None:
    if case.caseworker is None:
        return
    final = deadlines.final_plan(received=case.received_on)
    notify(
        recipient=case.caseworker,
        subject=f"{case.child.full_name}: preferences received ({case.reference})",
        what_happened=f"The family sent {len(prefs)} preference(s) on {on:%-d %B %Y} from "
        f"tailored list version {tailored.version}: "
        + "; ".join(f"{p.rank}. {p.display_name}" for p in prefs)
        + ".",
        what_to_do="Consult each school or college (Children and Families Act 2014 s39) and "
        "decide about naming each one before issuing the final plan.",
        due_date=final.due,
        legal_basis=final.basis,
        link=reverse("tailored-list-case", args=[case.reference]),
        dedupe_key=f"tailored_lists:{tailored.pk}:preferences",
        local_authority_id=case.local_authority_id,
    )


# ---- The decisions letter ---------------------------------------------------------------------


def send_decisions_letter(*, actor: User, list_id: int, sent_on: date):
    """A letter (PDF) to the family with the decision on each preference and, for any refusal,
    the legal ground (CFA 2014 s39(4)) and reasons, with the rights notice."""
    with transaction.atomic():
        tailored = _lock_list(list_id)
        case = _lock_case(tailored.case_id)
        permissions.require(actor, "tailored_lists.manage", case)
        prefs = list(selectors.preferences_of(tailored))
        if not prefs or tailored.preferences_sent_on is None:
            raise InvalidTransition("The family has not sent preferences from this list.")
        undecided = [
            p.display_name for p in prefs if p.setting_request is None or p.setting_request.is_open
        ]
        if undecided:
            raise InvalidTransition(
                "Decide about naming each preference first: " + ", ".join(undecided) + "."
            )
        context = letter_context(tailored)
        context["document_title"] = f"Decisions on your preferences ({case.reference})"
        context["decisions"] = [
            {
                "rank": p.rank,
                "name": p.display_name,
                "on_list": p.on_list,
                "named": p.setting_request.status == SettingRequest.Status.NAMED,
                "ground": p.setting_request.get_refusal_ground_display()
                if p.setting_request.refusal_ground
                else "",
                "reasons": p.setting_request.refusal_reasons,
                "decided_on": f"{p.setting_request.decided_on:%-d %B %Y}"
                if p.setting_request.decided_on
                else "",
            }
            for p in prefs
        ]
        context["sent_on"] = f"{sent_on:%-d %B %Y}"
        document = request_document(
            title=f"Decisions on preferences for {case.child.full_name}",
            template_name="tailored_lists/decisions_pdf.html",
            context=context,
            owner=case,
            actor=actor,
        )
        tailored.decisions_letter = document
        tailored.save(update_fields=["decisions_letter"])
        _event(
            case,
            on=sent_on,
            actor=actor,
            title="Letter sent: decisions on your preferences",
            detail="; ".join(
                f"{d['name']}: {'will be named' if d['named'] else 'not named'}"
                for d in context["decisions"]
            ),
            basis="Children and Families Act 2014 s39(3)-(4)",
        )
        _audit(actor, case, "Decisions letter on preferences sent", document)
        tell_family(
            case,
            on=sent_on,
            key=f"tailored_list_decisions:{tailored.pk}",
            subject=f"Decisions on your preferences for {case.child.known_as}",
            what_happened=f"{case.local_authority.name} decided about each school or college "
            "you asked for. The letter gives the legal reason for any it will not name.",
            what_to_do="Read the letter. If you disagree with the school or college named in "
            "the final plan you can appeal to the SEND Tribunal, which can name a setting that "
            "is not on the list.",
            link=reverse("tailored-list-family", args=[case.reference]),
        )
    return document


def profile_for(setting: Organisation) -> SettingProfile | None:
    return selectors.profile_of(setting)
