"""The groups' emails, sent by Celery after the commit (`tasks.py`): a new message to the editors of the space it is
addressed to, and the collectivité's answer to the group's moderators.

Each email is claimed before it is sent (`editors_notified_at` / `group_notified_at` set by a conditional UPDATE):
a retried task, or a second worker that got the same message, finds the claim and sends nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import GroupPagePermission

from .models import GroupMembership, GroupMessage, Role


def _absolute(path):
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def space_editors(space):
    """Active accounts whose groups hold page permissions on the space (or inside it)."""
    groups = GroupPagePermission.objects.filter(page__path__startswith=space.path).values("group_id")
    return get_user_model().objects.filter(is_active=True, groups__in=groups).exclude(email="").distinct()


def _send(template, context, recipients):
    """One email per recipient: an address is never shown to the other recipients (citizens, for an answer)."""
    subject = render_to_string(f"citizen_groups/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"citizen_groups/email/{template}_body.txt", context)
    send_mass_mail([(subject, body, None, [recipient]) for recipient in recipients])


def notify_editors(message_id):
    claimed = GroupMessage.objects.filter(pk=message_id, editors_notified_at__isnull=True).update(
        editors_notified_at=timezone.now()
    )
    message = GroupMessage.objects.select_related("group", "space").filter(pk=message_id).first()
    if not claimed or message is None:
        return 0
    recipients = sorted(set(space_editors(message.space).values_list("email", flat=True)))
    if not recipients:
        return 0
    with translation.override("fr"):
        context = {
            "message": message,
            "admin_url": _absolute(reverse("citizen_groups_admin_answer", args=[message.pk])),
        }
        _send("new_message", context, recipients)
    return len(recipients)


def notify_answer(message_id):
    claimed = GroupMessage.objects.filter(
        pk=message_id, answered_at__isnull=False, group_notified_at__isnull=True
    ).update(group_notified_at=timezone.now())
    message = GroupMessage.objects.select_related("group", "space").filter(pk=message_id).first()
    if not claimed or message is None:
        return 0
    recipients = sorted(
        set(
            GroupMembership.objects.filter(group=message.group, role=Role.MODERATOR, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    with translation.override("fr"):
        context = {"message": message, "group_url": _absolute(message.group.get_absolute_url())}
        _send("answer", context, recipients)
    return len(recipients)
