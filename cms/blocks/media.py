from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Texte alternatif"),
        max_length=250,
        required=False,
        help_text=_(
            "Décrivez ce que montre l'image pour les personnes qui ne la voient pas. "
            "Laissez vide seulement si l'image est purement décorative."
        ),
    )
    decorative = blocks.BooleanBlock(label=_("Image décorative"), required=False)
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks.struct_block import StructBlockValidationError

        value = super().clean(value)
        if not value.get("alt_text") and not value.get("decorative"):
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(_("Ajoutez un texte alternatif, ou cochez « Image décorative »."))
                }
            )
        return value

    def get_preview_value(self):
        from wagtail.images import get_image_model

        value = dict(self.meta.preview_value)
        value["image"] = get_image_model().objects.order_by("pk").first()
        return self.to_python({**value, "image": value["image"].pk if value["image"] else None})

    class Meta:
        template = "blocks/image_block.html"
        icon = "image"
        label = _("Image")
        description = _("Une image avec son texte alternatif et une légende.")
        preview_value = {"alt_text": "Vue de la place de la mairie", "caption": "La place rénovée"}


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Adresse de la vidéo"), help_text=_("Lien vers la vidéo (PeerTube, Dailymotion, YouTube…).")
    )
    title = blocks.CharBlock(label=_("Titre de la vidéo"), max_length=200)
    transcript = blocks.TextBlock(
        label=_("Transcription"),
        required=False,
        help_text=_("Le texte de la vidéo, pour les personnes sourdes ou malentendantes."),
    )

    class Meta:
        template = "blocks/video_block.html"
        icon = "media"
        label = _("Vidéo")
        description = _("Une vidéo intégrée, avec un titre et sa transcription.")
        preview_value = {"title": "Le conseil municipal en 2 minutes", "transcript": "Bonjour à toutes et à tous…"}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Intitulé du lien"), max_length=200, required=False, help_text=_("Par défaut, le titre du document.")
    )

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.order_by("pk").first()
        return self.to_python({**self.meta.preview_value, "document": document.pk if document else None})

    class Meta:
        template = "blocks/document_block.html"
        icon = "doc-full"
        label = _("Document")
        description = _("Un document à télécharger (PDF, tableur…), avec son format et son poids.")
        preview_value = {"title": "Compte rendu du conseil municipal"}
