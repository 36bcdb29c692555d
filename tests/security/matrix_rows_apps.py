"""Rows of the permission matrix for the pages after a plan (``ehcp.reviews``), the tailored
lists of settings and the inclusion dashboards (objects built by tests/security/matrix_apps.py).
"""

from __future__ import annotations

#: (URL name, method, address from Things)
AFTER_PLAN = (
    ("reviews-list", "get", lambda t: "/reviews/"),
    ("reviews-cohort", "get", lambda t: "/reviews/phase-transfers/"),
    (
        "reviews-cohort-add",
        "post",
        lambda t: ("/reviews/phase-transfers/add/", {"council": t.essex.pk, "year": "2027"}),
    ),
    (
        "reviews-phase-schedule",
        "post",
        lambda t: f"/reviews/phase-transfers/{t.phase_transfer.pk}/schedule/",
    ),
    ("reviews-case", "get", lambda t: f"/cases/{t.after_case.reference}/after-plan/"),
    ("reviews-new", "get", lambda t: f"/cases/{t.after_case.reference}/after-plan/reviews/new/"),
    (
        "reviews-reassessment-new",
        "get",
        lambda t: f"/cases/{t.after_case.reference}/after-plan/reassessment/new/",
    ),
    (
        "reviews-cease-new",
        "get",
        lambda t: f"/cases/{t.after_case.reference}/after-plan/cease/new/",
    ),
    (
        "reviews-post16-move",
        "get",
        lambda t: f"/cases/{t.after_case.reference}/after-plan/post16-move/",
    ),
    ("reviews-move", "get", lambda t: f"/cases/{t.after_case.reference}/after-plan/move/"),
    ("review-detail", "get", lambda t: f"/reviews/{t.review.pk}/"),
    ("review-arrange", "get", lambda t: f"/reviews/{t.review.pk}/arrange/"),
    ("review-advice", "get", lambda t: f"/reviews/{t.review.pk}/advice/"),
    ("review-held", "get", lambda t: f"/reviews/{t.review.pk}/held/"),
    ("review-report", "get", lambda t: f"/reviews/{t.review.pk}/report/"),
    ("review-amendments", "post", lambda t: f"/reviews/{t.review.pk}/amendments/"),
    ("review-setting", "get", lambda t: f"/reviews/{t.review.pk}/next-setting/"),
    ("review-decide", "get", lambda t: f"/reviews/{t.review.pk}/decide/"),
    ("review-issue", "get", lambda t: f"/reviews/{t.review.pk}/issue/"),
    ("review-not-amending", "get", lambda t: f"/reviews/{t.review.pk}/not-amending/"),
    ("reassessment-decide", "get", lambda t: f"/reassessments/{t.reassessment.pk}/decide/"),
    ("reassessment-complete", "post", lambda t: f"/reassessments/{t.reassessment.pk}/complete/"),
    ("cease-decide", "get", lambda t: f"/cessations/{t.cessation.pk}/decide/"),
    ("cease-appeal", "get", lambda t: f"/cessations/{t.cessation.pk}/appeal/"),
    ("cease-confirm", "get", lambda t: f"/cessations/{t.cessation.pk}/confirm/"),
    ("move-decide", "get", lambda t: f"/plan-moves/{t.move.pk}/decide/"),
    ("reviews-setting-list", "get", lambda t: "/school/reviews/"),
    ("family-reviews", "get", lambda t: "/my-reviews/"),
    ("family-review", "get", lambda t: f"/my-reviews/{t.review.pk}/"),
    ("family-review-views", "get", lambda t: f"/my-reviews/{t.review.pk}/views/"),
    # Statutory returns (issue 18): on the case with an issued plan, and the manager's pages.
    ("case-return-details", "get", lambda t: f"/cases/{t.after_case.reference}/return-details/"),
    ("case-placement-new", "get", lambda t: f"/cases/{t.after_case.reference}/placements/new/"),
    (
        "case-placement-end",
        "get",
        lambda t: (
            f"/cases/{t.after_case.reference}/placements/{t.after_case.placements.get().pk}/end/"
        ),
    ),
    ("case-plan-ceased", "get", lambda t: f"/cases/{t.after_case.reference}/plan-ceased/"),
    ("returns-sen2-import", "get", lambda t: "/returns/881/sen2/import/"),
    ("returns-officers", "get", lambda t: "/returns/881/sen2/officers/"),
    ("returns-annex-a", "get", lambda t: "/returns/881/annex-a/"),
    ("returns-annex-a-download", "get", lambda t: "/returns/881/annex-a/annex-a.xlsx"),
)

