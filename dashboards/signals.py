"""Mark the dashboard summaries of a council stale when data that feeds its figures changes.

Each handler issues one ``INSERT`` of a ``SummaryInvalidation`` (``summaries.invalidate``) in the
writer's transaction, naming the council directly or through ``INSERT ... SELECT`` (never an
extra read, never a lock on a shared row), and schedules the council's recalculation after the
commit. What ``dashboards.aggregates``
reads: ``ehcp`` Case, Plan (issued versions), Decision and Child (need, age, sex, ethnicity);
the setting types of settings named in plans (``send_portal.Organisation``); ``redress``
MediationCase, TribunalAppeal, Complaint and ComplaintStage; and, when installed,
``ehcp.reviews`` Review, PhaseTransfer and Cessation.

Writes that bypass model signals (``QuerySet.update``, ``bulk_create``, raw SQL, ``COPY``) are
caught by the nightly ``refresh_all_summaries`` or by ``manage.py refresh_dashboard_summaries``
(``generate_synthetic`` refreshes the councils it loads).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_init, post_save

from ehcp.models import Case, Child, Decision, Plan
from ehcp.redress.models import Complaint, ComplaintStage, MediationCase, TribunalAppeal
from send_portal.models import Organisation

from .summaries import invalidate_and_schedule


def _councils_of_case(case_id):
    return Case.objects.filter(pk=case_id).values_list("local_authority_id", flat=True)


def _previous(instance, attribute, kwargs):
    """The value as loaded from the database (None for a new row), then remember the new one."""
    name = f"_dashboards_{attribute}"
    previous = None if kwargs.get("created") else getattr(instance, name, None)
    setattr(instance, name, instance.__dict__.get(attribute))
    return previous


def _case_changed(sender, instance, **kwargs):
    la_ids = {instance.local_authority_id, _previous(instance, "local_authority_id", kwargs)}
    invalidate_and_schedule([la_id for la_id in la_ids if la_id is not None])


def _remember_case_council(sender, instance, **kwargs):
    instance._dashboards_local_authority_id = instance.__dict__.get("local_authority_id")


def _remember_plan_status(sender, instance, **kwargs):
    instance._dashboards_status = instance.__dict__.get("status")


def _plan_changed(sender, instance, **kwargs):
    # Drafts count nowhere: only a plan that is or was issued changes the figures.
    was = _previous(instance, "status", kwargs)
    if kwargs.get("signal") is post_save and not (
        instance.status in Plan.ISSUED or was in Plan.ISSUED
    ):
        return
    invalidate_and_schedule(_councils_of_case(instance.case_id))


def _case_record_changed(sender, instance, **kwargs):
    invalidate_and_schedule(_councils_of_case(instance.case_id))


def _child_changed(sender, instance, **kwargs):
    invalidate_and_schedule(
        Case.objects.filter(child_id=instance.pk).values_list("local_authority_id", flat=True)
    )


def _complaint_changed(sender, instance, **kwargs):
    invalidate_and_schedule([instance.local_authority_id])


def _complaint_stage_changed(sender, instance, **kwargs):
    invalidate_and_schedule(
        Complaint.objects.filter(pk=instance.complaint_id).values_list(
            "local_authority_id", flat=True
        )
    )


def _remember_setting_type(sender, instance, **kwargs):
    instance._dashboards_setting_type = instance.__dict__.get("setting_type")


def _setting_changed(sender, instance, **kwargs):
    """A setting's type decides the placement group of the plans naming it."""
    if instance.kind != Organisation.Kind.SETTING:
        return
    was = _previous(instance, "setting_type", kwargs)
    if kwargs.get("signal") is post_save and (
        kwargs.get("created") or instance.setting_type == was
    ):
        return
    invalidate_and_schedule(
        Plan.objects.filter(section_i_setting_id=instance.pk).values_list(
            "case__local_authority_id", flat=True
        )
    )


def connect() -> None:
    """Connect the handlers (``DashboardsConfig.ready``)."""
    uid = "dashboards-summaries"
    post_init.connect(_remember_case_council, sender=Case, dispatch_uid=f"{uid}-case-init")
    post_init.connect(_remember_plan_status, sender=Plan, dispatch_uid=f"{uid}-plan-init")
    post_init.connect(
        _remember_setting_type, sender=Organisation, dispatch_uid=f"{uid}-setting-init"
    )
    handlers = [
        (Case, _case_changed),
        (Plan, _plan_changed),
        (Decision, _case_record_changed),
        (MediationCase, _case_record_changed),
        (TribunalAppeal, _case_record_changed),
        (Child, _child_changed),
        (Complaint, _complaint_changed),
        (ComplaintStage, _complaint_stage_changed),
        (Organisation, _setting_changed),
    ]
    try:
        from ehcp.reviews.models import Cessation, PhaseTransfer, Review
    except ImportError:  # the reviews app is not installed
        pass
    else:
        handlers += [(m, _case_record_changed) for m in (Review, PhaseTransfer, Cessation)]
    for model, handler in handlers:
        name = f"{uid}-{model._meta.label_lower}"
        post_save.connect(handler, sender=model, dispatch_uid=f"{name}-save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{name}-delete")
