"""AimPact's moderators also moderate the citizens' comments, everywhere (`citizen_comments.moderate_comment`)."""

from django.db import migrations

GROUP = "Modérateurs AimPact"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    comment_type, _created = ContentType.objects.get_or_create(app_label="citizen_comments", model="comment")
    # Permissions are made after every migration ran: on a new database this one does not exist yet.
    moderate, _created = Permission.objects.get_or_create(
        content_type=comment_type, codename="moderate_comment", defaults={"name": "Peut modérer les commentaires des citoyens"}
    )
    group.permissions.add(moderate)


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*group.permissions.filter(codename="moderate_comment"))


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_moderation_workflow"),
        ("citizen_comments", "0002_settings_deleted_moderation"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
