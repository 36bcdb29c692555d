"""Erasing a child's record: personal data scrubbed everywhere, the statistical skeleton kept.

:func:`erase_child` is the only way a child's record is erased. It runs in one transaction with
the child and their cases locked, and:

* **keeps the statistical skeleton** so that dashboards and SEN2 figures for past years do not
  change: the council, the cases' statutory dates and stages, the kinds of decisions and their
  dates, plan versions with their status, issue dates and placement (setting and type), reviews,
  phase transfers, ceasing, mediation, appeals and complaints with their dates, kinds and
  outcomes. Of the child it keeps the council, sex, ethnicity, primary and secondary need and the
  **month and year of birth** (the date of birth becomes the 1st of the month: enough for age
  bands and school cohorts; the exact date is an identifier);
* **scrubs** every free-text and JSON field of those kept rows (names, reasons, notes,
  summaries; timeline titles and details), except the code fields listed in :data:`REGISTRY`;
* **deletes** rows that are only personal content: the plan's sections (views, needs, outcomes,
  provision, personal budget), advice, comments, messages, notes, tasks, representations,
  views for reviews, mediation participants, tailored lists and the family's preferences, the
  child's relationships, every generated document (the PDF file too), every notification about
  the child (the e-mail outbox and delivery log go with it: e-mail bodies contain names), the
  access log of the child's record and per-object permission shares;
* **anonymises the family's accounts** (parent, young person, representative) that have no
  other child and no staff role: names and e-mail replaced, password unusable, deactivated;
  their own notifications, sign-in history and sign-in attempts deleted;
* **scrubs the audit log**: every event about the child or one of the rows above keeps its time,
  actor, action and object reference, loses its summary, detail, address and child id;
* records one ``AuditEvent`` for the erasure (who, when, the reason, the retention rule, counts
  of rows touched; no personal data) and appends the child's id to the **erasure ledger**
  (``send_portal.erasure_ledger``), kept outside the database so that erasures can be re-applied
  after a backup is restored (``manage.py apply_retention --reapply-erasures``; docs/backups.md).

:data:`REGISTRY` says, for every model with a relation to a child or a case, how it is treated;
``tests/send_portal/test_erasure.py`` fails when a model with such a relation is added without
an entry, and scans every text and JSON column of every model for the child's identifiers after
an erasure.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from guardian.models import UserObjectPermission

from . import audit, permissions
from .erasure_ledger import append_to_ledger, read_ledger
from .models import PERSONAL_ROLES, AuditEvent, GeneratedDocument, Notification, Role, User
from .permissions import rule

logger = logging.getLogger(__name__)

#: What an erased name or non-optional text becomes.
ERASED = "Erased"
#: The key in ``AuditEvent.detail`` that marks the event recording an erasure.
MARK = "erasure"


class ErasureRefused(Exception):
    """The record cannot be erased now; the message says why and what to do."""


class _System:
    """The retention sweep acting on its own (``apply_retention``): may only erase a record
    that is past its retention date, or re-apply an erasure after a restore."""

    is_authenticated = False
    display_name = "Retention sweep"

    def __str__(self) -> str:
        return self.display_name


SYSTEM = _System()


# ---- the registry --------------------------------------------------------------------------------

KEEP = "keep"  # kept whole: no free text about the child
SCRUB = "scrub"  # row kept (statistics); free text and JSON cleared except ``keep``
DELETE = "delete"  # row deleted


@dataclass(frozen=True)
class Treatment:
    handling: str
    #: Lookup from the model to the child (:attr:`Subject.child`) it belongs to.
    path: str
    #: Text/JSON fields kept on a scrubbed row: codes and legal bases, never free text.
    keep: tuple[str, ...] = ()
    why: str = ""


_CODES = "codes and legal bases only"

#: Every model with a relation (direct or through another) to the child's record, registered by
#: the app that owns it (:func:`register`). The order is the order of treatment: rows are deleted
#: before the rows they point to.
REGISTRY: dict[str, Treatment] = {}

#: Models that rows of the registry point to, and how they are treated.
REFERENCED: dict[str, str] = {
    "send_portal.Organisation": "kept: councils, settings and services, not personal data",
    "send_portal.User": "staff kept; the family's accounts anonymised (see anonymise_user)",
    "send_portal.GeneratedDocument": "deleted with its file (letters, plans, certificates)",
}


@dataclass(frozen=True)
class Delegated:
    """A model whose rows are erased by its own app's function (it also removes stored files),
    called with each of the child's cases; ``path`` as in :class:`Treatment`."""

    path: str
    hook: str  # dotted path of the function
    why: str = ""

    def function(self):
        return import_string(self.hook)


