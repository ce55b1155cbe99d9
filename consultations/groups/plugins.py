"""What this app registers with `cms.registry` when it is ready:

- a short list of active groups on a space's dashboard (`space_dashboard`, spaces whose package has groups) and on
  the network's home (`network_home`, the national groups), linking to /groupes/;
- the citizen's groups on their account page (`account_profile`);
- the demo (after the consultations', the network's and the comments'), and what it keeps about a person.
The admin's menu item, views and `admin_home` panel are registered by `wagtail_hooks.py`.
"""

from django.urls import reverse

from cms.registry import Demo, Panel, registry

from . import personal_data
from .demo import ensure_demo_groups
from .models import CitizenGroup, GroupMembership
from .services import FEATURE

PANEL_SIZE = 4


def space_panel(space, request):
    if not space.has_feature(FEATURE):
        return None
    groups = CitizenGroup.objects.active().filter(space=space).select_related("territory")
    return {
        "groups": list(groups.order_by("-members_count", "-pk")[:PANEL_SIZE]),
        "list_url": reverse("citizen_groups") + f"?espace={space.pk}",
        "create_url": reverse("citizen_group_create") + f"?espace={space.pk}",
    }


def network_panel(home, request):
    groups = CitizenGroup.objects.active().filter(space=None).select_related("territory")
    return {
        "groups": list(groups.order_by("-members_count", "-pk")[:PANEL_SIZE]),
        "list_url": reverse("citizen_groups"),
        "create_url": reverse("citizen_group_create"),
    }


def account_panel(user, request):
    memberships = GroupMembership.objects.filter(user=user).select_related("group__territory")
    return {"memberships": list(memberships.order_by("-joined_at")), "list_url": reverse("citizen_groups")}


def register():
    registry.register_panel(
        "space_dashboard",
        Panel("citizen_groups", template="citizen_groups/panels/groups.html", context=space_panel, order=160),
    )
    registry.register_panel(
        "network_home",
        Panel("citizen_groups", template="citizen_groups/panels/groups.html", context=network_panel, order=30),
    )
    registry.register_panel(
        "account_profile",
        Panel("citizen_groups", template="citizen_groups/panels/account.html", context=account_panel, order=50),
    )
    registry.register_demo(
        Demo(
            "groups",
            ensure_demo_groups,
            describe="Citizen groups: {count} groups (Villebrune-sur-Loire's parents, a national group).",
            after=("consultations", "network", "citizen_comments"),
        )
    )
    registry.register_personal_data("groups", export=personal_data.export, erase=personal_data.erase)
