"""Who may read and answer the groups' messages in the admin: the editors of the space a message is addressed to.

`answerable_space_ids(user)`: None for a superuser (every space), else the ids of the spaces the user holds a page
permission in (on the space, inside it, or above it: AimPact's national editors), narrowed to their own spaces when
`cms.admin_scope` confines them. Another space's message is then a 404, its subject never shown."""

from wagtail.models import GroupPagePermission

from cms.admin_scope import space_scope
from cms.models import CollectiviteSpace

from .models import GroupMessage


def answerable_space_ids(user):
    if not user.is_active:
        return set()
    if user.is_superuser:
        return None
    granted = list(GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True))
    if not granted:
        return set()
    spaces = CollectiviteSpace.objects.values_list("pk", "path")
    ids = {pk for pk, path in spaces if any(path.startswith(g) or g.startswith(path) for g in granted)}
    scope = space_scope(user)
    if scope is not None:
        ids = {pk for pk, path in spaces if pk in ids and any(path.startswith(own) for own in scope.own)}
    return ids


def answerable_messages(user):
    ids = answerable_space_ids(user)
    messages = GroupMessage.objects.select_related("group", "space", "answered_by")
    return messages if ids is None else messages.filter(space_id__in=ids)
