"""Admin actions on one page: a view of its own (an import, a report, a moderation queue) and the buttons that lead
to it, in the page's header and in the « More » menu of the explorer's listing.

* ``PageActionMenuItem``: the button. A subclass sets ``page_model``, ``label``, ``icon_name``, ``url_name`` (an admin
  URL that takes the page's id; or it overrides ``url``) and where it stands, ``header_priority`` and
  ``listing_priority``. It is shown on pages of ``page_model`` to those who may edit them; ``is_shown_for(user)``
  may add a condition.
* ``register_page_actions(*menu_items)``: registers the two Wagtail hooks that offer those buttons. Call it from the
  app's ``wagtail_hooks.py``.
* ``editable_page(request, page_model, page_id)``: what the action's view starts with: the page (404 when it is not
  one of ``page_model``), or PermissionDenied for those who may not edit it.
* ``page_breadcrumbs(page, user, label)``: the admin's breadcrumbs down to the page, then the view's ``label``.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page


class PageActionMenuItem(PageMenuItem):
    """A button to an admin view of one page, shown on pages of ``page_model`` to those who may edit them."""

    page_model = None
    header_priority = None
    listing_priority = None

    def is_shown(self, user):
        page_class = self.page.specific_class  # listings give generic Page objects
        return (
            page_class is not None
            and issubclass(page_class, self.page_model)
            and self.is_shown_for(user)
            and self.page.permissions_for_user(user).can_edit()
        )

    def is_shown_for(self, user):
        """A condition of the action's own, checked once the page is known to be of ``page_model``."""
        return True


def register_page_actions(*menu_items):
    """Offer a button of each of ``menu_items`` (``PageActionMenuItem`` classes) in the page header's actions and in
    the listing's « More » menu, at their ``header_priority`` and ``listing_priority``."""

    @hooks.register("register_page_header_buttons")
    def header_buttons(page, user, view_name, next_url=None):
        for menu_item in menu_items:
            yield menu_item(page=page, priority=menu_item.header_priority)

    @hooks.register("register_page_listing_more_buttons")
    def listing_buttons(page, user, next_url=None):
        for menu_item in menu_items:
            yield menu_item(page=page, priority=menu_item.listing_priority)

    return header_buttons, listing_buttons


def editable_page(request, page_model, page_id):
    """The page ``page_id`` of ``page_model`` (404 otherwise), if the user may edit it (PermissionDenied otherwise)."""
    page = get_object_or_404(page_model, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def page_breadcrumbs(page, user, label):
    """The admin's breadcrumbs down to ``page``, then the current view's ``label``."""
    return [*get_breadcrumbs_items_for_page(page, user), {"url": "", "label": label}]
