from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=200)
    text = blocks.TextBlock(label=_("Texte"), required=False)
    button_label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("ou adresse externe"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Choisissez une page ou saisissez une adresse (l’une ou l’autre, pas les deux).")
                    )
                }
            )
        return value

    class Meta:
        template = "blocks/call_to_action_block.html"
        icon = "link"
        label = _("Appel à l'action")
        description = _("Un encadré qui invite à agir, avec un bouton vers une page ou un site.")
        preview_value = {
            "title": "Donnez votre avis",
            "text": "La consultation sur le nouveau marché couvert est ouverte jusqu'au 15 mars.",
            "button_label": "Participer",
            "url": "https://example.org/",
        }
