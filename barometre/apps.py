from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarometreConfig(AppConfig):
    name = "barometre"
    verbose_name = _("Baromètre de l'action publique")

    def ready(self):
        from . import plugins, signals  # noqa: F401

        plugins.register()
