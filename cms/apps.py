from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", **kwargs):
    """The database cache's table (the shared cache without CACHE_URL) is made by `migrate` too: nobody has to
    remember `createcachetable`. Does nothing with another cache backend or when the table exists."""
    call_command("createcachetable", database=using, verbosity=0)


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Plateforme AimPact")

    def ready(self):
        from . import converters, digests, locales, patches, signals, view_restrictions  # noqa: F401
        from .accounts import lockout  # noqa: F401 - its signal receiver

        patches.apply()
        view_restrictions.install()  # restrictions read once per request (`.public()`, serve checks)
        locales.install()  # locales read once per request (routing, `page.locale`, the footer)
        converters.register()  # `<id:…>` in every app's URL patterns
        digests.register()  # the news of a space, for the newsletters' automatic sections
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="cms.create_cache_table")
