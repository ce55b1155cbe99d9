"""Admin views for the models that are not pages."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Territory


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Anyone with admin access may look; nobody adds, edits or deletes by hand."""

    read_actions = {"view"}

    def user_has_permission(self, user, action):
        return action in self.read_actions and user.is_active and user.has_perm("wagtailadmin.access_admin")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return (
            super().users_with_any_permission(["view"])
            if set(actions) & self.read_actions
            else self.model.objects.none()
        )


class TerritoryFilterSet(WagtailFilterSet):
    class Meta:
        model = Territory
        fields = ["kind"]


class TerritoryViewSet(ModelViewSet):
    """Territories are read-only in the admin: the INSEE import (`import_territories`) is their source."""

    model = Territory
    icon = "site"
    menu_label = _("Territoires")
    menu_order = 900
    add_to_settings_menu = True
    inspect_view_enabled = True
    list_display = ["name", "kind", "code", "parent", "epci", "population", "population_year"]
    list_export = ["kind", "code", "name", "population", "population_year"]
    search_fields = ["name", "code"]
    filterset_class = TerritoryFilterSet
    ordering = ["kind", "name"]
    form_fields = ["kind", "code", "name", "parent", "epci", "population", "population_year"]


register_permission_policy(Territory, ReadOnlyPermissionPolicy(Territory))
territory_viewset = TerritoryViewSet("territories")
