"""Wagtail admin registrations of the baromètre: indicators (a ModelViewSet) and their CSV import (URLs, buttons)."""

from django.urls import path

from wagtail import hooks

from cms.admin_actions import register_page_actions

from .admin_views import IndicatorImportMenuItem, IndicatorImportView, indicator_import_template
from .viewsets import indicator_viewset


@hooks.register("register_admin_viewset")
def register_indicator_viewset():
    return indicator_viewset


@hooks.register("register_admin_urls")
def register_indicator_import_urls():
    return [
        path(
            "barometre/<id:page_id>/indicateurs/import/",
            IndicatorImportView.as_view(),
            name="barometre_indicator_import",
        ),
        path("barometre/indicateurs/modele.csv", indicator_import_template, name="barometre_indicator_import_template"),
    ]


register_page_actions(IndicatorImportMenuItem)
