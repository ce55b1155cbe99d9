from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebatesConfig(AppConfig):
    name = "consultations.debates"
    label = "debates"
    verbose_name = _("débats")

    def ready(self):
        from . import plugins

        plugins.register()
