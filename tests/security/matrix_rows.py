"""Rows of the permission matrix (tests/security/test_permission_matrix.py): URL name ->
(method, address, outcome per person). Reviewed against shared/domain/ROLES.md: families and
advisers see only their own child's or requested case (404 otherwise, 403 where the case is
visible but the action is not theirs); council staff only their council's; board members only
their own partnership's plans; Regions Group officers only their own region's, once submitted;
DfE editors alone change the National Standards; only a system administrator administers.
"""

from __future__ import annotations

OK, GONE, DENIED, NOT_ALLOWED, LOGIN = "200", "404", "403", "405", "302 -> login"


def add_rows(row, expect, only, to):
    row(
        "home",
        "get",
        lambda t: "/",
        expect(OK, anonymous=OK),
    )
    row(
        "healthz",
        "get",
        lambda t: "/healthz/",
        expect(OK, anonymous=OK),
    )
    row(
        "accessibility",
        "get",
        lambda t: "/accessibility/",
        expect(OK, anonymous=OK),
    )
    row(
        "privacy",
        "get",
        lambda t: "/privacy/",
        expect(OK, anonymous=OK),
    )
    row(
        "cookies",
        "get",
        lambda t: "/cookies/",
        expect(OK, anonymous=OK),
    )
    row(
        "help",
        "get",
        lambda t: "/help/",
        expect(OK, anonymous=OK),
    )
    row(
        "rights",
        "get",
        lambda t: "/your-rights/",
        expect(OK, anonymous=OK),
    )
    row(
        "rights-easy-read",
        "get",
        lambda t: "/your-rights/easy-read/",
        expect(OK, anonymous=OK),
    )
    row(
        "login",
        "get",
        lambda t: "/sign-in/",
        expect("302 -> home", anonymous=OK),
    )
    row(
        "logout",
        "get",
        lambda t: "/sign-out/",
        expect(NOT_ALLOWED, anonymous=NOT_ALLOWED),
    )
    row(
        "signed-out",
        "get",
        lambda t: "/signed-out/",
        expect(OK, anonymous=OK),
    )
    row(
        "password_reset",
        "get",
        lambda t: "/password-reset/",
        expect(OK, anonymous=OK),
    )
    row(
        "password_reset_done",
        "get",
        lambda t: "/password-reset/sent/",
        expect(OK, anonymous=OK),
    )
    row(
        "password_reset_confirm",
        "get",
        lambda t: f"/password-reset/{t.uid}/{t.reset_token}/",
        expect(OK, anonymous=OK),
    )
    row(
        "password_reset_complete",
        "get",
        lambda t: "/password-reset/complete/",
        expect(OK, anonymous=OK),
    )
    row(
        "notifications",
        "get",
        lambda t: "/notifications/",
        expect(OK, anonymous=LOGIN),
    )
    row(
        "notification-read",
        "get",
        lambda t: f"/notifications/{t.notification.pk}/read/",
        expect(NOT_ALLOWED, anonymous=LOGIN),
    )
    row(
        "delivery-log",
        "get",
        lambda t: "/notifications/deliveries/",
        expect(GONE, anonymous=LOGIN, caseworker=OK, caseworker_other_council=OK, send_manager=OK),
    )
    row(
        "delivery-detail",
        "get",
        lambda t: f"/notifications/deliveries/{t.delivery.pk}/",
        expect(GONE, anonymous=LOGIN),
    )
    row(
        "delivery-resend",
        "get",
        lambda t: f"/notifications/deliveries/{t.delivery.pk}/send-again/",
        expect(NOT_ALLOWED, anonymous=LOGIN),
    )
    row(
        "reminder-settings",
        "get",
        lambda t: "/notifications/reminder-settings/",
        expect(GONE, anonymous=LOGIN, send_manager=OK),
    )
    row(
        "administration",
        "get",
        lambda t: "/administration/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "administration-people",
        "get",
        lambda t: "/administration/people/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "administration-person-new",
        "get",
        lambda t: "/administration/people/new/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "administration-person",
        "get",
        lambda t: f"/administration/people/{t.worker.pk}/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "administration-role-add",
        "get",
        lambda t: f"/administration/people/{t.worker.pk}/roles/add/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "administration-role-end",
        "get",
        lambda t: f"/administration/people/{t.worker.pk}/roles/{t.assignment.pk}/end/",
        expect(NOT_ALLOWED, anonymous=LOGIN),
    )
    row(
        "administration-person-active",
        "get",
        lambda t: f"/administration/people/{t.worker.pk}/active/",
        expect(NOT_ALLOWED, anonymous=LOGIN),
    )
    row(
        "administration-person-two-factor-reset",
        "post",
        lambda t: f"/administration/people/{t.worker.pk}/two-factor/reset/",
        # Only a system administrator; the caseworker has no app in the matrix's world, so the
        # administrator is told there is nothing to reset (the reset itself is tested in
        # tests/send_portal/test_administration.py).
        only(to("administration-person"), "system_admin", anonymous=LOGIN),
    )
    row(
        "administration-audit",
        "get",
        lambda t: "/administration/audit/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "administration-role-grant-decide",
        "get",
        lambda t: f"/administration/role-grants/{t.grant.pk}/decide/",
        expect(NOT_ALLOWED, anonymous=LOGIN),
    )
    row(
        "administration-organisations",
        "get",
        lambda t: "/administration/organisations/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "administration-organisation-new",
        "get",
        lambda t: "/administration/organisations/new/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "administration-organisation-edit",
        "get",
        lambda t: f"/administration/organisations/{t.essex.pk}/",
        expect(DENIED, anonymous=LOGIN, system_admin=OK),
    )
    row(
        "standards:browse",
        "get",
        lambda t: "/national-standards/",
        expect(OK, anonymous=OK),
    )
    row(
        "standards:versions",
        "get",
        lambda t: "/national-standards/versions/",
        expect(OK, anonymous=OK),
    )
    row(
        "standards:version-new",
        "get",
        lambda t: "/national-standards/versions/new/",
        expect(DENIED, anonymous=LOGIN, dfe_analyst=OK),
    )
    row(
        "standards:version",
        "get",
        lambda t: f"/national-standards/versions/{t.testing.number}/",
        expect(
            GONE,
            anonymous=GONE,
            board_chair=OK,
            board_member=OK,
            board_member_other_region=OK,
            board_member_own_partnership=OK,
            dfe_analyst=OK,
            officer_other_region=OK,
            regions_group_officer=OK,
        ),
    )
    row(
        "standards:version-changes",
        "get",
        lambda t: f"/national-standards/versions/{t.testing.number}/changes/",
        expect(
            GONE,
            anonymous=GONE,
            board_chair=OK,
            board_member=OK,
            board_member_other_region=OK,
            board_member_own_partnership=OK,
            dfe_analyst=OK,
            officer_other_region=OK,
            regions_group_officer=OK,
        ),
    )
    row(
        "standards:version-details",
        "get",
        lambda t: f"/national-standards/versions/{t.in_development.number}/details/",
        expect(GONE, anonymous=LOGIN, dfe_analyst=OK),
    )
    row(
        "standards:version-status",
        "get",
        lambda t: f"/national-standards/versions/{t.in_development.number}/status/",
        expect(GONE, anonymous=LOGIN, dfe_analyst=OK),
    )
    row(
        "standards:standard-add",
        "get",
        lambda t: f"/national-standards/versions/{t.in_development.number}/add/",
        expect(GONE, anonymous=LOGIN, dfe_analyst=OK),
    )
    row(
        "standards:standard",
        "get",
        lambda t: f"/national-standards/versions/{t.standards.number}/{t.standard_code}/",
        expect(OK, anonymous=OK),
    )
    row(
        "standards:standard-edit",
        "get",
        lambda t: (
            f"/national-standards/versions/{t.in_development.number}/{t.in_development.entries.first().standard.code}/change/"
        ),
        expect(GONE, anonymous=LOGIN, dfe_analyst=OK),
    )
    row(
        "standards:standard-remove",
        "get",
        lambda t: (
            f"/national-standards/versions/{t.in_development.number}/{t.in_development.entries.first().standard.code}/remove/"
        ),
        expect(GONE, anonymous=LOGIN, dfe_analyst=OK),
    )
    row(
        "standards:standard-current",
        "get",
        lambda t: f"/national-standards/{t.standard_code}/",
        expect(OK, anonymous=OK),
    )
    row(
        "partnerships:public-plans",
        "get",
        lambda t: "/local-inclusion-plans/",
        expect(OK, anonymous=OK),
    )
    row(
        "partnerships:public-plan",
        "get",
        lambda t: f"/local-inclusion-plans/{t.published.plan_id}/",
        expect(OK, anonymous=OK),
    )
    row(
        "partnerships:public-plan-pdf",
        "get",
        lambda t: f"/local-inclusion-plans/{t.published.plan_id}/pdf/",
        expect(OK, anonymous=OK),
    )
    row(
        "partnerships:partnerships",
        "get",
        lambda t: "/partnerships/",
        expect(OK, anonymous=LOGIN),
    )
    row(
        "partnerships:partnership",
        "get",
        lambda t: f"/partnerships/{t.partnership.pk}/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK, regions_group_officer=OK),
    )
    row(
        "partnerships:approval-policy",
        "get",
        lambda t: f"/partnerships/{t.partnership.pk}/approvers/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=DENIED, regions_group_officer=DENIED
        ),
    )
    row(
        "partnerships:role-add",
        "get",
        lambda t: f"/partnerships/{t.partnership.pk}/roles/add/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=DENIED, regions_group_officer=DENIED
        ),
    )
    row(
        "partnerships:role-end",
        "get",
        lambda t: f"/partnerships/{t.partnership.pk}/roles/1/end/",
        expect(GONE, anonymous=LOGIN),
    )
    row(
        "partnerships:coproduction",
        "get",
        lambda t: f"/partnerships/{t.partnership.pk}/co-production/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK, regions_group_officer=OK),
    )
    row(
        "partnerships:coproduction-add",
        "get",
        lambda t: f"/partnerships/{t.partnership.pk}/co-production/add/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=OK, regions_group_officer=DENIED
        ),
    )
    row(
        "partnerships:plan-start",
        "get",
        lambda t: f"/partnerships/{t.partnership.pk}/plans/new/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=OK, regions_group_officer=DENIED
        ),
    )
    row(
        "partnerships:plans",
        "get",
        lambda t: "/plans/",
        expect(OK, anonymous=LOGIN),
    )
    row(
        "partnerships:plan",
        "get",
        lambda t: f"/plans/{t.draft.plan_id}/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK),
    )
    row(
        "partnerships:new-version",
        "get",
        lambda t: f"/plans/{t.published.plan_id}/new-version/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=OK, regions_group_officer=DENIED
        ),
    )
    row(
        "partnerships:version",
        "get",
        lambda t: f"/plans/versions/{t.submitted.pk}/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK, regions_group_officer=OK),
    )
    row(
        "partnerships:version-pdf",
        "get",
        lambda t: f"/plans/versions/{t.submitted.pk}/pdf/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK, regions_group_officer=OK),
    )
    row(
        "partnerships:section-edit",
        "get",
        lambda t: f"/plans/versions/{t.draft.pk}/sections/workforce/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK),
    )
    row(
        "partnerships:commitment-add",
        "get",
        lambda t: f"/plans/versions/{t.draft.pk}/commitments/add/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK),
    )
    row(
        "partnerships:commitment-remove",
        "get",
        lambda t: (
            f"/plans/versions/{t.draft.pk}/commitments/{t.draft.commitments.first().pk}/remove/"
        ),
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK),
    )
    row(
        "partnerships:comment-add",
        "get",
        lambda t: f"/plans/versions/{t.draft.pk}/comments/add/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK),
    )
    row(
        "partnerships:send-to-board",
        "get",
        lambda t: f"/plans/versions/{t.draft.pk}/send-to-board/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=DENIED),
    )
    row(
        "partnerships:board-decision",
        "get",
        lambda t: f"/plans/versions/{t.draft.pk}/board-decision/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=OK),
    )
    row(
        "partnerships:submit",
        "get",
        lambda t: f"/plans/versions/{t.draft.pk}/submit/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=DENIED),
    )
    row(
        "partnerships:publish",
        "get",
        lambda t: f"/plans/versions/{t.draft.pk}/publish/",
        expect(GONE, anonymous=LOGIN, board_member_own_partnership=DENIED),
    )
    row(
        "partnerships:agree",
        "get",
        lambda t: f"/plans/versions/{t.submitted.pk}/agree/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=DENIED, regions_group_officer=OK
        ),
    )
    row(
        "partnerships:return",
        "get",
        lambda t: f"/plans/versions/{t.submitted.pk}/return/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=DENIED, regions_group_officer=OK
        ),
    )
    row(
        "partnerships:sign-off",
        "get",
        lambda t: f"/plans/versions/{t.submitted.pk}/sign-off/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=DENIED, regions_group_officer=OK
        ),
    )
    row(
        "partnerships:sign-off-checklist",
        "get",
        lambda t: f"/plans/versions/{t.submitted.pk}/sign-off/{t.standards.pk}/",
        expect(
            GONE, anonymous=LOGIN, board_member_own_partnership=DENIED, regions_group_officer=OK
        ),
    )
    row(
        "partnerships:sign-off-check",
        "get",
        lambda t: f"/plans/versions/{t.submitted.pk}/sign-off/{t.standards.pk}/check/",
        expect(
            GONE,
            anonymous=LOGIN,
            board_member_own_partnership=DENIED,
            regions_group_officer="302 -> partnerships:sign-off-checklist",
        ),
    )
    row(
        "partnerships:sign-off-pdf",
        "get",
        lambda t: f"/plans/sign-offs/{t.sign_off.pk}/pdf/",
        expect(OK, anonymous=OK),
    )
    row(
        "api-schema",
        "get",
        lambda t: "/api/v1/schema/",
        expect(OK, anonymous=OK),
    )
    row(
        "api-docs",
        "get",
        lambda t: "/api/v1/docs/",
        expect(OK, anonymous=OK),
    )
    row(
        "api-timescales",
        "get",
        lambda t: "/api/v1/timescales/?received=2025-09-01",
        expect(OK, anonymous=OK),
    )
    row(
        "api-case-list",
        "get",
        lambda t: "/api/v1/cases/",
        expect(OK, anonymous="401"),
    )
    row(
        "api-case-detail",
        "get",
        lambda t: f"/api/v1/cases/{t.ref}/",
        expect(
            GONE,
            anonymous="401",
            caseworker=OK,
            ep=OK,
            health_adviser=OK,
            parent=OK,
            senco=OK,
            send_manager=OK,
            social_care_adviser=OK,
            young_person=OK,
        ),
    )
    row(
        "api-case-timeline-list",
        "get",
        lambda t: f"/api/v1/cases/{t.ref}/timeline/",
        expect(
            GONE,
            anonymous="401",
            caseworker=OK,
            ep=DENIED,
            health_adviser=DENIED,
            parent=OK,
            senco=DENIED,
            send_manager=OK,
            social_care_adviser=DENIED,
            young_person=OK,
        ),
    )
    row(
        "api-case-deadlines-list",
        "get",
        lambda t: f"/api/v1/cases/{t.ref}/deadlines/",
        expect(
            GONE,
            anonymous="401",
            caseworker=OK,
            ep=DENIED,
            health_adviser=DENIED,
            parent=OK,
            senco=DENIED,
            send_manager=OK,
            social_care_adviser=DENIED,
            young_person=OK,
        ),
    )
    row(
        "api-case-decisions-list",
        "get",
        lambda t: f"/api/v1/cases/{t.ref}/decisions/",
        expect(
            GONE,
            anonymous="401",
            caseworker=OK,
            ep=DENIED,
            health_adviser=DENIED,
            parent=OK,
            senco=DENIED,
            send_manager=OK,
            social_care_adviser=DENIED,
            young_person=OK,
        ),
    )
    row(
        "api-case-advice-list",
        "get",
        lambda t: f"/api/v1/cases/{t.ref}/advice-requests/",
        expect(
            GONE,
            anonymous="401",
            caseworker=OK,
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager=OK,
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    row(
        "api-plan-list",
        "get",
        lambda t: f"/api/v1/cases/{t.ref}/plans/",
        expect(
            GONE,
            anonymous="401",
            caseworker=OK,
            ep=DENIED,
            health_adviser=DENIED,
            parent=OK,
            senco=OK,
            send_manager=OK,
            social_care_adviser=DENIED,
            young_person=OK,
        ),
    )
    row(
        "api-plan-detail",
        "get",
        lambda t: f"/api/v1/cases/{t.ref}/plans/1/",
        expect(
            GONE,
            anonymous="401",
            caseworker=OK,
            ep=DENIED,
            health_adviser=DENIED,
            parent=OK,
            senco=OK,
            send_manager=OK,
            social_care_adviser=DENIED,
            young_person=OK,
        ),
    )
    row(
        "api-advice-request-list",
        "get",
        lambda t: "/api/v1/advice-requests/",
        expect(OK, anonymous="401"),
    )
    row(
        "api-advice-request-detail",
        "get",
        lambda t: f"/api/v1/advice-requests/{t.world.advice.pk}/",
        expect(GONE, anonymous="401", ep=OK),
    )
    # Security review finding 6: a closed request is not readable through the API, not even by
    # the adviser who answered it (the page already said 404).
    row(
        "api-advice-request-detail#closed",
        "get",
        lambda t: f"/api/v1/advice-requests/{t.world.closed_advice.pk}/",
        expect(GONE, anonymous="401"),
    )
    row(
        "api-mediation-list",
        "get",
        lambda t: "/api/v1/mediations/",
        expect(OK, anonymous="401"),
    )
    row(
        "api-appeal-list",
        "get",
        lambda t: "/api/v1/appeals/",
        expect(OK, anonymous="401"),
    )
    row(
        "api-standards-version-list",
        "get",
        lambda t: "/api/v1/standards/versions/",
        expect(OK, anonymous=OK),
    )
    row(
        "api-standards-version-detail",
        "get",
        lambda t: f"/api/v1/standards/versions/{t.testing.number}/",
        expect(
            GONE,
            anonymous=GONE,
            board_chair=OK,
            board_member=OK,
            board_member_other_region=OK,
            board_member_own_partnership=OK,
            dfe_analyst=OK,
            officer_other_region=OK,
            regions_group_officer=OK,
        ),
    )
    row(
        "api-standards-list",
        "get",
        lambda t: f"/api/v1/standards/versions/{t.testing.number}/standards/",
        expect(
            GONE,
            anonymous=GONE,
            board_chair=OK,
            board_member=OK,
            board_member_other_region=OK,
            board_member_own_partnership=OK,
            dfe_analyst=OK,
            officer_other_region=OK,
            regions_group_officer=OK,
        ),
    )
    row(
        "api-inclusion-plan-version-list",
        "get",
        lambda t: "/api/v1/inclusion-plans/",
        expect(OK, anonymous=OK),
    )
    row(
        "api-inclusion-plan-version-detail",
        "get",
        lambda t: f"/api/v1/inclusion-plans/{t.submitted.pk}/",
        expect(GONE, anonymous=GONE, board_member_own_partnership=OK, regions_group_officer=OK),
    )
    row(
        "api-plan-needs-list",
        "post",
        lambda t: f"/api/v1/cases/{t.ref}/plans/2/needs/",
        expect(
            GONE,
            anonymous="401",
            caseworker="400",
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager="400",
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    row(
        "api-plan-needs-detail",
        "put",
        lambda t: f"/api/v1/cases/{t.ref}/plans/2/needs/{t.world.plan_items['need'].pk}/",
        expect(
            GONE,
            anonymous="401",
            caseworker="400",
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager="400",
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    row(
        "api-plan-outcomes-list",
        "post",
        lambda t: f"/api/v1/cases/{t.ref}/plans/2/outcomes/",
        expect(
            GONE,
            anonymous="401",
            caseworker="400",
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager="400",
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    row(
        "api-plan-outcomes-detail",
        "put",
        lambda t: f"/api/v1/cases/{t.ref}/plans/2/outcomes/{t.world.plan_items['outcome'].pk}/",
        expect(
            GONE,
            anonymous="401",
            caseworker="400",
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager="400",
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    row(
        "api-plan-provisions-list",
        "post",
        lambda t: f"/api/v1/cases/{t.ref}/plans/2/provisions/",
        expect(
            GONE,
            anonymous="401",
            caseworker="400",
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager="400",
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    row(
        "api-plan-provisions-detail",
        "put",
        lambda t: f"/api/v1/cases/{t.ref}/plans/2/provisions/{t.world.plan_items['provision'].pk}/",
        expect(
            GONE,
            anonymous="401",
            caseworker="400",
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager="400",
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    row(
        "api-plan-budgets-list",
        "post",
        lambda t: f"/api/v1/cases/{t.ref}/plans/2/budgets/",
        expect(
            GONE,
            anonymous="401",
            caseworker="400",
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager="400",
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    row(
        "api-plan-budgets-detail",
        "put",
        lambda t: f"/api/v1/cases/{t.ref}/plans/2/budgets/{t.world.plan_items['budget'].pk}/",
        expect(
            GONE,
            anonymous="401",
            caseworker="400",
            ep=DENIED,
            health_adviser=DENIED,
            parent=DENIED,
            senco=DENIED,
            send_manager="400",
            social_care_adviser=DENIED,
            young_person=DENIED,
        ),
    )
    # No mediation or appeal on the matrix's case: an id nobody has is a 404 for everyone
    # signed in (tests/redress/test_views_permissions.py covers who sees a real one).
    for name, address in [
        ("api-mediation-detail", "/api/v1/mediations/999999/"),
        ("api-appeal-detail", "/api/v1/appeals/999999/"),
    ]:
        row(name, "get", lambda t, a=address: a, expect(GONE, anonymous="401"))
    # Two-factor pages (the matrix's test clients are verified: tests/two_factor.py; the
    # unverified journeys are tests/security/test_two_factor.py). People who need no second
    # factor are sent on: families, and people whose staff roles no longer grant anything and
    # who never set up an app (an account with an app keeps needing it: test_two_factor.py).
    families = (
        "parent",
        "young_person",
        "parent_other_child",
        "board_member_seat_ended",
        "adviser_organisation_deactivated",
    )
    row(
        "two-factor-verify",
        "get",
        lambda t: "/two-factor/",
        expect("302 -> home", anonymous=LOGIN),
    )
    row(
        "two-factor-enrol",
        "get",
        lambda t: "/two-factor/set-up/",
        expect(
            "302 -> two-factor-verify",
            anonymous=LOGIN,
            **dict.fromkeys(families, "302 -> home"),
        ),
    )
