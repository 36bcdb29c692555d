"""Adding evidence to a case: stored privately under a random name with its hash, audited, on the
timeline, the caseworker told after commit; refused files and people change nothing; every file
of a case can be removed (for erasure)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve

from ehcp.models import CaseEvent, EvidenceUpload
from ehcp.uploads.errors import UploadRefused
from ehcp.uploads.selectors import uploads_visible_to
from ehcp.uploads.services import delete_uploads_for_case, upload_evidence
from send_portal.models import AuditEvent, Notification
from tests.ehcp import upload_world
from tests.send_portal.upload_samples import EXE, image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return upload_world.build()


def uploads_root() -> Path:
    return Path(EvidenceUpload._meta.get_field("file").storage.location)


def stored_files() -> list[Path]:
    root = uploads_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_parents_evidence_is_stored_privately_audited_put_on_the_timeline_and_the_caseworker_told(
    world, django_capture_on_commit_callbacks
):
    content = pdf_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        evidence = upload_evidence(
            actor=world.parent,
            case=world.case,
            file=upload("../../Speech therapy report.pdf", content, "text/html"),
            kind=EvidenceUpload.Kind.REPORT,
            description="  Speech and language therapy report\nfrom March  ",
        )
    evidence.refresh_from_db()
    assert evidence.source == EvidenceUpload.Source.FAMILY
    assert evidence.display_name == "Speech_therapy_report.pdf"
    assert evidence.description == "Speech and language therapy report from March"
    assert evidence.content_type == "application/pdf"
    assert evidence.size_bytes == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    # Stored under a random name, with the content as sent.
    assert re.fullmatch(r"\d{4}/\d{2}/[0-9a-f]{32}\.pdf", evidence.file.name)
    path = Path(evidence.file.path)
    assert path.read_bytes() == content
    assert path.stat().st_mode & 0o077 == 0  # readable by the portal's user only
    audit = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(evidence.pk))
    assert audit.child_id == world.case.child_id
    assert audit.detail["sha256"] == evidence.sha256
    event = world.case.events.get(kind=CaseEvent.Kind.NOTE, title__startswith="Evidence")
    assert event.title == "Evidence added by the family: Report from a professional"
    assert "Speech_therapy_report.pdf" in event.detail and event.visible_to_family
    note = Notification.objects.get(recipient=world.caseworker, dedupe_key__contains=":evidence:")
    assert world.case.reference in note.subject
    assert "Speech_therapy_report.pdf" in note.what_happened
    assert "SEND Regulations 2014 reg 7" in note.what_to_do
    assert note.link.endswith("#evidence")


def test_the_caseworker_is_told_only_after_the_upload_commits(world):
    upload_world.add(world, "parent")
    assert not Notification.objects.filter(dedupe_key__contains=":evidence:").exists()


def test_files_live_outside_every_public_path_and_have_no_address(world, client):
    evidence = upload_world.add(world, "parent")
    path = Path(evidence.file.path).resolve()
    public_roots = [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
    for root in public_roots:
        assert not path.is_relative_to(root.resolve())
    with pytest.raises(NotImplementedError):
        evidence.file.url  # noqa: B018 - the storage refuses to make a URL
    for address in (
        f"{settings.MEDIA_URL}uploads/{evidence.file.name}",
        f"{settings.MEDIA_URL}{evidence.file.name}",
        f"{settings.STATIC_URL}{evidence.file.name}",
        f"/uploads/{evidence.file.name}",
    ):
        with pytest.raises(Resolver404):
            resolve(address)
        client.force_login(world.caseworker)
        assert client.get(address).status_code == 404


def test_the_uploads_directory_follows_its_setting(world, settings, tmp_path):
    settings.SEND_PORTAL_UPLOADS_ROOT = tmp_path / "elsewhere"
    evidence = upload_world.add(world, "parent")
    assert Path(evidence.file.path).is_relative_to(tmp_path / "elsewhere")


def test_the_council_and_an_adviser_can_add_documents_too(world):
    council = upload_world.add(world, "caseworker", kind=EvidenceUpload.Kind.LETTER)
    report = upload_world.add(world, "adviser")
    assert council.source == EvidenceUpload.Source.COUNCIL
    assert report.source == EvidenceUpload.Source.ADVISER
    assert report.advice_request == world.advice
    # The adviser's report reaches the family through the council, with the advice.
    assert not world.case.events.get(
        title__startswith="Evidence added by the adviser"
    ).visible_to_family
    assert not Notification.objects.filter(dedupe_key__contains=":evidence:").exists()


@pytest.mark.parametrize("who", ["other_parent", "other_council", "closed_adviser", "adviser"])
def test_people_outside_the_case_cannot_add_evidence_and_nothing_is_stored(world, who):
    with pytest.raises(PermissionDenied):
        upload_evidence(
            actor=getattr(world, who),
            case=world.case,
            file=upload("report.pdf", pdf_bytes()),
            kind=EvidenceUpload.Kind.REPORT,
            description="Not theirs to add",
        )
    assert not EvidenceUpload.objects.exists()
    assert stored_files() == []


def test_an_adviser_cannot_attach_to_a_request_once_the_advice_is_sent(world):
    closed = world.case.advice_requests.get(adviser=world.closed_adviser)
    with pytest.raises(PermissionDenied):
        upload_evidence(
            actor=world.closed_adviser,
            case=world.case,
            file=upload("report.pdf", pdf_bytes()),
            kind=EvidenceUpload.Kind.REPORT,
            description="Too late",
            advice_request=closed,
        )
    assert not EvidenceUpload.objects.exists()


@pytest.mark.parametrize(
    ("file", "kind", "description", "field", "message"),
    [
        (upload("report.pdf", EXE), "report", "A report", "file", "must be a PDF, JPG"),
        (upload("photo.pdf", image_bytes("PNG")), "report", "A photo", "file", "is a PNG but"),
        (None, "report", "A report", "file", "Select a file to upload"),
        (upload("report.pdf", pdf_bytes()), "bank", "A report", "kind", "Select what kind"),
        (upload("report.pdf", pdf_bytes()), "report", "   ", "description", "Enter a short"),
        (upload("report.pdf", pdf_bytes()), "report", "x" * 301, "description", "300 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    world, file, kind, description, field, message
):
    events = world.case.events.count()
    audits = AuditEvent.objects.count()
    with pytest.raises(UploadRefused) as refused:
        upload_evidence(
            actor=world.parent, case=world.case, file=file, kind=kind, description=description
        )
    assert refused.value.field == field
    assert message in refused.value.message
    assert not EvidenceUpload.objects.exists()
    assert stored_files() == []
    assert world.case.events.count() == events
    assert AuditEvent.objects.count() == audits


def test_a_failure_after_the_file_is_stored_removes_the_file_again(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(CaseEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        upload_world.add(world, "parent")
    assert not EvidenceUpload.objects.exists()
    assert stored_files() == []


def test_who_sees_which_documents(world):
    family = upload_world.add(world, "parent")
    council = upload_world.add(world, "caseworker")
    report = upload_world.add(world, "adviser")

    def seen(user):
        return set(uploads_visible_to(user, world.case))

    assert seen(world.caseworker) == seen(world.manager) == {family, council, report}
    assert seen(world.parent) == {family, council}
    # The family's evidence, which the council must give advisers (reg 7), and their own report.
    assert seen(world.adviser) == {family, report}
    assert seen(world.closed_adviser) == set()
    assert seen(world.other_parent) == set()
    assert seen(world.other_council) == set()


def test_delete_uploads_for_case_removes_the_rows_and_the_stored_files(
    world, django_capture_on_commit_callbacks
):
    first = upload_world.add(world, "parent")
    second = upload_world.add(world, "adviser")
    paths = [Path(first.file.path), Path(second.file.path)]
    other = upload_world.build()
    kept = upload_world.add(other, "parent")
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_uploads_for_case(world.case) == 2
    assert not EvidenceUpload.objects.filter(case=world.case).exists()
    assert not any(path.exists() for path in paths)
    assert Path(kept.file.path).exists()
    assert EvidenceUpload.objects.get() == kept


def test_delete_uploads_for_case_keeps_the_files_if_the_transaction_rolls_back(world):
    from django.db import transaction

    evidence = upload_world.add(world, "parent")
    with pytest.raises(RuntimeError), transaction.atomic():
        delete_uploads_for_case(world.case)
        raise RuntimeError("erasure failed")
    assert EvidenceUpload.objects.get() == evidence
    assert Path(evidence.file.path).exists()
