"""The EHC API: cases, their timeline, deadlines, decisions and advice, and the plan section by
section. Thin: reads go through ``ehcp.selectors`` (out of scope -> 404), writes through
``ehcp.services.plans`` (which check permission, lock the plan and audit the change)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from send_portal import audit
from send_portal.api.authentication import council_scope

from .. import selectors
from ..models import (
    AdviceRequest,
    Case,
    CaseEvent,
    Decision,
    Plan,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    Stage,
)
from ..services import plans as plan_services
from ..timeline import case_deadlines
from . import serializers as s

REFERENCE = OpenApiParameter(
    "reference", OpenApiTypes.STR, OpenApiParameter.PATH, description="The case reference."
)
VERSION = OpenApiParameter(
    "version", OpenApiTypes.INT, OpenApiParameter.PATH, description="The plan version number."
)
STAFF_OR_FAMILY = "This is for the council's SEND team and the child's family."
STAFF_ONLY = "This is for the council's SEND team."


def visible_cases(request):
    return selectors.cases_visible_in_council(request.user, council_scope(request))


def case_for(request, reference: str) -> Case:
    return get_object_or_404(
        visible_cases(request).select_related("child", "local_authority"), reference=reference
    )


def require_staff_or_family(user, case: Case) -> bool:
    """True for council staff of the case; families pass; anyone else who can see the case
    (an adviser, a school consulted) is refused."""
    if selectors.is_staff_of_case(user, case):
        return True
    if selectors.is_family_of_case(user, case):
        return False
    raise PermissionDenied(STAFF_OR_FAMILY)


def log_view(request, case: Case, what: str) -> None:
    audit.record_view(
        actor=request.user,
        obj=case,
        child_id=case.child_id,
        summary=f"{what} of case {case.reference} (API)",
        request=request,
    )


class CaseFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    due_before = django_filters.DateFilter(field_name="next_due_on", lookup_expr="lte")
    has_exception = django_filters.BooleanFilter()
    mine = django_filters.BooleanFilter(
        method="filter_mine", label="Only cases allocated to me (true) or to others (false)."
    )

    class Meta:
        model = Case
        fields = ["stage", "has_exception"]

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        return queryset.filter(caseworker=user) if value else queryset.exclude(caseworker=user)


@extend_schema_view(
    list=extend_schema(
        summary="Cases you can see",
        description="Council staff: the council's cases; families: their own; advisers: cases "
        "with an open request to them; a token: its council's cases. Soonest deadline first.",
    ),
    retrieve=extend_schema(summary="One case", parameters=[REFERENCE]),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.CaseSerializer
    lookup_field = "reference"
    lookup_value_regex = r"[^/]+"
    filterset_class = CaseFilter

    def get_queryset(self):
        return (
            visible_cases(self.request)
            .select_related("child", "local_authority", "caseworker")
            .order_by("next_due_on", "received_on", "pk")
        )

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        log_view(request, case, "Summary")
        return Response(self.get_serializer(case).data)


class _CaseChildViewSet(viewsets.GenericViewSet):
    """A list under one case: ``/cases/{reference}/...``."""

    def fake(self) -> bool:
        """True while drf-spectacular inspects the view (there is no request to scope by)."""
        return getattr(self, "swagger_fake_view", False)

    def case(self) -> Case:
        if not hasattr(self, "_case"):
            self._case = case_for(self.request, self.kwargs["reference"])
        return self._case


@extend_schema_view(
    list=extend_schema(
        summary="The case timeline",
        description="Newest first. Families see the events meant for them.",
        parameters=[REFERENCE],
    )
)
class TimelineViewSet(mixins.ListModelMixin, _CaseChildViewSet):
    serializer_class = s.TimelineEventSerializer

    def get_queryset(self):
        if self.fake():
            return CaseEvent.objects.none()
        case = self.case()
        require_staff_or_family(self.request.user, case)
        log_view(self.request, case, "Timeline")
        return selectors.timeline_for(self.request.user, case)


@extend_schema_view(
    list=extend_schema(
        summary="The statutory timetable of the case",
        description="Each date with its legal basis, and whether it was met.",
        parameters=[REFERENCE],
        examples=[
            OpenApiExample(
                "A decision met in time",
                value={
                    "key": "decision_to_assess",
                    "label": "Decide whether to assess",
                    "due": "2026-03-16",
                    "basis": "SEND Regulations 2014 reg 5(1)",
                    "kind": "statutory",
                    "status": "met",
                    "met_on": "2026-03-10",
                    "exception": "",
                },
                response_only=True,
            )
        ],
    )
)
class DeadlineViewSet(mixins.ListModelMixin, _CaseChildViewSet):
    serializer_class = s.DeadlineSerializer
    pagination_class = None
    queryset = Case.objects.none()  # the rows are computed (ehcp.timeline.case_deadlines)

    def list(self, request, *args, **kwargs):
        case = self.case()
        require_staff_or_family(request.user, case)
        log_view(request, case, "Deadlines")
        rows = case_deadlines(case, today=selectors.today())
        data = [
            {
                "key": row.deadline.key,
                "label": row.deadline.label,
                "due": row.deadline.due,
                "basis": row.deadline.basis,
                "kind": row.deadline.kind,
                "status": row.status,
                "met_on": row.met_on,
                "exception": row.exception,
            }
            for row in rows
        ]
        return Response(self.get_serializer(data, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="The council's decisions on the case", parameters=[REFERENCE])
)
class DecisionViewSet(mixins.ListModelMixin, _CaseChildViewSet):
    serializer_class = s.DecisionSerializer

    def get_queryset(self):
        if self.fake():
            return Decision.objects.none()
        case = self.case()
        require_staff_or_family(self.request.user, case)
        log_view(self.request, case, "Decisions")
        return case.decisions.order_by("decided_on", "id")


@extend_schema_view(
    list=extend_schema(
        summary="Advice asked for on the case, with what was submitted",
        description="Council staff only.",
        parameters=[REFERENCE],
    )
)
class CaseAdviceViewSet(mixins.ListModelMixin, _CaseChildViewSet):
    serializer_class = s.AdviceRequestSerializer

    def get_queryset(self):
        if self.fake():
            return AdviceRequest.objects.none()
        case = self.case()
        if not selectors.is_staff_of_case(self.request.user, case):
            raise PermissionDenied(STAFF_ONLY)
        log_view(self.request, case, "Advice")
        return (
            case.advice_requests.select_related("case", "adviser")
            .prefetch_related("items")
            .order_by("requested_on", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Advice requests sent to me",
        description="For professionals: the requests addressed to you that are still open, "
        "exactly as on the advice pages. A request you have answered, one whose case has moved "
        "to another council, and every request once you no longer hold an adviser role, is a "
        "404.",
    ),
    retrieve=extend_schema(summary="One advice request sent to me"),
)
class MyAdviceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.AdviceRequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AdviceRequest.objects.none()
        # Exactly the page's rule (ehcp/views/advice.py): open requests only, while the person
        # holds an adviser role and the case is still with the council that asked.
        requests = selectors.open_advice_requests_in_council(
            self.request.user, council_scope(self.request)
        )
        return (
            requests.select_related("case", "adviser")
            .prefetch_related("items")
            .order_by("-requested_on", "-id")
        )


# ---- the plan -------------------------------------------------------------------------------


def plan_queryset(user, case: Case):
    return selectors.plans_visible_to(user, case).select_related("section_i_setting")


def with_content(plans):
    return plans.select_related("views").prefetch_related(
        "needs",
        Prefetch("outcomes", queryset=PlanOutcome.objects.prefetch_related("needs")),
        Prefetch(
            "provisions", queryset=PlanProvision.objects.prefetch_related("needs", "outcomes")
        ),
        Prefetch(
            "personal_budgets",
            queryset=PlanPersonalBudget.objects.prefetch_related("needs", "outcomes"),
        ),
    )


@extend_schema_view(
    list=extend_schema(
        summary="Versions of the child's EHC plan",
        description="Council staff see every version; the family and a school consulted only "
        "versions sent to the family.",
        parameters=[REFERENCE],
    ),
    retrieve=extend_schema(
        summary="One version of the plan, section by section",
        description="`version_lock` goes with every change to this version (optimistic "
        "locking: a change made from an out-of-date copy is refused with 409).",
        parameters=[REFERENCE, VERSION],
    ),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _CaseChildViewSet):
    lookup_field = "version"
    lookup_value_regex = r"[0-9]+"

    def get_serializer_class(self):
        return s.PlanSerializer if self.action == "retrieve" else s.PlanSummarySerializer

    def get_queryset(self):
        if self.fake():
            return Plan.objects.none()
        case = self.case()
        if not (
            selectors.is_staff_of_case(self.request.user, case)
            or selectors.is_family_of_case(self.request.user, case)
            or selectors.is_consulted_setting_of_case(self.request.user, case)
        ):
            raise PermissionDenied(
                "The plan is for the council's SEND team, the family and the school consulted."
            )
        return plan_queryset(self.request.user, case).order_by("version")

    def retrieve(self, request, *args, **kwargs):
        plan = get_object_or_404(with_content(self.get_queryset()), version=kwargs["version"])
        plan.views_or_none = getattr(plan, "views", None) if _has_views(plan) else None
        log_view(request, plan.case, f"Plan version {plan.version}")
        return Response(self.get_serializer(plan).data)


def _has_views(plan: Plan) -> bool:
    try:
        plan.views  # noqa: B018 - the reverse one-to-one raises when there is none
    except Plan.views.RelatedObjectDoesNotExist:
        return False
    return True


class _PlanItemViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    _CaseChildViewSet,
):
    """Add, change or remove one item of a draft plan's section. Every change names the
    ``version_lock`` it was made from."""

    kind: str = ""
    read_serializer = None
    write_serializer = None
    http_method_names = ["post", "put", "delete"]
    lookup_value_regex = r"[0-9]+"

    def get_serializer_class(self):
        return self.write_serializer

    def plan(self) -> Plan:
        case = self.case()
        if not selectors.is_staff_of_case(self.request.user, case):
            raise PermissionDenied(
                "Only a caseworker or SEND manager of the child's council can do that."
            )
        return get_object_or_404(
            plan_queryset(self.request.user, case), version=self.kwargs["version"]
        )

    def _save(self, request, item_id=None):
        plan = self.plan()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        lock = data.pop("version_lock")
        item = plan_services.save_item(
            actor=request.user,
            plan_id=plan.pk,
            expected_lock=lock,
            kind=self.kind,
            data=data,
            item_id=item_id,
        )
        body = dict(self.read_serializer(item).data)
        body["version_lock"] = Plan.objects.values_list("version_lock", flat=True).get(pk=plan.pk)
        return body

    def create(self, request, *args, **kwargs):
        return Response(self._save(request), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        return Response(self._save(request, item_id=int(kwargs["pk"])))

    def destroy(self, request, *args, **kwargs):
        plan = self.plan()
        lock = s.LockSerializer(data=request.query_params)
        lock.is_valid(raise_exception=True)
        plan_services.remove_item(
            actor=request.user,
            plan_id=plan.pk,
            expected_lock=lock.validated_data["version_lock"],
            kind=self.kind,
            item_id=int(kwargs["pk"]),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _item_schema(kind_label: str, read, write):
    lock = OpenApiParameter(
        "version_lock",
        OpenApiTypes.INT,
        OpenApiParameter.QUERY,
        required=True,
        description="The plan's version_lock when you read it.",
    )
    stale = OpenApiExample(
        "Someone else changed the plan first",
        status_codes=["409"],
        response_only=True,
        value={
            "status": 409,
            "title": "Conflict",
            "detail": "Someone else changed this plan after you opened the page, so your "
            "changes were not saved. Check the plan as it is now and make your change again.",
        },
    )
    return extend_schema_view(
        create=extend_schema(
            summary=f"Add a {kind_label} to a draft",
            parameters=[REFERENCE, VERSION],
            request=write,
            responses={201: read},
            examples=[stale],
        ),
        update=extend_schema(
            summary=f"Change a {kind_label} of a draft",
            parameters=[REFERENCE, VERSION],
            request=write,
            responses={200: read},
            examples=[stale],
        ),
        destroy=extend_schema(
            summary=f"Remove a {kind_label} from a draft",
            parameters=[REFERENCE, VERSION, lock],
            responses={204: None},
        ),
    )


def _with_lock(serializer):
    return type(
        f"{serializer.__name__.removesuffix('Serializer')}Changed",
        (serializer,),
        {
            "version_lock": s.serializers.IntegerField(read_only=True),
            "Meta": type(
                "Meta",
                (serializer.Meta,),
                {
                    "fields": [*serializer.Meta.fields, "version_lock"],
                    "read_only_fields": [*serializer.Meta.fields, "version_lock"],
                },
            ),
        },
    )


NeedChanged = _with_lock(s.NeedSerializer)
OutcomeChanged = _with_lock(s.OutcomeSerializer)
ProvisionChanged = _with_lock(s.ProvisionSerializer)
BudgetChanged = _with_lock(s.BudgetSerializer)


@_item_schema("need (section B, C or D)", NeedChanged, s.NeedWriteSerializer)
class PlanNeedViewSet(_PlanItemViewSet):
    kind = "need"
    read_serializer = s.NeedSerializer
    write_serializer = s.NeedWriteSerializer


@_item_schema("outcome (section E)", OutcomeChanged, s.OutcomeWriteSerializer)
class PlanOutcomeViewSet(_PlanItemViewSet):
    kind = "outcome"
    read_serializer = s.OutcomeSerializer
    write_serializer = s.OutcomeWriteSerializer


@_item_schema("provision (section F, G, H1 or H2)", ProvisionChanged, s.ProvisionWriteSerializer)
class PlanProvisionViewSet(_PlanItemViewSet):
    kind = "provision"
    read_serializer = s.ProvisionSerializer
    write_serializer = s.ProvisionWriteSerializer


@_item_schema("personal budget (section J)", BudgetChanged, s.BudgetWriteSerializer)
class PlanBudgetViewSet(_PlanItemViewSet):
    kind = "budget"
    read_serializer = s.BudgetSerializer
    write_serializer = s.BudgetWriteSerializer
