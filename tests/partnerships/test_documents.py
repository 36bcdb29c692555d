"""The PDFs of a plan version and of the sign-off decision, rendered by the Celery task after
commit, with real text a screen reader or search can use."""

import io

import pytest
from pypdf import PdfReader

from partnerships import services
from partnerships.models import PlanVersion
from send_portal.models import GeneratedDocument
from tests.partnerships.factories import (
    advance,
    all_in_accordance,
    make_area,
    plan_at,
    published_standards,
)

pytestmark = pytest.mark.django_db
Status = PlanVersion.Status


def _text(document: GeneratedDocument) -> str:
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.READY, document.error
    reader = PdfReader(io.BytesIO(document.file.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def area():
    published_standards()
    return make_area("881")


def test_submitting_a_plan_renders_a_pdf_of_the_version_with_every_section(
    area, django_capture_on_commit_callbacks
):
    version = plan_at(area, Status.BOARD_APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_to_regions_group(actor=area.chair, version_id=version.pk)
    version.refresh_from_db()
    text = _text(version.document)
    assert version.plan.title in text
    for heading in [
        "Joint needs assessment",
        "Provision and services to commission",
        "Graduated SEN Support offer",
        "Local Offer",
        "Specialist and alternative provision sufficiency",
        "Workforce",
        "Co-production evidence",
        "Commitments mapped to the National Standards",
        "Approval history",
    ]:
        assert heading in text, f"{heading!r} missing from the plan PDF"
    assert "Speech and language screening in every nursery" in text
    assert area.member.display_name in text, "the board's approvals are in the history"


def test_signing_off_renders_a_pdf_of_the_decision_with_the_checklist(
    area, django_capture_on_commit_callbacks
):
    version = plan_at(area, Status.AGREED)
    standards = published_standards()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.sign_off_plan(
            actor=area.officer,
            version_id=version.pk,
            standards_version_id=standards.pk,
            checks=all_in_accordance(standards),
            reasons="The plan commits to early identification in every nursery.",
        )
    text = _text(decision.document)
    assert "Sign-off of a local inclusion plan" in text
    assert "National Standards version 1" in text or "Version 1" in text
    assert area.officer.display_name in text
    assert "The plan commits to early identification in every nursery." in text
    for entry in standards.entries.all():
        assert entry.code in text
    assert "In accordance" in text
    assert "chapter 2 paragraph 69" in text


def test_publishing_renders_the_published_plan_with_its_sign_off(
    area, django_capture_on_commit_callbacks
):
    version = plan_at(area, Status.SIGNED_OFF)
    with django_capture_on_commit_callbacks(execute=True):
        advance(area, version, Status.PUBLISHED)
    version.refresh_from_db()
    text = _text(version.document)
    assert "Published" in text
    assert "Sign-off by the DfE Regions Group" in text
    assert area.officer.display_name in text
