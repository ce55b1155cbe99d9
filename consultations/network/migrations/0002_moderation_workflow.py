"""The moderation of citizens' consultations: the group « Modérateurs AimPact » (admin access), its task and the
workflow « Modération des consultations citoyennes », assigned to the national consultations index if it exists
(`consultations.network.moderation.ensure_moderation` assigns it when the index is created later)."""

from django.db import migrations

GROUP = "Modérateurs AimPact"
WORKFLOW = "Modération des consultations citoyennes"
TASK = "Modération par l'équipe AimPact"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ModerationTask = apps.get_model("network", "ModerationTask")
    PlatformHomePage = apps.get_model("cms", "PlatformHomePage")
    ConsultationIndexPage = apps.get_model("consultations", "ConsultationIndexPage")

    group, _created = Group.objects.get_or_create(name=GROUP)
    admin_type, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(access_admin)

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    task = ModerationTask.objects.filter(name=TASK).first()
    if task is None:
        task_type, _created = ContentType.objects.get_or_create(app_label="network", model="moderationtask")
        task = ModerationTask.objects.create(name=TASK, active=True, content_type=task_type)
        task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    page_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    change_page, _created = Permission.objects.get_or_create(
        content_type=page_type, codename="change_page", defaults={"name": "Can change page"}
    )
    for home in PlatformHomePage.objects.all():
        depth, path = home.depth + 1, home.path
        for index in ConsultationIndexPage.objects.filter(depth=depth, path__startswith=path):
            WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
            GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=change_page)


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("network", "ModerationTask").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("cms", "0007_attempt_counters"),
        ("consultations", "0003_sealed_ballots"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create, remove)]
