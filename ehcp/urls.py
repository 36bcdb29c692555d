from django.urls import path

from .api import timescales as timescales_api
from .views import (
    advice,
    case_steps,
    cases,
    consultations,
    contacts,
    corrections,
    family,
    intake,
    management,
    online_requests,
    panels,
    participation,
    plan_editing,
    plans,
    self_referral,
    setting_choice,
    timescales,
)

urlpatterns = [
    path("timescales/", timescales.calculator, name="timescales"),
    path("api/v1/timescales/", timescales_api.TimescalesAPIView.as_view(), name="api-timescales"),
    # Caseworker workbench
    path("cases/", cases.caseload, name="caseload"),
    # Recording a request: the intake question flow
    path("cases/new/", intake.start, name="case-new"),
    path("cases/new/check/", intake.IntakeFlow.as_view(check=True), name="case-new-check"),
    path("cases/new/<slug:slug>/", intake.IntakeFlow.as_view(), name="case-new-step"),
    path(
        "cases/new/<slug:slug>/<int:index>/",
        intake.IntakeFlow.as_view(),
        name="case-new-step-index",
    ),
    path("online-requests/", online_requests.online_request_list, name="online-requests"),
    path(
        "online-requests/<str:reference>/",
        online_requests.online_request_detail,
        name="online-request",
    ),
    # A family asking for an assessment online, without an account
    path("request-an-assessment/", self_referral.start, name="request-assessment"),
    path(
        "request-an-assessment/check/",
        self_referral.FamilyRequestFlow.as_view(check=True),
        name="request-assessment-check",
    ),
    path("request-an-assessment/sent/", self_referral.sent, name="request-assessment-sent"),
    path(
        "request-an-assessment/<slug:slug>/",
        self_referral.FamilyRequestFlow.as_view(),
        name="request-assessment-step",
    ),
    path(
        "request-an-assessment/<slug:slug>/<int:index>/",
        self_referral.FamilyRequestFlow.as_view(),
        name="request-assessment-step-index",
    ),
    path("invitations/<str:token>/", contacts.accept_invitation, name="invitation-accept"),
    path("cases/<str:reference>/", cases.case_detail, name="case-detail"),
    path(
        "cases/<str:reference>/allocate/", case_steps.AllocateView.as_view(), name="case-allocate"
    ),
    path(
        "cases/<str:reference>/consider/", case_steps.ConsiderView.as_view(), name="case-consider"
    ),
    path(
        "cases/<str:reference>/decide-assessment/",
        case_steps.DecideAssessmentView.as_view(),
        name="case-decide-assessment",
    ),
    path(
        "cases/<str:reference>/advice/new/",
        case_steps.RequestAdviceView.as_view(),
        name="case-advice-new",
    ),
    path(
        "cases/<str:reference>/advice/reuse/",
        case_steps.ReuseAdviceView.as_view(),
        name="case-advice-reuse",
    ),
    path(
        "cases/<str:reference>/advice/<int:pk>/received/",
        case_steps.AdviceReceivedView.as_view(),
        name="case-advice-received",
    ),
    path(
        "cases/<str:reference>/panel/",
        case_steps.ReferToPanelView.as_view(),
        name="case-refer-panel",
    ),
    path(
        "cases/<str:reference>/decide-plan/",
        case_steps.DecidePlanView.as_view(),
        name="case-decide-plan",
    ),
    path(
        "cases/<str:reference>/draft/", case_steps.ServeDraftView.as_view(), name="case-serve-draft"
    ),
    path(
        "cases/<str:reference>/draft/revised/",
        corrections.ServeRevisedDraftView.as_view(),
        name="case-serve-revised-draft",
    ),
    path(
        "cases/<str:reference>/request-date/",
        corrections.CorrectRequestDateView.as_view(),
        name="case-correct-request-date",
    ),
    path(
        "cases/<str:reference>/representations/",
        case_steps.RepresentationsView.as_view(),
        name="case-representations",
    ),
    path(
        "cases/<str:reference>/family/new/",
        contacts.ContactView.as_view(),
        name="case-contact-new",
    ),
    path(
        "cases/<str:reference>/family/<int:pk>/",
        contacts.ContactView.as_view(),
        name="case-contact-edit",
    ),
    path(
        "cases/<str:reference>/family/<int:pk>/invite/",
        contacts.InviteView.as_view(),
        name="case-contact-invite",
    ),
    path(
        "cases/<str:reference>/settings/new/",
        setting_choice.case_setting_new,
        name="case-setting-new",
    ),
    path(
        "cases/<str:reference>/settings/not-listed/",
        setting_choice.case_setting_not_listed,
        name="case-setting-not-listed",
    ),
    path(
        "cases/<str:reference>/settings/<int:pk>/match/",
        setting_choice.case_setting_match,
        name="case-setting-match",
    ),
    path(
        "cases/<str:reference>/settings/<int:pk>/consult/",
        case_steps.ConsultSettingView.as_view(),
        name="case-setting-consult",
    ),
    path(
        "cases/<str:reference>/settings/<int:pk>/response/",
        case_steps.SettingResponseView.as_view(),
        name="case-setting-response",
    ),
    path(
        "cases/<str:reference>/settings/<int:pk>/decide/",
        case_steps.DecidePlacementView.as_view(),
        name="case-setting-decide",
    ),
    path(
        "cases/<str:reference>/final/", case_steps.IssueFinalView.as_view(), name="case-issue-final"
    ),
    path(
        "cases/<str:reference>/exceptions/new/",
        case_steps.ExceptionView.as_view(),
        name="case-exception-new",
    ),
    path("cases/<str:reference>/notes/new/", case_steps.NoteView.as_view(), name="case-note-new"),
    path("cases/<str:reference>/tasks/new/", case_steps.TaskView.as_view(), name="case-task-new"),
    path("cases/<str:reference>/tasks/<int:pk>/done/", cases.complete_task, name="case-task-done"),
    path(
        "cases/<str:reference>/withdraw/", case_steps.WithdrawView.as_view(), name="case-withdraw"
    ),
    path("cases/<str:reference>/documents/<int:pk>/", cases.case_document, name="case-document"),
    path("cases/<str:reference>/messages/", participation.case_messages, name="case-messages"),
    # The plan: versions, each version section by section, the editor, comparison, PDFs
    path("cases/<str:reference>/plan/", plans.plan_versions, name="plan-versions"),
    path("cases/<str:reference>/plan/start/", plan_editing.plan_start, name="plan-start"),
    path("cases/<str:reference>/plan/compare/", plans.plan_compare_view, name="plan-compare"),
    path(
        "cases/<str:reference>/plan/amend/",
        plan_editing.plan_propose_amendments,
        name="plan-propose-amendments",
    ),
    path("cases/<str:reference>/plan/<int:version>/", plans.plan_version, name="plan-version"),
    path("cases/<str:reference>/plan/<int:version>/pdf/", plans.plan_pdf, name="plan-pdf"),
    path(
        "cases/<str:reference>/plan/<int:version>/revise/",
        plan_editing.plan_revise,
        name="plan-revise",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/section-a/",
        plan_editing.PlanViewsView.as_view(),
        name="plan-views-edit",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/section-a/use/<int:contribution>/",
        plan_editing.plan_use_views,
        name="plan-use-views",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/health-agreement/",
        plan_editing.HealthAgreementView.as_view(),
        name="plan-health-agreement",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/advice/<int:item>/",
        plan_editing.plan_pull_advice,
        name="plan-pull-advice",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/<str:kind>/new/",
        plan_editing.PlanItemView.as_view(),
        name="plan-item-new",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/<str:kind>/<int:pk>/",
        plan_editing.PlanItemView.as_view(),
        name="plan-item-edit",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/<str:kind>/<int:pk>/remove/",
        plan_editing.PlanItemRemoveView.as_view(),
        name="plan-item-remove",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/send/",
        plan_editing.SendAmendmentsView.as_view(),
        name="plan-send-amendments",
    ),
    path(
        "cases/<str:reference>/plan/<int:version>/issue/",
        plan_editing.IssueAmendedView.as_view(),
        name="plan-issue-amended",
    ),
    # Panels
    path("panels/", panels.panel_list, name="panels"),
    path("panels/new/", panels.panel_new, name="panel-new"),
    path("panels/<int:pk>/", panels.panel_detail, name="panel-detail"),
    path("panels/items/<int:pk>/recommend/", panels.panel_recommend, name="panel-recommend"),
    # Families
    path("my-cases/", family.my_cases, name="family-cases"),
    path("my-cases/<str:reference>/", family.family_case, name="family-case"),
    path(
        "my-cases/<str:reference>/views/",
        family.FamilyRepresentationsView.as_view(),
        name="family-representations",
    ),
    path(
        "my-cases/<str:reference>/request-setting/",
        setting_choice.family_request_setting,
        name="family-request-setting",
    ),
    path(
        "my-cases/<str:reference>/request-setting/not-listed/",
        setting_choice.family_setting_not_listed,
        name="family-setting-not-listed",
    ),
    path(
        "my-cases/<str:reference>/section-a/",
        participation.family_section_a,
        name="family-section-a",
    ),
    path(
        "my-cases/<str:reference>/plan/<int:version>/comment/<str:section>/",
        participation.FamilyPlanCommentView.as_view(),
        name="family-plan-comment",
    ),
    path(
        "my-cases/<str:reference>/meeting/",
        participation.FamilyMeetingView.as_view(),
        name="family-meeting",
    ),
    path(
        "my-cases/<str:reference>/personal-budget/",
        participation.FamilyPersonalBudgetView.as_view(),
        name="family-personal-budget",
    ),
    # The SEND manager: the team's caseloads, reserved decisions and approvals
    path("team/", management.team, name="team"),
    path("team/reallocate/", management.team_reallocate, name="team-reallocate"),
    path("team/reserved-decisions/", management.reserved_decisions, name="team-reserved"),
    path("approvals/", management.approvals, name="approvals"),
    path("approvals/<int:pk>/", management.approval_detail, name="approval-detail"),
    # Professionals' advice
    path("advice/", advice.advice_inbox, name="advice-inbox"),
    path("advice/<int:pk>/", advice.advice_submit, name="advice-submit"),
    path("advice/sent/", advice.advice_sent, name="advice-sent"),
    path("advice/sent/<int:pk>/", advice.advice_receipt, name="advice-receipt"),
    path("advice/<int:pk>/items/new/<str:kind>/", advice.advice_item, name="advice-item-new"),
    path("advice/<int:pk>/items/<int:item>/", advice.advice_item, name="advice-item-edit"),
    path(
        "advice/<int:pk>/items/<int:item>/remove/",
        advice.advice_item_remove,
        name="advice-item-remove",
    ),
    # Schools and colleges
    path("consultations/", consultations.consultation_list, name="consultations"),
    path(
        "consultations/<int:pk>/", consultations.consultation_respond, name="consultation-respond"
    ),
]
