"""EvidenceUpload now belongs to the EHC app (``ehcp.0009_evidence_upload_from_the_core``):
removed from the core's state only; its table stays where it is, now the EHC app's."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("send_portal", "0008_role_grant_requests"),
        ("ehcp", "0009_evidence_upload_from_the_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="EvidenceUpload")],
            database_operations=[],
        ),
    ]