DELEGATED: dict[str, Delegated] = {}


@dataclass(frozen=True)
class Subject:
    """The app that owns children's records tells the core which models they are and how a
    record is judged closed; the core then erases without importing the app."""

    #: Model labels of the child and of their cases (``Case.child``).
    child: str
    case: str
    #: ``(child, today)``: raise :class:`ErasureRefused` while the record may not be erased.
    refuse_unless_closed: Callable[[Any, date], None]
    #: ``(child) -> {field: value}``: what the child's own row keeps, beyond scrubbed text.
    scrubbed_child: Callable[[Any], dict]

    @property
    def child_model(self):
        return apps.get_model(self.child)

    @property
    def case_model(self):
        return apps.get_model(self.case)


_SUBJECT: list[Subject] = []


def register(
    treatments: dict[str, Treatment],
    *,
    referenced: dict[str, str] | None = None,
    delegated: dict[str, Delegated] | None = None,
    subject: Subject | None = None,
) -> None:
    """Called by an app (from its ``AppConfig.ready``) for the models it owns that relate to a
    child's record: how each is treated, the models they point to, the models its own function
    erases, and (the app that owns children's records) the :class:`Subject`."""
    REGISTRY.update(treatments)
    REFERENCED.update(referenced or {})
    DELEGATED.update(delegated or {})
    if subject is not None:
        _SUBJECT[:] = [subject]


#: ``(child_id, today) -> the child's retention entry if past it, else None``: registered by
#: ``send_portal.retention`` (which runs the sweep with :func:`erase_child`, so is not imported).
_RETENTION_DUE: list[Callable[[int, date], Any]] = []


def register_retention(child_due: Callable[[int, date], Any]) -> None:
    _RETENTION_DUE[:] = [child_due]


def _retention_due() -> Callable[[int, date], Any]:
    if not _RETENTION_DUE:
        raise ImproperlyConfigured("The retention rules are not loaded (send_portal.retention)")
    return _RETENTION_DUE[0]


def subject() -> Subject:
    if not _SUBJECT:
        raise ImproperlyConfigured("No app has registered the children's records to erase")
    return _SUBJECT[0]


# ---- permission ---------------------------------------------------------------------------------


@rule(
    "send_portal.erase_child",
    denied_message="Only a SEND manager of the child's council can erase a child's record.",
)
def erase_child_rule(user, child=None) -> bool:
    return child is not None and child.local_authority_id in user.organisations_for(
        Role.SEND_MANAGER
    )


# ---- which children are erased ------------------------------------------------------------------


def erasure_events():
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE,
        object_type=subject().child_model._meta.label_lower,
        detail__has_key=MARK,
    )


def erased_child_ids() -> list[int]:
    return [int(pk) for pk in erasure_events().values_list("object_id", flat=True)]


def is_erased(child) -> bool:
    return erasure_events().filter(object_id=str(child.pk)).exists()


# ---- the service --------------------------------------------------------------------------------


@dataclass
class Erasure:
    child_id: int
    rule: str
    counts: Counter = field(default_factory=Counter)
    event_id: int | None = None

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.is_relation
        and not f.primary_key
        and isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def _scrubbed_values(model, keep: tuple[str, ...]) -> dict:
    values = {}
    for f in _text_fields(model):
        if f.name in keep or (f.choices and not isinstance(f, models.JSONField)):
            continue
        if isinstance(f, models.JSONField):
            values[f.name] = f.get_default()
        elif f.null:
            values[f.name] = None
        else:
            values[f.name] = "" if f.blank else ERASED
    return values


