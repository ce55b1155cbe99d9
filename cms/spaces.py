"""Setting up a collectivité space: its editors' group, their page and media permissions.

Each space gets one group ("Éditeurs – <space>") that can edit, publish and lock the
space's pages (and those of its translations) and manage images and documents in the
space's own collection, and nothing else.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, PageViewRestriction

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def editors_group_name(space):
    return _("Éditeurs – %(space)s") % {"space": space.title}


def space_collection(space):
    """The space's own collection for its images and documents (created on first use)."""
    name = space.title[:255]
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


@transaction.atomic
def setup_space_permissions(space):
    """Create (or reuse, for a translation) the space's editors group and grant it the space.

    Idempotent: running it again for the same page changes nothing.
    """
    group = space.editors_group
    if group is None:
        group, _created = Group.objects.get_or_create(name=editors_group_name(space))
        type(space).objects.filter(pk=space.pk).update(editors_group=group)
        space.editors_group = group
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=space, permission=permission)
    if GroupCollectionPermission.objects.filter(group=group).exists():
        return group  # a translation of a space that is already set up: it shares the collection
    collection = space_collection(space)
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)
    return group


def sync_access_code(space):
    """Make every password restriction inside the space (and its translations) use the space's code, or, while the
    space has none, a password no one can type: its reserved pages are closed.

    When the code changes, the restrictions are replaced by new ones (new ids): Wagtail remembers in the session the
    ids of the restrictions a visitor passed, so the old ids must not open anything any more. Sessions that entered
    the old code through the space's form lose their access too (`CollectiviteSpace.access_generation`).
    """
    password = space.access_code or space.closed_password()
    stale = list(space.restricted_pages_restrictions().exclude(password=password))
    if not stale:
        return
    with transaction.atomic():
        for restriction in stale:
            groups = list(restriction.groups.all())
            PageViewRestriction.objects.filter(pk=restriction.pk).delete()
            replacement = PageViewRestriction.objects.create(
                page_id=restriction.page_id, restriction_type=restriction.restriction_type, password=password
            )
            if groups:
                replacement.groups.set(groups)
