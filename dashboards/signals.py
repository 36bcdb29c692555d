"""Mark the dashboard summaries of a council stale when data that feeds its figures changes.

Each model whose rows ``dashboards.aggregates`` reads is declared in ``TRACKED`` with the fields
the figures depend on and the rows that lead to its councils. The values of those fields are
remembered when a row is loaded (``post_init``); a save marks the councils (``summaries.mark``:
one ``INSERT`` in the writer's transaction, through an indexed lookup, and a recalculation queued
after the commit) only when the row is new or one of those fields changed, so saving a row as it
was marks nothing. A change of the field that leads to the council (a case moving council, a
record moving case) marks the councils before and after. A delete always marks. Inside
``summaries.deferred_marks`` (bulk loads) the marks are collected and each council marked once.

What ``dashboards.aggregates`` reads: ``ehcp`` Case, Plan (issued versions), Decision and Child
(need, age, sex, ethnicity); the setting types of settings named in plans
(``send_portal.Organisation``); ``redress`` MediationCase, TribunalAppeal, Complaint and
ComplaintStage; and, when installed, ``ehcp.reviews`` Review, PhaseTransfer and Cessation.

The comparison is with the values the instance was loaded with (an instance built in memory and
saved over an existing row counts as changed): services lock the row (``select_for_update``)
before changing it, so those are the committed values. Writes that
bypass model signals (``QuerySet.update``, ``bulk_create``, raw SQL, ``COPY``) call
``summaries.mark`` themselves (the demo, the settings directory import, the synthetic data), or
are caught by the nightly ``refresh_all_summaries`` or ``manage.py refresh_dashboard_summaries``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_init, post_save, pre_save

from ehcp.models import Case, Child, Decision, Plan
from ehcp.redress.models import Complaint, ComplaintStage, MediationCase, TribunalAppeal
from send_portal.models import Organisation

from . import summaries

#: Where an instance keeps the tracked values it was loaded with (or last saved).
SNAPSHOT = "_dashboards_loaded"


@dataclass(frozen=True)
class Tracked:
    #: The fields (attnames) whose values feed the figures.
    fields: tuple[str, ...]
    #: The kind of mark (``summaries.KINDS``) and the field holding its id; "pk" for the row.
    kind: str
    via: str

    def ids(self, values: dict) -> set:
        return {values.get(self.via)} - {None}


CASE_RECORD = ("case_id",)

TRACKED: dict[type, Tracked] = {
    Case: Tracked(
        (
            "local_authority_id",
            "child_id",
            "stage",
            "received_on",
            "assessment_decided_on",
            "final_issued_on",
            "became_responsible",
            "has_exception",
        ),
        "councils",
        "local_authority_id",
    ),
    Plan: Tracked(
        (
            *CASE_RECORD,
            "status",
            "version",
            "issued_on",
            "section_i_setting_id",
            "section_i_type",
        ),
        "cases",
        "case_id",
    ),
    Decision: Tracked((*CASE_RECORD, "kind", "decided_on"), "cases", "case_id"),
    MediationCase: Tracked((*CASE_RECORD, "held_on"), "cases", "case_id"),
    TribunalAppeal: Tracked(
        (*CASE_RECORD, "mediation_id", "registered_on", "decided_on", "outcome"),
        "cases",
        "case_id",
    ),
    Child: Tracked(("primary_need", "date_of_birth", "sex", "ethnicity"), "children", "id"),
    Complaint: Tracked(("local_authority_id",), "councils", "local_authority_id"),
    ComplaintStage: Tracked(("complaint_id", "stage", "started_on"), "complaints", "complaint_id"),
    # A setting's type decides the placement group of the plans naming it.
    Organisation: Tracked(("setting_type",), "settings", "id"),
}

try:
    from ehcp.reviews.models import Cessation, PhaseTransfer, Review
except ImportError:  # the reviews app is not installed
    pass
else:
    TRACKED |= {
        Review: Tracked((*CASE_RECORD, "kind", "due_on", "completed_on"), "cases", "case_id"),
        PhaseTransfer: Tracked((*CASE_RECORD, "deadline_on", "named_on"), "cases", "case_id"),
        Cessation: Tracked((*CASE_RECORD, "stage", "ceased_on"), "cases", "case_id"),
    }


def _values(instance, tracked: Tracked) -> dict:
    """The tracked values the instance holds (deferred fields left out)."""
    held = instance.__dict__
    return {name: held[name] for name in (*tracked.fields, "id") if name in held}


def _remember(sender, instance, **kwargs):
    tracked = TRACKED[sender]
    instance.__dict__[SNAPSHOT] = _values(instance, tracked)


def _forget_unless_loaded(sender, instance, **kwargs):
    """An instance built in memory (``Model(...)``, not loaded from the database) remembers the
    values it was built with: if its save turns out to overwrite an existing row, every tracked
    field must count as changed."""
    if instance._state.adding:
        instance.__dict__[SNAPSHOT] = {}


def _counts(sender, instance, before: dict, now: dict) -> bool:
    """Whether a row in this state counts anywhere at all."""
    if sender is Organisation:
        return instance.kind == Organisation.Kind.SETTING
    if sender is Plan:
        # Drafts count nowhere: only a plan that is or was issued changes the figures.
        return before.get("status") in Plan.ISSUED or now.get("status") in Plan.ISSUED
    return True


def _mark(tracked: Tracked, *states: dict) -> None:
    ids = set().union(*(tracked.ids(state) for state in states))
    if ids:
        summaries.mark(**{tracked.kind: ids})


def _saved(sender, instance, created=False, update_fields=None, **kwargs):
    tracked = TRACKED[sender]
    # A new row (including a copy of a loaded one saved with ``pk = None``) was nothing before.
    before = {} if created else instance.__dict__.get(SNAPSHOT) or {}
    now = _values(instance, tracked)
    if update_fields is not None:
        # Only these columns were written: the others keep the values they were loaded with.
        written = {sender._meta.get_field(name).attname for name in update_fields}
        instance.__dict__[SNAPSHOT] = {
            **before,
            **{name: value for name, value in now.items() if name in written},
        }
    else:
        instance.__dict__[SNAPSHOT] = now
    if not _counts(sender, instance, before, now):
        return
    if created:
        if sender is not Organisation:  # no plan can name a setting that did not exist
            _mark(tracked, now)
        return
    fields = tracked.fields
    if update_fields is not None:
        fields = [name for name in fields if name in written]
    changed = [name for name in fields if name not in before or before[name] != now.get(name)]
    if changed:
        _mark(tracked, before, now)


def _deleted(sender, instance, **kwargs):
    tracked = TRACKED[sender]
    before = instance.__dict__.get(SNAPSHOT) or {}
    now = _values(instance, tracked)
    if _counts(sender, instance, before, now):
        _mark(tracked, before, now)


def connect() -> None:
    """Connect the handlers (``DashboardsConfig.ready``)."""
    uid = "dashboards-summaries"
    for model in TRACKED:
        name = f"{uid}-{model._meta.label_lower}"
        post_init.connect(_remember, sender=model, dispatch_uid=f"{name}-init")
        pre_save.connect(_forget_unless_loaded, sender=model, dispatch_uid=f"{name}-pre-save")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{name}-save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{name}-delete")