def identifiers(child) -> list[str]:
    """Strings that identify the child, for finding them in free text."""
    names = {f"{child.first_name} {child.last_name}", child.full_name}
    if child.preferred_name:
        names.add(f"{child.preferred_name} {child.last_name}")
    numbers = {n for n in (child.upn, child.uln, child.nhs_number) if n and len(n) >= 6}
    references = set(child.cases.values_list("reference", flat=True))
    return sorted(s for s in names | numbers | references if s.strip())


def refusal_reason(child, today: date | None = None) -> str | None:
    """Why a SEND manager cannot erase ``child``'s record now, or None if they can."""
    if is_erased(child):
        return "This record has already been erased."
    try:
        _refuse_unless_closed(child, today or timezone.localdate())
    except ErasureRefused as exc:
        return str(exc)
    return None


def _without_identifiers(text: str, child) -> str:
    """``text`` with the child's names and identifiers taken out (the reason for an erasure is
    kept in the audit log, which must hold no personal data of the erased record)."""
    words = set(identifiers(child)) | {
        w for w in (child.first_name, child.last_name, child.preferred_name) if len(w) > 1
    }
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(word)}\b", "[name removed]", text, flags=re.IGNORECASE)
    return text


def _refuse_unless_closed(child, today: date) -> None:
    subject().refuse_unless_closed(child, today)


