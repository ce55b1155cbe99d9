from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "consultations.comments"
    label = "citizen_comments"  # Wagtail's editors' comments are `wagtailcore.Comment`: these are the citizens'
    verbose_name = _("commentaires des citoyens")

    def ready(self):
        from . import plugins, signals  # noqa: F401

        plugins.register()
