"""The blocks of a newsletter issue: free ones (text, a heading, an image, a button) and automatic sections that
fill themselves, when the issue is rendered, from a digest source of `cms.registry` (news, open consultations, new
results, the Académie, the baromètre, the cahier de doléances: whatever the installed apps register)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from cms.registry import registry

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


def digest_choices():
    return [(source.name, source.label) for source in registry.digests()]


class DigestBlock(blocks.StructBlock):
    """An automatic section: the items of one digest source since the previous issue (or `days` days)."""

    source = blocks.ChoiceBlock(choices=digest_choices, label=_("contenu"))
    title = blocks.CharBlock(
        required=False, max_length=120, label=_("titre"), help_text=_("Laissez vide pour le titre par défaut.")
    )
    limit = blocks.IntegerBlock(default=5, min_value=1, max_value=10, label=_("nombre d'éléments au plus"))
    days = blocks.IntegerBlock(
        default=30,
        min_value=1,
        max_value=365,
        label=_("période (jours)"),
        help_text=_("Ce qui est paru depuis le numéro précédent, et au plus depuis ce nombre de jours."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Section automatique")


class ButtonBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=60, label=_("texte du bouton"))
    url = blocks.URLBlock(label=_("adresse"))

    class Meta:
        icon = "link"
        label = _("Bouton")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        max_length=200, label=_("texte alternatif"), help_text=_("Ce que montre l'image, pour qui ne la voit pas.")
    )
    caption = blocks.CharBlock(required=False, max_length=200, label=_("légende"))

    class Meta:
        icon = "image"
        label = _("Image")


def issue_blocks():
    return [
        ("heading", blocks.CharBlock(max_length=120, icon="title", label=_("Intertitre"))),
        ("paragraph", blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))),
        ("image", ImageBlock()),
        ("button", ButtonBlock()),
        ("digest", DigestBlock()),
    ]
