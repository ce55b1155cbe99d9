"""What an editor of a collectivité may read in the admin: their own space, the live national network, their media.

Wagtail keeps writes inside the editor's page permissions, but several of its admin views name any page they are
given by id (the move confirmation, workflow messages, the page chooser, reports) and its media APIs list every
collection. Every such place asks this module instead.

- A **space editor** is a user all of whose page permissions lie inside collectivité spaces (the French space and
  its translations). They see every page of their own spaces (drafts included), the live pages of the national
  network (the homes, Académie, Baromètre…), and nothing of another space, not even its title.
- **Everyone else** (superusers, AimPact's national editors, whose permissions reach outside the spaces) is not
  confined: `space_scope()` returns None and every function here leaves their querysets as Wagtail made them.
- **Media**: a space editor sees and uses the images and documents of the collections their group may choose from
  (their space's collection, `cms.spaces`); the same rule refuses a media id posted in a page form.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q

from wagtail.models import GroupPagePermission, Page
from wagtail.permissions import policy_registry

_CACHE_ATTRIBUTE = "_cms_space_scope"


@dataclass(frozen=True)
class SpaceScope:
    """The paths of the editor's own spaces (and translations), and of every other space."""

    own: tuple
    others: tuple

    def contains(self, page):
        return any(page.path.startswith(path) for path in self.own)

    def is_foreign(self, page):
        return any(page.path.startswith(path) for path in self.others)


def _under(paths):
    return reduce(or_, (Q(path__startswith=path) for path in paths), Q(pk__in=[]))


def space_scope(user):
    """The spaces a space editor is confined to, or None for a user who is not (superuser, national editor).

    Kept on the user object for the request, as Wagtail keeps its own permission caches."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        return getattr(user, _CACHE_ATTRIBUTE)
    scope = _compute_scope(user)
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def _compute_scope(user):
    if not user.is_active or user.is_superuser:
        return None
    space_model = apps.get_model("cms", "CollectiviteSpace")
    spaces = list(space_model.objects.values_list("path", flat=True))
    granted = set(GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True))
    own = set()
    for path in granted:
        space = next((space for space in spaces if path.startswith(space)), None)
        if space is None:
            return None  # a permission on the national network: not confined to spaces
        own.add(space)
    return SpaceScope(own=tuple(sorted(own)), others=tuple(sorted(set(spaces) - own)))


def visible_pages(user, queryset=None):
    """`queryset` (every page by default) without what a space editor may not read."""
    queryset = Page.objects.all() if queryset is None else queryset
    scope = space_scope(user)
    if scope is None:
        return queryset
    national = ~_under(scope.others) & Q(live=True)
    return queryset.filter(_under(scope.own) | national)


def may_see_page(user, page):
    """Whether the admin may show this page (its title, its status) to the user."""
    scope = space_scope(user)
    if scope is None or scope.contains(page):
        return True
    return page.live and not scope.is_foreign(page)


def may_see_draft(user, page):
    """Whether the admin may show the page's latest draft (its title as edited): only a space editor's own pages."""
    scope = space_scope(user)
    return scope is None or scope.contains(page)


def own_space_pages(user, queryset=None):
    """The pages of a space editor's own spaces; None for a user who is not confined."""
    scope = space_scope(user)
    if scope is None:
        return None
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.filter(_under(scope.own))


def landing_space(user, language_code=None):
    """The space a space editor's explorer opens on: in the admin's language when translated, else the first."""
    scope = space_scope(user)
    if not scope or not scope.own:
        return None
    spaces = Page.objects.filter(path__in=scope.own).select_related("locale").order_by("path")
    return next((space for space in spaces if space.locale.language_code == language_code), None) or spaces.first()


def usable_media(user, model, queryset=None):
    """`queryset` of images or documents without those outside the collections a space editor may choose from."""
    queryset = model.objects.all() if queryset is None else queryset
    if space_scope(user) is None:
        return queryset
    policy = policy_registry.get_by_type(model)
    return queryset.filter(pk__in=policy.instances_user_has_any_permission_for(user, ["choose"]).values("pk"))
