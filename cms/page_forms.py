"""The admin form of every page type (`BasePage.base_form_class`): what all page forms check.

A block that shows a feature's page (the survey block shows a consultation) may only show a page of the same
collectivité space as the page being edited, or of the national network: an editor of one collectivité could
otherwise put another's consultation, reserved or not, in front of their own visitors. Pages of the national network
(outside any space) may show any space's page. Spaces are compared by translation, so the English version of a
page may show the French consultation it was translated with.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamValue
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page

from cms.blocks.features import FeaturePageBlock


def space_key(page):
    """The translation key of the collectivité space `page` belongs to (or is), None on the national network."""
    space_model = apps.get_model("cms", "CollectiviteSpace")
    space = Page.objects.ancestor_of(page, inclusive=True).type(space_model).first()
    return space.translation_key if space else None


def foreign_feature_pages(stream, own_space):
    """{block index: (child name, message)} for the feature blocks of `stream` that show another space's page."""
    errors = {}
    if own_space is None:
        return errors
    for index, child in enumerate(stream):
        if not isinstance(child.block, FeaturePageBlock):
            continue
        chosen = child.value.get(child.block.page_field)
        if chosen is None:
            continue
        chosen_space = space_key(chosen)
        if chosen_space is not None and chosen_space != own_space:
            message = _(
                "« %(title)s » appartient à une autre collectivité : choisissez une page de votre espace "
                "ou du réseau national."
            ) % {"title": chosen.title}
            errors[index] = (child.block.page_field, message)
    return errors


class BasePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        page = self.instance if self.instance.pk else self.parent_page
        own_space = space_key(page) if page is not None and page.pk else None
        streams = [(name, value) for name, value in cleaned_data.items() if isinstance(value, StreamValue)]
        for name, value in streams:
            errors = foreign_feature_pages(value, own_space)
            if errors:
                self.add_error(
                    name,
                    StreamBlockValidationError(
                        block_errors={
                            index: StructBlockValidationError(block_errors={child: ValidationError(message)})
                            for index, (child, message) in errors.items()
                        }
                    ),
                )
        return cleaned_data
