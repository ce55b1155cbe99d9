"""Who may moderate which comments (one module, asked by the admin views and their menu item).

- superusers and holders of `citizen_comments.moderate_comment` (AimPact's moderators): every comment;
- a collectivité's editor (confined to their space by `cms.admin_scope`): the comments of the pages of their own
  space (and its translations) only; nothing of another space's, not even its existence;
- anyone else (a national editor without the permission, a citizen): none.
"""

from django.db.models import Q

from cms.admin_scope import space_scope

from .models import Comment

PERMISSION = "citizen_comments.moderate_comment"


def moderates_everything(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


def moderatable_comments(user, queryset=None):
    """`queryset` (every comment by default) cut down to those the user may moderate."""
    queryset = Comment.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if moderates_everything(user):
        return queryset
    scope = space_scope(user)
    if scope is None or not scope.own:
        return queryset.none()
    under = Q(pk__in=[])
    for path in scope.own:
        under |= Q(page__path__startswith=path)
    return queryset.filter(under)


def may_moderate_any(user):
    """Whether the admin shows the user the reported comments' menu item."""
    if not user.is_authenticated or not user.is_active:
        return False
    if moderates_everything(user):
        return True
    scope = space_scope(user)
    return bool(scope and scope.own)


def may_moderate(user, comment):
    return moderatable_comments(user, Comment.objects.filter(pk=comment.pk)).exists()
