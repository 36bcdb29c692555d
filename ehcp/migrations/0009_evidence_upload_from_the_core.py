"""EvidenceUpload moves from the core (send_portal) to the EHC app (issue 21), state only: the
table keeps its name (``send_portal_evidenceupload``), so no row or file moves.

What stored the model's old label is relabelled ``ehcp.evidenceupload`` in the same step: its
content type (so its permissions and any per-object shares, which point at the content type,
keep working), and the audit events and generated documents that name an upload
(``object_type``, ``owner_type``), which erasure finds by the model's label.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import send_portal.models.uploads

OLD, NEW = "send_portal", "ehcp"
MODEL = "evidenceupload"


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("send_portal", "AuditEvent")
    GeneratedDocument = apps.get_model("send_portal", "GeneratedDocument")
    if not ContentType.objects.filter(app_label=new, model=MODEL).exists():
        ContentType.objects.filter(app_label=old, model=MODEL).update(app_label=new)
    AuditEvent.objects.filter(object_type=f"{old}.{MODEL}").update(object_type=f"{new}.{MODEL}")
    GeneratedDocument.objects.filter(owner_type=f"{old}.{MODEL}").update(
        owner_type=f"{new}.{MODEL}"
    )


def forwards(apps, schema_editor):
    _relabel(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _relabel(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("ehcp", "0008_journeys_for_real_people"),
        ("send_portal", "0008_role_grant_requests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EvidenceUpload",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("report", "Report from a professional"),
                                    ("letter", "Letter"),
                                    ("school", "School or college record"),
                                    ("health", "Health or medical document"),
                                    ("views", "Views of the child, young person or family"),
                                    ("other", "Something else"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("description", models.CharField(max_length=300)),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("family", "Family"),
                                    ("council", "Council"),
                                    ("adviser", "Adviser"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "file",
                            models.FileField(
                                max_length=200,
                                storage=send_portal.models.uploads.private_upload_storage,
                                upload_to="",
                            ),
                        ),
                        ("display_name", models.CharField(max_length=120)),
                        ("content_type", models.CharField(max_length=100)),
                        ("size_bytes", models.PositiveBigIntegerField()),
                        ("sha256", models.CharField(max_length=64)),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "advice_request",
                            models.ForeignKey(
                                blank=True,
                                help_text="The advice request an adviser attached this report to.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="attachments",
                                to="ehcp.advicerequest",
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="evidence_uploads",
                                to="ehcp.case",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "send_portal_evidenceupload",
                        "ordering": ["-uploaded_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["case", "uploaded_at"], name="evidence_case_uploaded"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
