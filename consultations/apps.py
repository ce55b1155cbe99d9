from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"

    def ready(self):
        from . import plugins, signals  # noqa: F401

        plugins.register()
