from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoleancesConfig(AppConfig):
    name = "consultations.doleances"
    label = "doleances"
    verbose_name = _("cahier de doléances")

    def ready(self):
        from . import plugins

        plugins.register()