def erase_child(
    *,
    actor,
    child_id: int,
    reason: str,
    rule_key: str | None = None,
    today: date | None = None,
) -> Erasure:
    """Erase the personal data of child ``child_id`` everywhere; keep the statistical skeleton.

    ``actor`` is a SEND manager of the child's council (a record whose requests are all closed
    and whose plan, if any, has ceased) or :data:`SYSTEM` (the retention sweep: only a record
    past its retention date, ``rule_key`` being the rule that says so, or ``rule_key="reapply"``
    after a restore).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ErasureRefused("Enter the reason for erasing the record.")
    today = today or timezone.localdate()
    with transaction.atomic():
        child = subject().child_model.objects.select_for_update().get(pk=child_id)
        cases = subject().case_model.objects.select_for_update().filter(child=child)
        list(cases.values_list("pk", flat=True))
        if actor is not SYSTEM:
            permissions.require(actor, "send_portal.erase_child", child)
        if is_erased(child) and rule_key != "reapply":
            raise ErasureRefused("This record has already been erased.")
        if actor is SYSTEM:
            if rule_key == "reapply":
                ledger = {int(entry["child_id"]) for entry in read_ledger()}
                if child.pk not in ledger and not is_erased(child):
                    raise ErasureRefused("Only an erasure on record can be re-applied.")
            else:
                due = _retention_due()(child.pk, today)
                if due is None or due.rule.key != rule_key:
                    raise ErasureRefused(
                        "The retention sweep may only erase a record past its retention date."
                    )
        else:
            _refuse_unless_closed(child, today)
            rule_key = rule_key or "request"
        result = Erasure(child_id=child.pk, rule=rule_key)
        reason = _without_identifiers(reason, child)
        _erase(child, result)
        detail = {
            MARK: True,
            "rule": rule_key,
            "by": "system" if actor is SYSTEM else "person",
            "counts": {k: v for k, v in sorted(result.counts.items()) if v},
            "child_created_at": child.created_at.isoformat(),
            "reason": reason[:500],
        }
        # The event names the (now anonymous) child row, for re-applying after a restore; its
        # child_id stays empty so it is not part of any access log.
        event = audit.record(
            actor=None if actor is SYSTEM else actor,
            action=AuditEvent.Action.DELETE,
            obj=child,
            summary=f"Erased the personal data of a child's record ({result.rows} rows)",
            detail=detail,
        )
        result.event_id = event.pk
        entry = {
            "child_id": child.pk,
            "child_created_at": child.created_at.isoformat(),
            "erased_at": timezone.now().isoformat(),
            "rule": rule_key,
            "audit_event": event.pk,
        }
        if rule_key != "reapply":
            transaction.on_commit(lambda: append_to_ledger(entry))
    return result


def _erase(child, result: Erasure) -> None:
    strings = identifiers(child)
    cases = list(subject().case_model.objects.filter(child=child))
    touched: dict[str, set[str]] = {}
    documents: set[int] = set()

    # Every row of every registered model, before anything changes.
    rows: dict[str, models.QuerySet] = {}
    for label, delegated in DELEGATED.items():
        try:
            model = apps.get_model(label)
        except LookupError:  # pragma: no cover - the app is not installed
            continue
        pks = model._default_manager.filter(**{delegated.path: child.pk}).values_list("pk")
        touched[model._meta.label_lower] = {str(pk) for (pk,) in pks}
    for label, treatment in REGISTRY.items():
        model = apps.get_model(label)
        qs = model._default_manager.filter(**{treatment.path: child.pk})
        rows[label] = qs
        pks = list(qs.values_list("pk", flat=True))
        touched[model._meta.label_lower] = {str(pk) for pk in pks}
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is GeneratedDocument:
                documents.update(
                    d for d in qs.values_list(f.attname, flat=True).distinct() if d is not None
                )
    owners = Q()
    for label_lower, pks in touched.items():
        if pks:
            owners |= Q(owner_type=label_lower, owner_id__in=pks)
    documents.update(GeneratedDocument.objects.filter(owners).values_list("pk", flat=True))
    if strings:
        by_text = Q()
        for s in strings:
            by_text |= Q(context__icontains=s) | Q(title__icontains=s)
        documents.update(GeneratedDocument.objects.filter(by_text).values_list("pk", flat=True))

    family = _family_to_anonymise(child)

    # Other apps' rows erased by their own function (uploaded files).
    for label, delegated in DELEGATED.items():
        hook = delegated.function()
        for case in cases:
            result.counts[f"deleted:{label}"] += hook(case) or 0

    # Delete, then scrub.
    for label, treatment in REGISTRY.items():
        if treatment.handling == DELETE:
            count, by_model = rows[label].delete()
            for model_label, n in by_model.items():
                result.counts[f"deleted:{model_label}"] += n
    for label, treatment in REGISTRY.items():
        if treatment.handling != SCRUB:
            continue
        model = apps.get_model(label)
        values = _scrubbed_values(model, treatment.keep)
        if label == subject().child:
            values.update(subject().scrubbed_child(child))
        if values:
            result.counts[f"scrubbed:{label}"] += rows[label].update(**values)

    _delete_documents(documents, result)
    _erase_notifications(child, cases, strings, family, result)
    _erase_audit(child, touched, family, result)
    _erase_object_shares(touched, result)
    for user in family:
        anonymise_user(user, result)


def _family_to_anonymise(child) -> list[User]:
    """The family's accounts that exist only for this child."""
    users = User.objects.filter(child_relationships__child=child).distinct()
    chosen = []
    for user in users:
        others = user.child_relationships.exclude(child=child)
        if others.exclude(child_id__in=erased_child_ids()).exists():
            continue
        if user.role_set() - PERSONAL_ROLES:
            continue
        chosen.append(user)
    return chosen


def _delete_documents(ids: set[int], result: Erasure) -> None:
    if not ids:
        return
    documents = GeneratedDocument.objects.filter(pk__in=ids)
    files = [d.file.name for d in documents if d.file]
    storage = GeneratedDocument._meta.get_field("file").storage
    count, _ = documents.delete()
    result.counts["deleted:send_portal.GeneratedDocument"] += count

    def remove_files():
        for name in files:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - reported, the row is already gone
                logger.exception("Could not delete the file of an erased document")

    transaction.on_commit(remove_files)


