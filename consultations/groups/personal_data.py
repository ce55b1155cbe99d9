"""What the citizen groups keep about a person, for the GDPR rights of the account page (`cms.accounts`).

- **Export**: their memberships (group, role, date), their posts (text as written, even hidden, with state) and the
  messages they sent on a group's behalf.
- **Erase**: memberships go (the groups' counts go down; a group left without moderator gets its oldest member as
  moderator); posts are blanked like comments (text emptied, « supprimé », no author; a post without replies goes);
  messages to collectivités stay (they are the group's, and the collectivité's answer refers to them) without their
  author; the groups they created stay without creator.
"""

from django.db.models import F

from .models import CitizenGroup, GroupMembership, GroupMessage, GroupPost, PostStatus, Role


def export(user):
    memberships = GroupMembership.objects.filter(user=user).select_related("group").order_by("joined_at", "pk")
    posts = GroupPost.objects.filter(author=user).select_related("group").order_by("created_at", "pk")
    messages = GroupMessage.objects.filter(sent_by=user).select_related("group", "space").order_by("sent_at", "pk")
    return {
        "memberships": [
            {"group": each.group.name, "group_id": each.group_id, "role": each.role, "joined_at": each.joined_at}
            for each in memberships
        ],
        "posts": [
            {
                "id": each.pk,
                "group": each.group.name,
                "in_reply_to": each.parent_id,
                "text": each.text,
                "status": each.status,
                "created_at": each.created_at,
            }
            for each in posts
        ],
        "messages": [
            {
                "group": each.group.name,
                "to": each.space.title,
                "subject": each.subject,
                "body": each.body,
                "sent_at": each.sent_at,
            }
            for each in messages
        ],
    }


def erase(user):
    """Called inside the account's deletion transaction, before the user row goes."""
    for member in GroupMembership.objects.filter(user=user).select_related("group"):
        group = CitizenGroup.objects.select_for_update().get(pk=member.group_id)
        member.delete()
        CitizenGroup.objects.filter(pk=group.pk).update(members_count=F("members_count") - 1)
        if not GroupMembership.objects.filter(group=group, role=Role.MODERATOR).exists():
            heir = GroupMembership.objects.filter(group=group).order_by("joined_at", "pk").first()
            if heir is not None:
                GroupMembership.objects.filter(pk=heir.pk).update(role=Role.MODERATOR)
    mine = GroupPost.objects.filter(author=user)
    mine.filter(parent__isnull=False).delete()
    mine.filter(parent__isnull=True, replies__isnull=True).delete()
    mine.update(text="", status=PostStatus.DELETED, author=None, hidden_reason="")
    GroupMessage.objects.filter(sent_by=user).update(sent_by=None)
    CitizenGroup.objects.filter(created_by=user).update(created_by=None)
