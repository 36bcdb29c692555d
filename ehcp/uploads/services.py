"""Writes for uploaded evidence: attach a file to a case, and remove every file of a case.

A file is checked (type by content, size, name) before anything is written; then, under the
case's row lock, the permission is checked again, the file is stored under a random name in the
private directory, and the row, the audit event and the timeline entry are written in one
transaction. If anything fails the stored file is removed again. The caseworker hears about a
family's upload after the transaction commits.
"""

from __future__ import annotations

import logging
import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ehcp import selectors
from ehcp.models import AdviceRequest, Case, CaseEvent, EvidenceUpload
from ehcp.services.participation import tell_council
from send_portal import audit, permissions
from send_portal.models import AuditEvent, User
from send_portal.text import in_sentence

from .errors import UploadRefused
from .selectors import REG_7
from .validation import check_upload, size_label

logger = logging.getLogger("send_portal.uploads")

DESCRIPTION_MAX = 300


def _clean_description(description: str) -> str:
    text = " ".join((description or "").split())
    if not text:
        raise UploadRefused("Enter a short description of the document", field="description")
    if len(text) > DESCRIPTION_MAX:
        raise UploadRefused(
            f"The description must be {DESCRIPTION_MAX} characters or fewer", field="description"
        )
    return text


def _stored_name(extension: str) -> str:
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def _check_permission(actor: User, case: Case, advice_request: AdviceRequest | None) -> None:
    if advice_request is not None:
        if advice_request.case_id != case.pk:
            raise UploadRefused("This advice request is for another case", field=None)
        permissions.require(actor, "send_portal.attach_advice_report", advice_request)
    else:
        permissions.require(actor, "send_portal.upload_evidence", case)


def _source(actor: User, case: Case, advice_request) -> str:
    if advice_request is not None:
        return EvidenceUpload.Source.ADVISER
    if selectors.is_family_of_case(actor, case):
        return EvidenceUpload.Source.FAMILY
    return EvidenceUpload.Source.COUNCIL


def upload_evidence(
    *,
    actor: User,
    case: Case,
    file,
    kind: str,
    description: str,
    advice_request: AdviceRequest | None = None,
) -> EvidenceUpload:
    """Attach ``file`` to ``case`` (or, for an adviser, to their open ``advice_request``).

    Raises :class:`UploadRefused` (a ``DomainError``) when the file or the answers are not
    acceptable and ``PermissionDenied`` when the person may not add evidence; nothing is stored
    in either case.
    """
    _check_permission(actor, case, advice_request)
    if kind not in EvidenceUpload.Kind.values:
        raise UploadRefused("Select what kind of document this is", field="kind")
    text = _clean_description(description)
    checked = check_upload(file)
    stored: str | None = None
    storage = EvidenceUpload._meta.get_field("file").storage
    try:
        with transaction.atomic():
            locked = (
                Case.objects.select_for_update(of=("self",))
                .select_related("child", "local_authority", "caseworker")
                .get(pk=case.pk)
            )
            advice = None
            if advice_request is not None:
                advice = AdviceRequest.objects.select_for_update().get(pk=advice_request.pk)
            _check_permission(actor, locked, advice)
            source = _source(actor, locked, advice)
            upload = EvidenceUpload(
                case=locked,
                advice_request=advice,
                kind=kind,
                description=text,
                source=source,
                display_name=checked.display_name,
                content_type=checked.content_type,
                size_bytes=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor,
            )
            file.seek(0)
            upload.file.save(_stored_name(checked.extension), file, save=False)
            stored = upload.file.name
            upload.save()
            _record(actor, locked, upload, checked, advice)
            if source == EvidenceUpload.Source.FAMILY:
                upload_id = upload.pk
                transaction.on_commit(lambda: _tell_council_about(upload_id))
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    return upload


_WHO = {
    EvidenceUpload.Source.FAMILY: "the family",
    EvidenceUpload.Source.COUNCIL: "the council",
    EvidenceUpload.Source.ADVISER: "the adviser",
}


def _record(actor: User, case: Case, upload: EvidenceUpload, checked, advice) -> None:
    """The audit event and the timeline entry of a new upload (in its transaction)."""
    kind_label = upload.get_kind_display()
    audit.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=upload,
        child_id=case.child_id,
        summary=f"{case.reference}: uploaded '{checked.display_name}' ({kind_label})",
        detail={
            "kind": upload.kind,
            "source": upload.source,
            "content_type": checked.content_type,
            "size_bytes": checked.size,
            "sha256": checked.sha256,
            "advice_request": advice.pk if advice else None,
        },
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        occurred_on=selectors.today(),
        actor=actor,
        title=f"Evidence added by {_WHO[upload.source]}: {kind_label}",
        detail=f"{checked.display_name} ({size_label(checked.size)}): {upload.description}",
        # An adviser's report reaches the family through the council, with the advice.
        visible_to_family=upload.source != EvidenceUpload.Source.ADVISER,
    )


def _tell_council_about(upload_id: int) -> None:
    upload = (
        EvidenceUpload.objects.select_related(
            "case", "case__child", "case__caseworker", "case__local_authority", "uploaded_by"
        )
        .filter(pk=upload_id)
        .first()
    )
    if upload is None:
        return
    case = upload.case
    who = upload.uploaded_by.display_name if upload.uploaded_by else "The family"
    with transaction.atomic():
        tell_council(
            case,
            key=f"evidence:{upload.pk}",
            subject=f"{who} sent evidence for {case.child.full_name} ({case.reference}): "
            f"{in_sentence(upload.get_kind_display())}",
            what_happened=f"{who} uploaded '{upload.display_name}' "
            f"({in_sentence(upload.get_kind_display())}, {size_label(upload.size_bytes)}) on "
            f"{timezone.localtime(upload.uploaded_at):%-d %B %Y}: \u201c{upload.description}\u201d",
            what_to_do="Read it and take it into account in the assessment and the plan. "
            "Professionals with an open advice request on this case can see it too, as the "
            f"council must give them the family's evidence ({REG_7}).",
            link=reverse("case-detail", args=[case.reference]) + "#evidence",
        )


def delete_uploads_for_case(case: Case) -> int:
    """Remove every uploaded file of ``case``: the rows now, the stored files once the
    transaction commits (at once when called outside one), so a rolled-back erasure loses
    nothing. Returns how many files there were. Used when a child's record is erased."""
    with transaction.atomic():
        rows = list(
            EvidenceUpload.objects.select_for_update()
            .filter(case_id=case.pk)
            .values_list("pk", "file")
        )
        EvidenceUpload.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        names = [name for _, name in rows if name]
        transaction.on_commit(lambda: _delete_files(names), robust=True)
    return len(rows)


def _delete_files(names: list[str]) -> None:
    storage = EvidenceUpload._meta.get_field("file").storage
    for name in names:
        storage.delete(name)
