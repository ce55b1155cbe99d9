from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Plateforme AimPact")

    def ready(self):
        from . import converters, patches, signals  # noqa: F401

        patches.apply()
        converters.register()  # `<id:…>` in every app's URL patterns
