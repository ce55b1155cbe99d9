from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = _("lettres d'information")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import plugins

        plugins.register()
