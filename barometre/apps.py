from django.apps import AppConfig


class BarometreConfig(AppConfig):
    name = "barometre"
