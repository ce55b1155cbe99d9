"""Who may do what in the cahier de doléances (one place, not in the views).

- **Editors of an entry**: whoever may edit its consultation page in Wagtail (the space's editors for a
  collectivité's consultation, AimPact's team for the national network's; superusers everywhere). They write the
  analysis, pick the highlighted comments, record the public body's answer, and may carry the entry.
- **Its author**: the consultation page's owner when that is a citizen (an account without access to the admin:
  citizens' proposals are created with the citizen as owner). The author may carry the entry, nothing else.
"""

from django.db.models import Q

from wagtail.models import Page

from cms.admin_scope import space_scope

from .models import ArchiveEntry, Carrying


def _page(entry):
    return Page.objects.filter(pk=entry.page_id).first()


def can_edit_entry(user, entry):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    page = _page(entry)
    return page is not None and page.permissions_for_user(user).can_edit()


def is_author(user, entry):
    if not (user.is_authenticated and user.is_active):
        return False
    owner_id = Page.objects.filter(pk=entry.page_id).values_list("owner_id", flat=True).first()
    return owner_id == user.pk and not user.has_perm("wagtailadmin.access_admin")


def carrying_role(user, entry):
    """The capacity in which `user` may carry `entry` (author or editor), or None."""
    if can_edit_entry(user, entry):
        return Carrying.Role.EDITOR
    if is_author(user, entry):
        return Carrying.Role.AUTHOR
    return None


def editable_entries(user):
    """The entries the admin lists for `user`: a space editor's own spaces' only; AimPact's team (not confined to
    spaces) the national network's; each is checked again with `can_edit_entry` before it is shown or changed."""
    entries = ArchiveEntry.objects.select_related("space", "territory")
    if not (user.is_authenticated and user.is_active):
        return entries.none()
    if user.is_superuser:
        return entries
    scope = space_scope(user)
    if scope is None:
        if not user.has_perm("wagtailadmin.access_admin"):
            return entries.none()
        return entries.filter(space__isnull=True)
    if not scope.own:
        return entries.none()
    under = Q(pk__in=[])
    for path in scope.own:
        under |= Q(page__path__startswith=path)
    return entries.filter(under)
