from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "consultations.network"
    label = "network"
    verbose_name = _("réseau citoyen")

    def ready(self):
        from . import plugins

        plugins.register()
