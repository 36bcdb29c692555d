"""EvidenceUpload belongs to the EHC app (issue 21: the core imports no app), moved from the core
state only (``ehcp.0009_evidence_upload_from_the_core``): the rows stay in their table, and what
named the model by its old label, ``send_portal.evidenceupload`` (its content type with the
permissions and per-object shares that point at it, the audit events and documents about an
upload), is relabelled with it, so that erasure still finds all of it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission

import send_portal.models
from ehcp.models import EvidenceUpload
from send_portal.models import AuditEvent, GeneratedDocument
from tests.ehcp import upload_world

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("ehcp.migrations.0009_evidence_upload_from_the_core")
OLD, NEW = "send_portal.evidenceupload", "ehcp.evidenceupload"


def test_the_model_is_the_ehcp_apps_and_keeps_its_table():
    assert EvidenceUpload._meta.label == "ehcp.EvidenceUpload"
    assert EvidenceUpload._meta.db_table == "send_portal_evidenceupload"
    assert not hasattr(send_portal.models, "EvidenceUpload")


def _as_before_the_move(upload: EvidenceUpload, someone) -> tuple[ContentType, Permission]:
    """The database as the core's model left it: a permission and a per-object share on its
    content type labelled ``send_portal``, an audit event and a document naming the upload by
    the old label."""
    content_type = ContentType.objects.get_for_model(EvidenceUpload)
    permission = Permission.objects.get(content_type=content_type, codename="view_evidenceupload")
    UserObjectPermission.objects.create(
        user=someone, permission=permission, content_type=content_type, object_pk=str(upload.pk)
    )
    ContentType.objects.filter(pk=content_type.pk).update(app_label="send_portal")
    ContentType.objects.clear_cache()
    AuditEvent.objects.filter(object_type=NEW).update(object_type=OLD)
    GeneratedDocument.objects.create(
        title="Evidence receipt", template_name="x.html", owner_type=OLD, owner_id=str(upload.pk)
    )
    return content_type, permission


def test_the_migration_relabels_the_content_type_so_permissions_and_shares_keep_working():
    world = upload_world.build()
    upload = upload_world.add(world, "parent")
    old_type, permission = _as_before_the_move(upload, world.manager)

    MIGRATION.forwards(django_apps, None)
    ContentType.objects.clear_cache()

    moved = ContentType.objects.get_for_model(EvidenceUpload)
    assert moved.pk == old_type.pk and (moved.app_label, moved.model) == ("ehcp", "evidenceupload")
    permission.refresh_from_db()
    assert permission.content_type_id == moved.pk
    share = UserObjectPermission.objects.get(user=world.manager)
    assert share.content_object == upload


def test_the_migration_relabels_the_audit_events_and_documents_about_uploads():
    world = upload_world.build()
    upload = upload_world.add(world, "parent")
    _as_before_the_move(upload, world.manager)
    assert AuditEvent.objects.filter(object_type=OLD, object_id=str(upload.pk)).exists()

    MIGRATION.forwards(django_apps, None)

    assert not AuditEvent.objects.filter(object_type=OLD).exists()
    assert AuditEvent.objects.filter(object_type=NEW, object_id=str(upload.pk)).exists()
    assert GeneratedDocument.objects.get(title="Evidence receipt").owner_type == NEW

    MIGRATION.backwards(django_apps, None)
    ContentType.objects.clear_cache()
    assert AuditEvent.objects.filter(object_type=OLD, object_id=str(upload.pk)).exists()
    assert ContentType.objects.filter(app_label="send_portal", model="evidenceupload").exists()
