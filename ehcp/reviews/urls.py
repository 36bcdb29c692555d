from django.urls import path

from .views import case_steps, council, people, review_steps

R = "reviews/<int:pk>"
C = "cases/<str:reference>/after-plan"

urlpatterns = [
    # Council: lists
    path("reviews/", council.review_list, name="reviews-list"),
    path("reviews/phase-transfers/", council.cohort, name="reviews-cohort"),
    path("reviews/phase-transfers/add/", council.identify_cohort, name="reviews-cohort-add"),
    path(
        "reviews/phase-transfers/<int:pk>/schedule/",
        council.schedule_phase_review,
        name="reviews-phase-schedule",
    ),
    # Council: a case after its plan
    path(f"{C}/", council.case_overview, name="reviews-case"),
    path(f"{C}/reviews/new/", review_steps.ScheduleView.as_view(), name="reviews-new"),
    path(
        f"{C}/reassessment/new/",
        case_steps.ReassessmentRequestView.as_view(),
        name="reviews-reassessment-new",
    ),
    path(f"{C}/cease/new/", case_steps.CeaseProposalView.as_view(), name="reviews-cease-new"),
    path(f"{C}/post16-move/", case_steps.Post16MoveView.as_view(), name="reviews-post16-move"),
    path(f"{C}/move/", case_steps.MoveView.as_view(), name="reviews-move"),
    # A review: council and the school or college holding it
    path(f"{R}/", council.review_detail, name="review-detail"),
    path(f"{R}/arrange/", review_steps.ArrangeView.as_view(), name="review-arrange"),
    path(f"{R}/advice/", review_steps.AdviceView.as_view(), name="review-advice"),
    path(f"{R}/held/", review_steps.HeldView.as_view(), name="review-held"),
    path(f"{R}/report/", review_steps.ReportView.as_view(), name="review-report"),
    path(f"{R}/amendments/", review_steps.start_amendments, name="review-amendments"),
    path(f"{R}/next-setting/", review_steps.NextSettingView.as_view(), name="review-setting"),
    path(f"{R}/decide/", review_steps.DecideView.as_view(), name="review-decide"),
    path(f"{R}/issue/", review_steps.IssueView.as_view(), name="review-issue"),
    path(f"{R}/not-amending/", review_steps.NotAmendingView.as_view(), name="review-not-amending"),
    # Re-assessment, ceasing and moves
    path(
        "reassessments/<int:pk>/decide/",
        case_steps.ReassessmentDecideView.as_view(),
        name="reassessment-decide",
    ),
    path(
        "reassessments/<int:pk>/complete/",
        case_steps.complete_reassessment,
        name="reassessment-complete",
    ),
    path("cessations/<int:pk>/decide/", case_steps.CeaseDecideView.as_view(), name="cease-decide"),
    path("cessations/<int:pk>/appeal/", case_steps.CeaseAppealView.as_view(), name="cease-appeal"),
    path(
        "cessations/<int:pk>/confirm/", case_steps.CeaseConfirmView.as_view(), name="cease-confirm"
    ),
    path(
        "plan-moves/<int:pk>/decide/", case_steps.TransferDecideView.as_view(), name="move-decide"
    ),
    # The school or college
    path("school/reviews/", people.setting_reviews, name="reviews-setting-list"),
    # The family
    path("my-reviews/", people.family_reviews, name="family-reviews"),
    path("my-reviews/<int:pk>/", people.family_review, name="family-review"),
    path(
        "my-reviews/<int:pk>/views/", people.FamilyViewsView.as_view(), name="family-review-views"
    ),
]
