"""SEND Regulations 2014 reg 18(1): the plan is reviewed and amended *before* 15 February (31
March for secondary to post-16), so the last day in time is 14 February (30 March). Stored
deadlines computed as 15 February / 31 March move back one day."""

from datetime import timedelta

from django.db import migrations

ANCHORS = {"school": (2, 15), "post16": (3, 31)}
DUE_KEYS = {"phase_transfer_school": (2, 15), "phase_transfer_post16": (3, 31)}
BASIS = {
    "phase_transfer_school": (
        "SEND Regulations 2014 reg 18(1)(b): the plan must be reviewed and amended before 15 "
        "February in the calendar year of the transfer, so the last day in time is 14 February "
        '(the Code of Practice\'s "by" is not the regulation\'s word)'
    ),
    "phase_transfer_post16": (
        "SEND Regulations 2014 reg 18(1)(a): secondary school to a post-16 institution, the plan "
        "must be reviewed and amended before 31 March in the calendar year of the transfer, so "
        "the last day in time is 30 March"
    ),
}


def last_day_before(apps, schema_editor):
    PhaseTransfer = apps.get_model("reviews", "PhaseTransfer")
    Review = apps.get_model("reviews", "Review")
    day = timedelta(days=1)
    for transfer in PhaseTransfer.objects.filter(transfer__in=list(ANCHORS)):
        if (transfer.deadline_on.month, transfer.deadline_on.day) == ANCHORS[transfer.transfer]:
            transfer.deadline_on -= day
            transfer.save(update_fields=["deadline_on"])
    for review in Review.objects.filter(due_key__in=list(DUE_KEYS)):
        if (review.due_on.month, review.due_on.day) != DUE_KEYS[review.due_key]:
            continue
        fields = ["due_on", "due_basis"]
        if review.next_due_key == review.due_key and review.next_due_on == review.due_on:
            review.next_due_on -= day
            fields.append("next_due_on")
        review.due_on -= day
        review.due_basis = BASIS[review.due_key]
        review.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(last_day_before, migrations.RunPython.noop)]
