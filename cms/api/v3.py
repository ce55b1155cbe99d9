"""Wagtail's read and write API (v3, django-ninja) at /api/v3/, as the platform serves it.

Wagtail creates a page through the API with the page type's admin form cut down to its writable API fields, then
saves it. Our page types declare none writable (editors write in the admin; the API v3 edits titles), so a page type
with a required column that has no default (a consultation's closing date) reached the database empty: an
IntegrityError, a 500. `CompletePageCreation` refuses such a creation beforehand, naming the fields, in the v3
API's own shape for invalid input (a 422 `application/problem+json` whose `errors` name each field), and nothing is
written.
"""

from django.db.models import NOT_PROVIDED
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail.actions import action_registry
from wagtail.actions.create_page import CreatePageAction
from wagtail.api.v3.urls import api
from wagtail.models import Page
from wagtail.utils.forms import FormValidationError

from cms.models import BasePage


def missing_required_fields(page):
    """The page type's own fields that the database requires but that nothing has filled in."""
    return [
        field
        for field in type(page)._meta.concrete_fields
        if field.model is not Page  # Wagtail fills in its own (path, depth, url_path…) as it saves
        and not field.primary_key
        and not field.null
        and field.default is NOT_PROVIDED
        and getattr(page, field.attname) is None
    ]


class CompletePageCreation(CreatePageAction):
    """Wagtail's page creation, which refuses a page whose required fields the request could not fill in."""

    def _clean_instance(self):
        super()._clean_instance()
        missing = missing_required_fields(self.instance)
        if missing:
            raise FormValidationError(
                {
                    (field.name,): [
                        (
                            _(
                                "« %(field)s » est obligatoire et l'API ne permet pas de le renseigner : créez cette "
                                "page dans l'administration."
                            )
                            % {"field": capfirst(field.verbose_name)},
                            "required",
                        )
                    ]
                    for field in missing
                }
            )


# Every page type of the platform derives from BasePage: this registration wins over Wagtail's one for Page.
action_registry.register(BasePage, CompletePageCreation)

__all__ = ["api"]
