from django.apps import AppConfig


class AcademieConfig(AppConfig):
    name = "academie"