TAILORED = (
    ("tailored-list-evaluation", "get", lambda t: "/tailored-lists/evaluation/"),
    *(
        (name, "get", (lambda suffix: lambda t: f"/tailored-lists/cases/{t.ref}/{suffix}")(s))
        for name, s in (
            ("tailored-list-case", ""),
            ("tailored-list-build", "build/"),
            ("tailored-list-add", "add/"),
            ("tailored-list-send", "send/"),
            ("tailored-list-decisions-letter", "decisions-letter/"),
        )
    ),
    *(
        (name, "get", (lambda suffix: lambda t: f"/tailored-lists/my-cases/{t.ref}/{suffix}")(s))
        for name, s in (
            ("tailored-list-family", ""),
            ("tailored-list-preferences", "preferences/"),
            ("tailored-list-preference-from-list", "preferences/from-list/"),
            ("tailored-list-preference-other", "preferences/other/"),
            ("tailored-list-preferences-check", "preferences/check/"),
        )
    ),
)

DASHBOARDS = (
    ("dashboards:index", "get", lambda t: "/dashboards/"),
    ("dashboards:definitions", "get", lambda t: "/dashboards/definitions/"),
    ("dashboards:public-england", "get", lambda t: "/dashboards/public/england/"),
    ("dashboards:public-council", "get", lambda t: "/dashboards/public/councils/881/"),
    ("dashboards:public-easy-read", "get", lambda t: "/dashboards/public/councils/881/easy-read/"),
    (
        "dashboards:public-partnership",
        "get",
        lambda t: f"/dashboards/public/partnerships/{t.partnership.pk}/",
    ),
    ("dashboards:england", "get", lambda t: "/dashboards/england/"),
    ("dashboards:region", "get", lambda t: f"/dashboards/regions/{t.region_code}/"),
    ("dashboards:council", "get", lambda t: "/dashboards/councils/881/"),
    ("dashboards:partnership", "get", lambda t: f"/dashboards/partnerships/{t.partnership.pk}/"),
    ("dashboards:sen2", "get", lambda t: "/dashboards/councils/881/sen2/"),
    ("dashboards:sen2-download", "get", lambda t: "/dashboards/councils/881/sen2/return.xml"),
)

EVIDENCE = (
    ("family-evidence-upload", "get", lambda t: f"/my-cases/{t.ref}/documents/new/"),
    ("case-evidence-upload", "get", lambda t: f"/cases/{t.ref}/evidence/new/"),
    ("case-evidence-download", "get", lambda t: f"/cases/{t.ref}/evidence/{t.evidence.pk}/"),
    ("advice-evidence-upload", "get", lambda t: f"/advice/{t.world.advice.pk}/report/new/"),
)

RETENTION = (
    ("retention", "get", lambda t: "/retention/"),
    *(
        (name, "get", (lambda suffix: lambda t: f"/retention/records/{t.child_id}/{suffix}")(s))
        for name, s in (
            ("retention-record", ""),
            ("retention-access-log", "access-log.csv"),
            ("retention-erase", "erase/"),
            ("retention-erase-check", "erase/check/"),
            ("retention-erased", "erased/"),
        )
    ),
)

OK, GONE, DENIED, LOGIN = "200", "404", "403", "302 -> login"
COUNCIL = ("caseworker", "send_manager")
ADVISERS = ("ep", "health_adviser", "social_care_adviser", "senco")
FAMILY = ("parent", "young_person")


