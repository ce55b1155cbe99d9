from django.apps import AppConfig


class AcademieConfig(AppConfig):
    name = "academie"

    def ready(self):
        from . import plugins

        plugins.register()
