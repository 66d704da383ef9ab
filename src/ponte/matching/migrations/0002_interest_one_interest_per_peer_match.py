from django.db import migrations, models

# Before this constraint, clicking "Express interest" twice on a peer sent two interests.
# Keep one per local government and peer: the one furthest along (accepted, then pending,
# then declined, then withdrawn), the earliest among equals.
RANK = {"accepted": 0, "pending": 1, "declined": 2, "withdrawn": 3}


def drop_duplicate_peer_interests(apps, schema_editor):
    Interest = apps.get_model("matching", "Interest")
    kept: dict[tuple[int, str], object] = {}
    for interest in Interest.objects.filter(need__isnull=True).order_by("created_at", "pk"):
        key = (interest.from_local_government_id, interest.candidate_key)
        best = kept.get(key)
        if best is None:
            kept[key] = interest
        elif RANK.get(interest.status, 9) < RANK.get(best.status, 9):
            best.delete()
            kept[key] = interest
        else:
            interest.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_duplicate_peer_interests, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="interest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("need__isnull", True)),
                fields=("from_local_government", "candidate_key"),
                name="one_interest_per_peer_match",
            ),
        ),
    ]
