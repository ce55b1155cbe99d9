from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)")), ("h4", _("Intertitre (h4)"))],
        default="h2",
        help_text=_("Gardez la hiérarchie : un h3 suit un h2."),
    )

    class Meta:
        template = "blocks/heading_block.html"
        icon = "title"
        label = _("Titre")
        description = _("Un titre de section qui structure la page pour les lecteurs d'écran.")
        preview_value = {"text": "Nos priorités pour 2026", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "document-link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        template = "blocks/paragraph_block.html"
        icon = "pilcrow"
        label = _("Paragraphe")
        description = _("Du texte mis en forme : gras, italique, listes et liens.")
        preview_value = "<p>La commune rénove ses écoles pour réduire de <b>40 %</b> leur consommation d'énergie.</p>"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Auteur"), required=False, max_length=200)
    role = blocks.CharBlock(label=_("Fonction"), required=False, max_length=200)

    class Meta:
        template = "blocks/quote_block.html"
        icon = "openquote"
        label = _("Citation")
        description = _("Une citation mise en valeur, avec son auteur.")
        preview_value = {
            "quote": "Chaque habitant doit pouvoir donner son avis sur les projets qui le concernent.",
            "attribution": "Claire Martin",
            "role": "Maire",
        }