def _case_link(reference: str) -> Q:
    escaped = re.escape(reference)
    return Q(link__regex=rf"/{escaped}(/|#|\?|$)")


def _erase_notifications(child, cases, strings, family, result: Erasure) -> None:
    about = Q(recipient__in=family)
    for case in cases:
        about |= _case_link(case.reference)
    for s in strings:
        about |= (
            Q(subject__icontains=s) | Q(what_happened__icontains=s) | Q(what_to_do__icontains=s)
        )
    count, by_model = Notification.objects.filter(about).delete()
    for model_label, n in by_model.items():
        result.counts[f"deleted:{model_label}"] += n


def _erase_audit(child, touched, family, result: Erasure) -> None:
    about = Q(child_id=child.pk) | Q(actor__in=family)
    for label_lower, pks in touched.items():
        if pks:
            about |= Q(object_type=label_lower, object_id__in=pks)
    events = AuditEvent.objects.filter(about).exclude(detail__has_key=MARK)
    # The access log of the record (staff views and exports): deleted with it.
    access = events.filter(action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT])
    count, _ = access.delete()
    result.counts["deleted:send_portal.AuditEvent"] += count
    result.counts["scrubbed:send_portal.AuditEvent"] += events.update(
        summary="Details removed when the child's record was erased",
        detail={},
        child_id=None,
        ip_address=None,
    )


def _erase_object_shares(touched, result: Erasure) -> None:
    shares = Q()
    for label_lower, pks in touched.items():
        if not pks:
            continue
        app_label, model_name = label_lower.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        shares |= Q(content_type=content_type, object_pk__in=pks)
    if shares:
        count, _ = UserObjectPermission.objects.filter(shares).delete()
        result.counts["deleted:guardian.UserObjectPermission"] += count


def anonymise_user(user: User, result: Erasure) -> None:
    """Remove a family member's personal data from their account and switch it off."""
    old_email = user.email
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        count, _ = model.objects.filter(username__iexact=old_email).delete()
        result.counts[f"deleted:{model._meta.label}"] += count
    count, _ = Notification.objects.filter(recipient=user).delete()
    result.counts["deleted:send_portal.Notification"] += count
    UserObjectPermission.objects.filter(user=user).delete()
    user.role_assignments.filter(role__in=PERSONAL_ROLES).delete()
    try:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.filter(user=user).delete()
    except ImportError:  # pragma: no cover
        pass
    address = f"erased-{user.pk}@erased.invalid"
    user.first_name = ERASED
    user.last_name = "account"
    user.email = address
    user.username = address
    for name in ("telephone", "job_title"):
        if hasattr(user, name):
            setattr(user, name, "")
    user.is_active = False
    user.set_unusable_password()
    user.save()
    result.counts["anonymised:send_portal.User"] += 1


# ---- after a restore ----------------------------------------------------------------------------


def reapply_erasures() -> list[int]:
    """Erase again every child named in the ledger or the audit log whose personal data is back
    (a backup taken before the erasure was restored). Returns the ids erased again."""
    wanted: dict[int, str | None] = {}
    for entry in read_ledger():
        wanted[int(entry["child_id"])] = entry.get("child_created_at")
    for event in erasure_events():
        wanted.setdefault(int(event.object_id), event.detail.get("child_created_at"))
    redone = []
    for child_id, created_at in sorted(wanted.items()):
        child = subject().child_model.objects.filter(pk=child_id).first()
        if child is None:
            continue
        if created_at and child.created_at.isoformat() != created_at:
            logger.warning("Child %s is not the erased row (created at differs): left", child_id)
            continue
        if child.first_name == ERASED and child.last_name == "record" and is_erased(child):
            continue
        erase_child(
            actor=SYSTEM,
            child_id=child_id,
            reason="Erasure re-applied after a backup was restored",
            rule_key="reapply",
        )
        redone.append(child_id)
    return redone
