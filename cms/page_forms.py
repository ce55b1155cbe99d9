"""The admin form of every page type (`BasePage.base_form_class`): what all page forms check.

A block that shows a feature's page (the survey block shows a consultation) may only show a page of the same
collectivité space as the page being edited, or of the national network: an editor of one collectivité could
otherwise put another's consultation, reserved or not, in front of their own visitors. Pages of the national network
(outside any space) may show any space's page. Spaces are compared by translation, so the English version of a
page may show the French consultation it was translated with.

Images and documents: a space editor (`cms.admin_scope`) may only add to a page the media of the collections their
group may choose from. The choosers only offer those, but a form posts raw ids: an id of another collectivité's image
would otherwise put it on the page (and show its title in the form). Media the page already had are left alone (a
superuser may have placed a national image), only those the edit adds are checked.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamValue
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from cms.admin_scope import space_scope, usable_media
from cms.blocks.features import FeaturePageBlock

MEDIA_MODELS = (AbstractImage, AbstractDocument)


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


def media_references(page):
    """{(model, id): field name} for every image and document the page uses: its foreign keys, streams, rich texts."""
    references = {}
    for field in page._meta.concrete_fields:
        if field.many_to_one and issubclass(field.related_model, MEDIA_MODELS):
            value = field.value_from_object(page)
            if value is not None:
                references.setdefault((field.related_model, str(value)), field.name)
        elif hasattr(field, "extract_references"):
            value = field.value_from_object(page)
            if value is None:
                continue
            for model, object_id, _model_path, _content_path in field.extract_references(value):
                if issubclass(model, MEDIA_MODELS):
                    references.setdefault((model, str(object_id)), field.name)
    return references


def foreign_media(page, user):
    """{field name: [model, …]} for the media this edit adds to `page` that `user` may not use."""
    previous = {}
    if page.pk:
        stored = type(page).objects.filter(pk=page.pk).first()
        if stored is not None:
            previous = media_references(stored.get_latest_revision_as_object())
    added = {key: name for key, name in media_references(page).items() if key not in previous}
    refused = {}
    for (model, object_id), name in added.items():
        if not object_id.isdigit() or not usable_media(user, model).filter(pk=object_id).exists():
            refused.setdefault(name, []).append(model)
    return refused


def media_error_message(models):
    if any(issubclass(model, AbstractImage) for model in models):
        return _(
            "Une image choisie n'appartient pas à la médiathèque de votre collectivité : choisissez une image de "
            "votre espace."
        )
    return _(
        "Un document choisi n'appartient pas à la médiathèque de votre collectivité : choisissez un document de "
        "votre espace."
    )


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

    def _post_clean(self):
        # After the form has written its values on the instance: its references are then read like the index does.
        super()._post_clean()
        user = getattr(self, "for_user", None)
        if user is None or space_scope(user) is None:
            return
        for name, models in foreign_media(self.instance, user).items():
            message = media_error_message(models)
            field = name if name in self.fields else None
            if field is not None and isinstance(self.instance._meta.get_field(name), StreamField):
                self.add_error(field, StreamBlockValidationError(non_block_errors=ErrorList([message])))
            else:
                self.add_error(field, message)
