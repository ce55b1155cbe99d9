from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "consultations.groups"
    label = "citizen_groups"  # Django's auth has `Group`: these are citizens' groups
    verbose_name = _("groupes citoyens")

    def ready(self):
        from . import plugins

        plugins.register()
