"""Serializers of the EHC API: what each resource shows. Writes validate types here and leave
every rule of the law to the services."""

from __future__ import annotations

from rest_framework import serializers

from send_portal.api.serializers import ReadModelSerializer

from ..models import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    AdviceItem,
    AdviceRequest,
    AreaOfNeed,
    Case,
    CaseEvent,
    Decision,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    PlanViews,
    PreparationForAdulthood,
)


class ChildSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField()


class CaseSerializer(ReadModelSerializer):
    child = ChildSerializer(read_only=True)
    local_authority = serializers.CharField(source="local_authority.la_code", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    caseworker = serializers.EmailField(source="caseworker.email", read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "reference",
            "child",
            "local_authority",
            "stage",
            "stage_label",
            "request_source",
            "received_on",
            "caseworker",
            "assessment_decided_on",
            "plan_decided_on",
            "draft_served_on",
            "final_issued_on",
            "closed_on",
            "next_due_key",
            "next_due_on",
            "has_exception",
        ]
        read_only_fields = fields


class TimelineEventSerializer(ReadModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "occurred_on", "title", "detail", "legal_basis"]
        read_only_fields = fields


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    due = serializers.DateField()
    basis = serializers.CharField(help_text="The law that sets the date.")
    kind = serializers.ChoiceField(choices=["statutory", "target", "guidance"])
    status = serializers.ChoiceField(
        choices=[
            "met",
            "met_late",
            "overdue",
            "due_today",
            "due_soon",
            "on_track",
            "not_applicable",
        ]
    )
    met_on = serializers.DateField(allow_null=True)
    exception = serializers.CharField(allow_blank=True)


class DecisionSerializer(ReadModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "kind",
            "kind_label",
            "decided_on",
            "reasons",
            "notice_sent_on",
            "appeal_deadline",
            "appeal_deadline_basis",
        ]
        read_only_fields = fields


class AdviceItemSerializer(ReadModelSerializer):
    class Meta:
        model = AdviceItem
        fields = [
            "id",
            "kind",
            "area",
            "description",
            "evidence",
            "by_when",
            "delivered_by",
            "expertise",
            "group_size",
            "frequency",
            "duration",
        ]
        read_only_fields = fields


class AdviceRequestSerializer(ReadModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    adviser = serializers.EmailField(source="adviser.email", read_only=True, allow_null=True)
    items = AdviceItemSerializer(many=True, read_only=True, help_text="The advice submitted.")

    class Meta:
        model = AdviceRequest
        fields = [
            "id",
            "case",
            "advice_type",
            "adviser",
            "adviser_name",
            "requested_on",
            "due_on",
            "status",
            "received_on",
            "summary",
            "items",
        ]
        read_only_fields = fields


# ---- plans ----------------------------------------------------------------------------------


class SectionASerializer(ReadModelSerializer):
    class Meta:
        model = PlanViews
        fields = list(PlanViews.FIELDS)
        read_only_fields = fields


class NeedSerializer(ReadModelSerializer):
    class Meta:
        model = PlanNeed
        fields = ["id", "key", "section", "area", "description", "evidence", "position"]
        read_only_fields = fields


class OutcomeSerializer(ReadModelSerializer):
    needs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PlanOutcome
        fields = [
            "id",
            "key",
            "description",
            "by_when",
            "preparation_for_adulthood",
            "needs",
            "position",
        ]
        read_only_fields = fields


class ProvisionSerializer(ReadModelSerializer):
    needs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    outcomes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PlanProvision
        fields = [
            "id",
            "key",
            "section",
            "description",
            "delivered_by",
            "expertise",
            "group_size",
            "frequency",
            "duration",
            "starts_on",
            "review_on",
            "personal_budget",
            "needs",
            "outcomes",
            "position",
        ]
        read_only_fields = fields


class BudgetSerializer(ReadModelSerializer):
    needs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    outcomes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PlanPersonalBudget
        fields = [
            "id",
            "key",
            "description",
            "annual_amount",
            "direct_payment",
            "arrangements",
            "needs",
            "outcomes",
            "position",
        ]
        read_only_fields = fields


class PlanSummarySerializer(ReadModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Plan
        fields = ["version", "status", "label", "served_on", "issued_on", "version_lock"]
        read_only_fields = fields


class PlanSerializer(PlanSummarySerializer):
    """One version, section by section (SEND Regulations 2014 reg 12(1))."""

    section_a = SectionASerializer(source="views_or_none", read_only=True, allow_null=True)
    needs = NeedSerializer(many=True, read_only=True, help_text="Sections B, C and D.")
    outcomes = OutcomeSerializer(many=True, read_only=True, help_text="Section E.")
    provisions = ProvisionSerializer(
        many=True, read_only=True, help_text="Sections F, G, H1 and H2."
    )
    placement = serializers.CharField(read_only=True, help_text="Section I (blank in a draft).")
    personal_budgets = BudgetSerializer(many=True, read_only=True, help_text="Section J.")
    section_g_agreed = serializers.BooleanField(read_only=True)

    class Meta(PlanSummarySerializer.Meta):
        fields = [
            *PlanSummarySerializer.Meta.fields,
            "section_a",
            "needs",
            "outcomes",
            "provisions",
            "section_g_agreed",
            "placement",
            "personal_budgets",
        ]
        read_only_fields = fields


class _LockedWrite(serializers.Serializer):
    version_lock = serializers.IntegerField(
        min_value=0,
        help_text="The plan's `version_lock` when you read it. If someone changed the plan "
        "since, nothing is saved and the answer is 409: read the plan again and redo the change.",
    )


def _choices(values):
    return [(v.value, v.label) for v in values]


NEED_SECTION_CHOICES = _choices(NEED_SECTIONS)
PROVISION_SECTION_CHOICES = _choices(PROVISION_SECTIONS)


class NeedWriteSerializer(_LockedWrite):
    section = serializers.ChoiceField(choices=NEED_SECTION_CHOICES, default="B")
    area = serializers.ChoiceField(choices=AreaOfNeed.choices, allow_blank=True, default="")
    description = serializers.CharField(max_length=10000)
    evidence = serializers.CharField(max_length=10000, allow_blank=True, default="")


class _Links(serializers.Serializer):
    needs = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), default=list, max_length=200
    )


class OutcomeWriteSerializer(_LockedWrite, _Links):
    description = serializers.CharField(max_length=10000)
    by_when = serializers.CharField(max_length=200, allow_blank=True, default="")
    preparation_for_adulthood = serializers.ChoiceField(
        choices=PreparationForAdulthood.choices, allow_blank=True, default=""
    )


class _NeedsAndOutcomes(_Links):
    outcomes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), default=list, max_length=200
    )


class ProvisionWriteSerializer(_LockedWrite, _NeedsAndOutcomes):
    section = serializers.ChoiceField(choices=PROVISION_SECTION_CHOICES, default="F")
    description = serializers.CharField(max_length=10000)
    delivered_by = serializers.CharField(max_length=200, allow_blank=True, default="")
    expertise = serializers.CharField(max_length=200, allow_blank=True, default="")
    group_size = serializers.CharField(max_length=100, allow_blank=True, default="")
    frequency = serializers.CharField(max_length=100, allow_blank=True, default="")
    duration = serializers.CharField(max_length=100, allow_blank=True, default="")
    starts_on = serializers.DateField(allow_null=True, default=None)
    review_on = serializers.DateField(allow_null=True, default=None)
    personal_budget = serializers.BooleanField(default=False)


class BudgetWriteSerializer(_LockedWrite, _NeedsAndOutcomes):
    description = serializers.CharField(max_length=10000)
    annual_amount = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=0, allow_null=True, default=None
    )
    direct_payment = serializers.BooleanField(default=False)
    arrangements = serializers.CharField(max_length=10000, allow_blank=True, default="")


class LockSerializer(serializers.Serializer):
    version_lock = serializers.IntegerField(help_text="The plan's lock after the change.")
