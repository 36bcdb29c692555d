"""Local inclusion plans in Chromium, with axe-core on every page visited.

1. A partnership drafts its plan and its board approves it; the DfE Regions Group officer returns
   it with required changes; the partnership revises it in a new version and the board approves
   it again; the officer agrees it, then quality assures and signs it off against the published
   National Standards; the chair publishes it.
2. A parent reads the published plan (with its sign-off and "you said, we did") and browses the
   standards it cites, without signing in.
"""

from datetime import date

import pytest

from partnerships import services
from partnerships.models import PlanSection, PlanVersion
from send_portal import reference_data
from standards import content
from standards.models import CatalogueVersion
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.factories import PASSWORD
from tests.partnerships.factories import make_area, plan_at

Status = PlanVersion.Status


@pytest.fixture
def area(transactional_db):
    reference_data.ensure()
    content.install()
    return make_area("881")


def see(page, context: str) -> None:
    assert_accessible(page, context=f"({context})")


def status_of(page) -> str:
    return page.locator("[data-testid=plan-status]").inner_text()


def sign_in_as(page, user, who: str) -> None:
    sign_in(page, user.email, PASSWORD)
    assert page.locator("h1").inner_text() == "What you can do here"
    see(page, f"landing page of the {who}")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    see(page, "signed out")


def open_version(page, version_id: int, context: str) -> None:
    page.goto(f"/plans/versions/{version_id}/")
    see(page, context)


def board_approves(page, user, who: str, version_id: int) -> None:
    sign_in_as(page, user, who)
    open_version(page, version_id, f"plan for the {who}")
    page.get_by_role("link", name="Record your decision").click()
    see(page, f"board decision form for the {who}")
    page.get_by_label("Yes, I approve it").check()
    page.get_by_label("Comment").fill("Families' views are reflected.")
    page.get_by_role("button", name="Record my decision").click()
    assert "Your decision has been recorded" in page.inner_text("main")
    see(page, f"plan after the {who}'s decision")
    sign_out(page)


def chair_sends_to_board_and_approves(page, chair) -> None:
    page.get_by_role("link", name="Send to the board for approval").click()
    assert "Check the plan before sending it to the board" in page.locator("h1").inner_text()
    see(page, "check the plan before the board")
    page.get_by_role("button", name="Send to the board").click()
    assert "Awaiting board approval" in status_of(page)
    see(page, "plan awaiting the board")
    page.get_by_role("link", name="Record your decision").click()
    see(page, "chair's board decision form")
    page.get_by_label("Yes, I approve it").check()
    page.get_by_role("button", name="Record my decision").click()
    assert "1 of 2 approvals needed" in page.inner_text("main")
    see(page, "plan with one approval")


def chair_submits(page, chair, version_id: int) -> None:
    sign_in_as(page, chair, "chair")
    open_version(page, version_id, "board-approved plan")
    assert "Approved by the board" in status_of(page)
    page.get_by_role("link", name="Submit to the DfE Regions Group").click()
    see(page, "submit to the Regions Group")
    page.get_by_role("button", name="Submit the plan").click()
    assert "Submitted to the DfE Regions Group" in status_of(page)
    see(page, "submitted plan")
    sign_out(page)


