from django.urls import path

from .views import partnership, plans, public, regions

app_name = "partnerships"

urlpatterns = [
    # Public: published local inclusion plans.
    path("local-inclusion-plans/", public.plan_list, name="public-plans"),
    path("local-inclusion-plans/<int:plan_id>/", public.plan_detail, name="public-plan"),
    path("local-inclusion-plans/<int:plan_id>/pdf/", public.plan_pdf, name="public-plan-pdf"),
    # Partnerships.
    path("partnerships/", partnership.partnership_list, name="partnerships"),
    path("partnerships/<int:pk>/", partnership.partnership_detail, name="partnership"),
    path("partnerships/<int:pk>/approvers/", partnership.approval_policy, name="approval-policy"),
    path("partnerships/<int:pk>/roles/add/", partnership.role_add, name="role-add"),
    path("partnerships/<int:pk>/roles/<int:role_id>/end/", partnership.role_end, name="role-end"),
    path(
        "partnerships/<int:pk>/co-production/", partnership.coproduction_list, name="coproduction"
    ),
    path(
        "partnerships/<int:pk>/co-production/add/",
        partnership.coproduction_add,
        name="coproduction-add",
    ),
    path("partnerships/<int:pk>/plans/new/", plans.plan_start, name="plan-start"),
    # Plans and their versions.
    path("plans/", plans.plan_list, name="plans"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/new-version/", plans.new_version, name="new-version"),
    path("plans/versions/<int:pk>/", plans.version_detail, name="version"),
    path("plans/versions/<int:pk>/pdf/", plans.version_pdf, name="version-pdf"),
    path("plans/versions/<int:pk>/sections/<slug:kind>/", plans.section_edit, name="section-edit"),
    path("plans/versions/<int:pk>/commitments/add/", plans.commitment_add, name="commitment-add"),
    path(
        "plans/versions/<int:pk>/commitments/<int:commitment_id>/remove/",
        plans.commitment_remove,
        name="commitment-remove",
    ),
    path("plans/versions/<int:pk>/comments/add/", plans.comment_add, name="comment-add"),
    path("plans/versions/<int:pk>/send-to-board/", plans.send_to_board, name="send-to-board"),
    path("plans/versions/<int:pk>/board-decision/", plans.board_decision, name="board-decision"),
    path("plans/versions/<int:pk>/submit/", plans.submit, name="submit"),
    path("plans/versions/<int:pk>/publish/", plans.publish, name="publish"),
    # The DfE Regions Group.
    path("plans/versions/<int:pk>/agree/", regions.agree, name="agree"),
    path("plans/versions/<int:pk>/return/", regions.return_plan, name="return"),
    path("plans/versions/<int:pk>/sign-off/", regions.sign_off_start, name="sign-off"),
    path(
        "plans/versions/<int:pk>/sign-off/<int:standards_version>/",
        regions.sign_off_checklist,
        name="sign-off-checklist",
    ),
    path(
        "plans/versions/<int:pk>/sign-off/<int:standards_version>/check/",
        regions.sign_off_check,
        name="sign-off-check",
    ),
    path("plans/sign-offs/<int:pk>/pdf/", regions.decision_pdf, name="sign-off-pdf"),
]
