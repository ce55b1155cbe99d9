"""Wagtail admin registrations of the cms app: the budget CSV import (URLs, page buttons), the territories."""

from django.urls import path

from wagtail import hooks

from .admin_actions import register_page_actions
from .admin_views import BudgetImportMenuItem, BudgetImportView, budget_import_template
from .viewsets import territory_viewset


@hooks.register("register_admin_urls")
def register_budget_import_urls():
    return [
        path("budget/<id:page_id>/import/", BudgetImportView.as_view(), name="cms_budget_import"),
        path("budget/import/modele.csv", budget_import_template, name="cms_budget_import_template"),
    ]


register_page_actions(BudgetImportMenuItem)


@hooks.register("register_admin_viewset")
def register_territory_viewset():
    return territory_viewset
