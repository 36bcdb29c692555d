"""Plan PDFs: a full plan (every section filled, about 20 pages) renders every section with real,
extractable text, a title, a language and a tagged structure; drafts say DRAFT; the PDF of a
version is made by a worker after commit, stored with its SHA-256 and never rebuilt."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from benchmarks.plan_pdf import _setup_plan
from ehcp import selectors
from ehcp.models import Plan, Section
from ehcp.plan_document import document_title, plan_context, with_content
from ehcp.services import workflow
from send_portal.models import GeneratedDocument
from send_portal.pdf import render_pdf
from send_portal.tasks import render_document
from tests.ehcp.factories import PLACEMENT_TYPE, TODAY, day
from tests.ehcp.plan_helpers import serve, written_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def test_a_full_plan_renders_every_section_as_real_tagged_text():
    plan = _setup_plan()
    full = with_content(Plan.objects.filter(pk=plan.pk)).get()
    context = {**plan_context(full), "document_title": document_title(full)}
    reader, text = _text(render_pdf("pdf/plan.html", context))

    assert reader.metadata.title == document_title(full)
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).lower().startswith("en")
    assert "/StructTreeRoot" in root, "the PDF must be tagged"
    assert root["/MarkInfo"]["/Marked"]
    assert len(reader.pages) >= 15

    for section in Section:
        assert text.count(section.label) >= 2, section  # in the contents and as a heading
    for sample in [
        "I want to drive trains or design railways.",  # A: the child's own words
        "Parents' and carers' views",
        "Communication and interaction",  # B grouped by the four areas of need
        "Sensory and/or physical needs",
        "Has a diagnosis of hypermobility",  # C
        "The family needs short breaks",  # D
        "will follow a three-step instruction",  # E
        "HCPC-registered speech and language therapist",  # F, quantified
        "Once a week, 39 weeks a year",
        "Agreed by Designated clinical officer",  # G, reg 12(2)
        "Left blank: a draft plan must not name a school",  # I, s38(5)
        "Paid four-weekly into a direct payment account",  # J
        "Appendix K1: Psychological advice",  # K
        "Difficulty understanding spoken instructions in a busy classroom.",
        "DRAFT",
    ]:
        assert sample.lower() in text.lower(), sample


def test_the_draft_pdf_is_made_after_commit_stored_with_its_hash_and_never_rebuilt(
    django_capture_on_commit_callbacks,
):
    plan, _ = written_draft()
    with django_capture_on_commit_callbacks(execute=True):
        serve(plan)
    document = GeneratedDocument.objects.get(pk=plan.document_id)
    assert document.status == GeneratedDocument.Status.READY
    content = document.file.read()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    _, text = _text(content)
    assert "DRAFT" in text and "Section I: School, college or other institution" in text
    first = (document.sha256, document.file.name, document.attempts)
    render_document.apply(args=[document.pk]).get()
    document.refresh_from_db()
    assert (document.sha256, document.file.name, document.attempts) == first


def test_the_final_plan_pdf_names_the_setting_and_is_not_watermarked(
    django_capture_on_commit_callbacks,
):
    plan, items = written_draft()
    serve(plan)
    case = plan.case
    with django_capture_on_commit_callbacks(execute=True):
        final = workflow.issue_final_plan(
            actor=case.caseworker,
            case_id=case.pk,
            issued_on=day(case, "final_issued"),
            notice_sent_on=day(case, "final_issued"),
            setting_type=PLACEMENT_TYPE,
        )
    document = GeneratedDocument.objects.get(pk=final.document_id)
    assert document.status == GeneratedDocument.Status.READY
    _, text = _text(document.file.read())
    assert "DRAFT" not in text
    section_i = text.split("Section I: School, college or other institution")[-1]
    assert section_i.split("Section J:")[0].strip().endswith(PLACEMENT_TYPE)
    assert "Left blank" not in text
    assert items["therapy"].description in text
