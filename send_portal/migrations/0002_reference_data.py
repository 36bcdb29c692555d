"""Load the nine DfE regions and the 153 local authorities (send_portal/reference_data.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from send_portal import reference_data

    reference_data.load(apps.get_model("send_portal", "Region"),
                        apps.get_model("send_portal", "Organisation"))


def unload(apps, schema_editor):
    Organisation = apps.get_model("send_portal", "Organisation")
    Organisation.objects.filter(kind__in=["la", "regions_group", "dfe"]).delete()
    apps.get_model("send_portal", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("send_portal", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