def expected_outcomes(expect, only, to) -> dict[str, dict[str, str]]:
    """Reviewed against shared/domain/ROLES.md. After a plan: the council's staff run every
    step; the school's SENCo arranges the review, circulates advice, records the meeting and
    writes the report (403 on the council's decisions); the parent (of the second child) sees
    their own review page and is sent to it from the council's (403 on staff steps); everyone
    else, including another council's caseworker and the young person of another child, gets 404.
    Tailored lists: the council's staff build and send; the family (parent and young person) see
    and rank (their preference pages send them back to the list once sent); advisers on the case
    can see it but act on neither side (403). Dashboards: public pages for everyone; a council's
    for its own staff (its caseworkers see the aggregates of cases they can all open anyway),
    its region's Regions Group officers and DfE; a partnership's for its own board, its region's
    officers and DfE; a region's for its officers and DfE; England's for DfE; the SEN2 return
    for the council's SEND manager alone. Nothing restricted is reachable signed out (404: a
    dashboard address does not say whether it exists)."""
    staff_step = expect(GONE, **dict.fromkeys(COUNCIL, OK))
    senco_step = expect(GONE, **dict.fromkeys(COUNCIL, OK), senco=OK, parent=DENIED)
    decision_step = expect(GONE, **dict.fromkeys(COUNCIL, OK), senco=DENIED, parent=DENIED)
    list_staff = expect(
        GONE, **dict.fromkeys(COUNCIL, OK), **dict.fromkeys(ADVISERS + FAMILY, DENIED)
    )
    list_family_sent = expect(
        GONE,
        **dict.fromkeys(FAMILY, to("tailored-list-family")),
        **dict.fromkeys(COUNCIL + ADVISERS, DENIED),
    )
    restricted = {"anonymous": GONE}
    result = {
        "reviews-list": expect(GONE, **dict.fromkeys(COUNCIL, OK), caseworker_other_council=OK),
        "reviews-cohort": expect(DENIED, **dict.fromkeys(COUNCIL, OK), caseworker_other_council=OK),
        "reviews-cohort-add": expect(GONE, **dict.fromkeys(COUNCIL, to("reviews-cohort"))),
        "reviews-phase-schedule": expect(GONE, **dict.fromkeys(COUNCIL, to("reviews-case"))),
        "review-detail": expect(
            GONE, **dict.fromkeys(COUNCIL, OK), senco=OK, parent=to("family-review")
        ),
        "review-amendments": expect(
            GONE,
            caseworker=to("plan-version"),
            # The caseworker has just started them: the manager is told so on the review.
            send_manager=to("review-detail"),
            senco=DENIED,
            parent=DENIED,
        ),
        "reassessment-complete": expect(GONE, **dict.fromkeys(COUNCIL, to("reviews-case"))),
        "reviews-setting-list": only(OK, "senco", others=GONE),
        # Every parent and young person has their own list (another family's is never in it).
        "family-reviews": only(OK, "parent", "young_person", "parent_other_child", others=GONE),
        "family-review": only(OK, "parent", others=GONE),
        "family-review-views": expect(
            GONE, parent=OK, **dict.fromkeys(COUNCIL, DENIED), senco=DENIED
        ),
        "tailored-list-evaluation": expect(
            DENIED,
            **dict.fromkeys(
                (
                    *COUNCIL,
                    "caseworker_other_council",
                    "board_member",
                    "board_chair",
                    "board_member_own_partnership",
                    "board_member_other_region",
                    "regions_group_officer",
                    "officer_other_region",
                    "dfe_analyst",
                ),
                OK,
            ),
        ),
        "tailored-list-family": expect(
            GONE, **dict.fromkeys(FAMILY, OK), **dict.fromkeys(COUNCIL + ADVISERS, DENIED)
        ),
        "dashboards:council": expect(
            GONE,
            **dict.fromkeys((*COUNCIL, "regions_group_officer", "dfe_analyst"), OK),
            **restricted,
        ),
        "dashboards:partnership": expect(
            GONE,
            **dict.fromkeys(
                ("board_member_own_partnership", "regions_group_officer", "dfe_analyst"), OK
            ),
            **restricted,
        ),
        "dashboards:region": expect(
            GONE, **dict.fromkeys(("regions_group_officer", "dfe_analyst"), OK), **restricted
        ),
        "dashboards:england": expect(GONE, dfe_analyst=OK, **restricted),
        "dashboards:sen2": expect(GONE, send_manager=OK, **restricted),
        "dashboards:sen2-download": expect(GONE, send_manager=OK, **restricted),
    }
    for name in (
        "reviews-case",
        "reviews-new",
        "reviews-reassessment-new",
        "reviews-cease-new",
        "reviews-post16-move",
        "reviews-move",
        "reassessment-decide",
        "cease-decide",
        "cease-appeal",
        "cease-confirm",
        "move-decide",
    ):
        result[name] = staff_step
    for name in ("review-arrange", "review-advice", "review-held", "review-report"):
        result[name] = senco_step
    # Statutory returns: the council's staff record what the returns need on the case; the
    # council's SEND manager alone makes, checks and imports its returns (ROLES.md: exports obey
    # the same rules as pages). Annex A waits until Ofsted's checks pass (the matrix's children
    # have no disability status recorded), so its download sends the manager to the check.
    # The parent and the SENCo can see this case but not change it (403).
    for name in (
        "case-return-details",
        "case-placement-new",
        "case-placement-end",
        "case-plan-ceased",
    ):
        result[name] = decision_step
    for name in ("returns-sen2-import", "returns-officers", "returns-annex-a"):
        result[name] = only(OK, "send_manager", others=GONE)
    result["returns-annex-a-download"] = only(to("returns-annex-a"), "send_manager", others=GONE)
    for name in ("review-setting", "review-decide", "review-issue", "review-not-amending"):
        result[name] = decision_step
    for name in (
        "tailored-list-case",
        "tailored-list-build",
        "tailored-list-add",
        "tailored-list-send",
        "tailored-list-decisions-letter",
    ):
        result[name] = list_staff
    for name in (
        "tailored-list-preferences",
        "tailored-list-preference-from-list",
        "tailored-list-preference-other",
        "tailored-list-preferences-check",
    ):
        result[name] = list_family_sent
    for name in (
        "dashboards:index",
        "dashboards:definitions",
        "dashboards:public-england",
        "dashboards:public-council",
        "dashboards:public-easy-read",
        "dashboards:public-partnership",
    ):
        result[name] = expect(OK, anonymous=OK)
    return result