def test_a_plan_is_drafted_approved_returned_revised_agreed_signed_off_and_published(page, area):
    chair, member, officer = area.chair, area.member, area.officer

    # The chair starts the plan.
    sign_in_as(page, chair, "chair")
    page.get_by_role("link", name="Your partnership").click()
    see(page, "partnerships list")
    page.get_by_role("link", name=area.partnership.name).click()
    see(page, "partnership page")
    page.get_by_role("link", name="Start a local inclusion plan").click()
    see(page, "start a plan")
    page.get_by_role("button", name="Start the plan").click()
    assert "Enter a title for the plan" in page.locator(".govuk-error-summary").inner_text()
    see(page, "start a plan with errors")
    page.get_by_label("Title of the plan").fill("Essex local inclusion plan 2025 to 2028")
    page.get_by_label("First year of the plan").fill("2025")
    page.get_by_label("Last year of the plan").fill("2028")
    page.get_by_role("button", name="Start the plan").click()
    assert "Draft" in status_of(page)
    see(page, "new draft plan")
    version_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    # Every section, one page at a time.
    for kind, label in PlanSection.Kind.choices:
        page.get_by_role("link", name=f"Change {label.lower()}").click()
        see(page, f"section {label}")
        page.get_by_label(label, exact=True).fill(f"{label}: what Essex will do, with families.")
        if kind == PlanSection.Kind.LOCAL_OFFER:
            page.get_by_label("Links to the Local Offer").fill(
                "Essex Local Offer | https://send.essex.gov.uk/"
            )
        page.get_by_role("button", name="Save the section").click()
        assert f"“{label}” saved" in page.inner_text("main")
    see(page, "plan with every section written")

    # A commitment mapped to a published National Standard, and a comment.
    page.get_by_role("link", name="Add a commitment").click()
    see(page, "add a commitment")
    page.get_by_label("National Standard").select_option(
        label="CI-3 Targeted help with speech and language at SEN Support (version 1)"
    )
    page.get_by_label("What will be commissioned").fill(
        "Nuffield Early Language Intervention training for every primary school"
    )
    page.get_by_label("Who commissions it").fill("Essex County Council")
    page.get_by_role("button", name="Add the commitment").click()
    assert "Commitment added" in page.inner_text("main")
    see(page, "plan with a commitment")
    page.get_by_role("link", name="Add a comment").click()
    see(page, "add a comment")
    page.get_by_label("Your comment").fill("Can we name the areas for new places?")
    page.get_by_role("button", name="Add the comment").click()
    see(page, "plan with a comment")

    # The board: the chair, then the member (quorum 2).
    chair_sends_to_board_and_approves(page, chair)
    sign_out(page)
    board_approves(page, member, "board member", version_id)
    chair_submits(page, chair, version_id)

    # The Regions Group officer returns it.
    sign_in_as(page, officer, "Regions Group officer")
    page.get_by_role("link", name="Local inclusion plans in your region").click()
    assert "Waiting for a Regions Group decision" in page.inner_text("main")
    see(page, "officer's list of plans")
    page.get_by_role("link", name="Essex local inclusion plan 2025 to 2028, version 1").click()
    see(page, "submitted plan for the officer")
    page.get_by_role("link", name="Return with required changes").click()
    see(page, "return form")
    page.get_by_role("button", name="Return the plan").click()
    assert "Enter the changes" in page.locator(".govuk-error-summary").inner_text()
    see(page, "return form with errors")
    page.get_by_label("What must the partnership change?").fill(
        "Set out the specialist places needed in the south of the county."
    )
    page.get_by_role("button", name="Return the plan").click()
    assert "Returned with required changes" in status_of(page)
    see(page, "returned plan")
    sign_out(page)

    # The partnership revises it in version 2 and the board approves it again.
    sign_in_as(page, chair, "chair")
    open_version(page, version_id, "returned plan for the chair")
    assert "specialist places needed in the south" in page.inner_text("main")
    page.get_by_role("link", name="Start a new version").click()
    see(page, "start a new version")
    page.get_by_role("button", name="Start the new version").click()
    assert "Version 2 started as a draft" in page.inner_text("main")
    see(page, "version 2 draft")
    second_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    label = PlanSection.Kind.SUFFICIENCY.label
    page.get_by_role("link", name=f"Change {label.lower()}").click()
    see(page, "sufficiency section")
    page.get_by_label(label, exact=True).fill(
        "120 new specialist places in Basildon and Southend by 2027."
    )
    page.get_by_role("button", name="Save the section").click()
    see(page, "revised version 2")
    chair_sends_to_board_and_approves(page, chair)
    sign_out(page)
    board_approves(page, member, "board member", second_id)
    chair_submits(page, chair, second_id)

    # The officer agrees it, then quality assures and signs it off.
    sign_in_as(page, officer, "Regions Group officer")
    open_version(page, second_id, "version 2 for the officer")
    page.get_by_role("link", name="Agree the plan").click()
    see(page, "agree form")
    page.get_by_label("Why are you agreeing the plan?").fill(
        "Rests on a joint needs assessment and was co-produced."
    )
    page.get_by_role("button", name="Agree the plan").click()
    assert "Agreed by the DfE Regions Group" in status_of(page)
    see(page, "agreed plan")
    page.get_by_role("link", name="Quality assure and sign off").click()
    see(page, "choose the standards version")
    offered = page.locator("fieldset").inner_text()
    assert "Version 2" not in offered, "a draft standards version is not offered"
    page.get_by_label("Version 1 (published)").check()
    page.get_by_role("button", name="Continue").click()
    see(page, "sign-off checklist")
    standards = CatalogueVersion.objects.get(number=1)
    for entry in standards.entries.all():
        if entry.tier == "specialist":
            page.locator(f"#id_outcome_{entry.pk}_1").check()
            page.locator(f"#id_note_{entry.pk}").fill("Set out in individual EHC plans")
        else:
            page.locator(f"#id_outcome_{entry.pk}_0").check()
    page.get_by_label("Reasons for signing off the plan").fill(
        "Every relevant standard is met; commitments name their commissioners."
    )
    page.get_by_role("button", name="Continue").click()
    assert "Check your answers before signing off" in page.locator("h1").inner_text()
    see(page, "check answers before signing off")
    page.get_by_role("button", name="Sign off the plan").click()
    assert "Signed off by the DfE Regions Group" in status_of(page)
    assert "Sign-off by the DfE Regions Group" in page.inner_text("main")
    see(page, "signed-off plan")
    page.get_by_text("The check against each standard").click()
    see(page, "sign-off checklist opened")
    assert_no_console_errors(page)
    sign_out(page)

    # The chair publishes it.
    sign_in_as(page, chair, "chair")
    open_version(page, second_id, "signed-off plan for the chair")
    page.get_by_role("link", name="Publish the plan").click()
    see(page, "publish the plan")
    page.get_by_role("button", name="Publish the plan").click()
    assert "Published" in status_of(page)
    see(page, "published plan")
    assert PlanVersion.objects.get(pk=second_id).status == Status.PUBLISHED
    assert PlanVersion.objects.get(pk=version_id).status == Status.RETURNED