def add_app_rows(row, expect, only, to):
    expected = expected_outcomes(expect, only, to)
    # Evidence (the young person's report on the matrix's case): the family uploads on their
    # page, the council on its own; the staff, the family and the advisers whose requests are
    # open may download family evidence (SEND Regulations 2014 reg 7); the SENCo consulted about
    # the school sees the plan, not the evidence. Attaching a report is for advisers only (403
    # for everyone else, whatever the address); the EP holds the open request, the other
    # advisers and the one whose request is closed get 404.
    family_side = expect(
        GONE, **dict.fromkeys(FAMILY, OK), **dict.fromkeys(COUNCIL + ADVISERS, DENIED)
    )
    council_side = expect(
        GONE, **dict.fromkeys(COUNCIL, OK), **dict.fromkeys(FAMILY + ADVISERS, DENIED)
    )
    expected["family-evidence-upload"] = family_side
    expected["case-evidence-upload"] = council_side
    expected["case-evidence-download"] = expect(
        GONE, **dict.fromkeys(COUNCIL + FAMILY + ADVISERS, OK) | {"senco": GONE}
    )
    expected["advice-evidence-upload"] = expect(
        DENIED,
        ep=OK,
        **dict.fromkeys(
            ("health_adviser", "social_care_adviser", "senco", "adviser_request_closed"), GONE
        ),
    )
    # Retention and erasure: the SEND manager of the child's council alone. The matrix's child
    # has a request in progress, so "erase" sends the manager back to the record, the check
    # page back to the reason (none given yet), and "erased" does not exist yet.
    expected["retention"] = only(OK, "send_manager", others=GONE)
    expected["retention-record"] = only(OK, "send_manager", others=GONE)
    expected["retention-access-log"] = only(OK, "send_manager", others=GONE)
    expected["retention-erase"] = only(to("retention-record"), "send_manager", others=GONE)
    expected["retention-erase-check"] = only(to("retention-erase"), "send_manager", others=GONE)
    expected["retention-erased"] = expect(GONE)
    for table in (AFTER_PLAN, TAILORED, DASHBOARDS, EVIDENCE, RETENTION):
        for name, method, address in table:
            row(name, method, address, expected[name])