def test_a_parent_reads_the_published_plan_and_the_standards_it_cites(page, area):
    version = plan_at(area, Status.PUBLISHED)
    services.record_coproduction_event(
        actor=area.member,
        partnership_id=area.partnership.pk,
        plan_id=version.plan_id,
        title="Family Forum workshop",
        kind="forum",
        held_on=date(2025, 3, 12),
        who_took_part="38 parents and carers",
        you_said="We cannot find what support a school should give.",
        we_did="Every school now publishes its SEN Support offer.",
        parents_and_carers=True,
    )
    page.goto("/local-inclusion-plans/")
    see(page, "published plans")
    page.get_by_role("link", name=version.plan.title).click()
    main = page.inner_text("main")
    assert "Published" in status_of(page)
    assert "We cannot find what support a school should give." in main
    assert "Every school now publishes its SEN Support offer." in main
    assert area.officer.display_name in main
    see(page, "a published plan")
    assert_no_console_errors(page)
    page.get_by_text("The check against each standard").click()
    see(page, "published plan's sign-off checklist")

    page.get_by_role("link", name="What support should your child's nursery").click()
    see(page, "standards browser from the plan")
    page.get_by_label("Communication and interaction").check()
    page.get_by_label("Early years", exact=True).check()
    page.get_by_role("button", name="Show the support").click()
    see(page, "standards for communication in the early years")
    page.get_by_role("link", name="Spotting speech, language and communication needs early").click()
    assert "Illustrative content: DfE has not yet published" in page.inner_text("main")
    see(page, "a standard for a parent")
