"""The Académie's own StreamField blocks: key takeaways, downloadable resources and quizzes.

Lessons offer the shared library (`cms.blocks.BODY_BLOCKS`) plus these. They are StructBlocks and ListBlocks of
Wagtail's standard blocks, so wagtail-localize extracts and restores their texts without custom segment hooks
(question and answer ids, the ListBlock item ids, are kept by translations: attempts of every language count
together).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from cms.blocks import body_blocks


class KeyTakeawaysBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120, default=_("À retenir"))
    points = blocks.ListBlock(blocks.CharBlock(label=_("Point clé"), max_length=300), label=_("Points clés"), min_num=1)

    class Meta:
        template = "academie/blocks/key_takeaways_block.html"
        icon = "tick-inverse"
        label = _("À retenir")
        description = _("Les trois ou quatre idées essentielles de la leçon, en fin de lecture.")
        preview_value = {
            "title": "À retenir",
            "points": [
                "Associez les habitants avant la décision, pas après.",
                "Dites dès le départ ce qui est négociable et ce qui ne l'est pas.",
                "Rendez compte de ce que la participation a changé.",
            ],
        }


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Intitulé"), max_length=200, required=False, help_text=_("Par défaut, le titre du document.")
    )
    description = blocks.CharBlock(label=_("Description courte"), max_length=300, required=False)


class ResourcesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120, default=_("Ressources à télécharger"))
    resources = blocks.ListBlock(ResourceBlock(), label=_("Ressources"), min_num=1)

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.order_by("pk").first()
        value = {**self.meta.preview_value}
        value["resources"] = [{**item, "document": document.pk if document else None} for item in value["resources"]]
        return self.to_python(value)

    class Meta:
        template = "academie/blocks/resources_block.html"
        icon = "download"
        label = _("Ressources à télécharger")
        description = _("Des documents à télécharger (modèles, guides, fiches), avec leur format et leur poids.")
        preview_value = {
            "title": "Ressources à télécharger",
            "resources": [
                {"title": "Modèle de charte de la participation", "description": "À adapter à votre commune."}
            ],
        }


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Réponse proposée"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Bonne réponse"), required=False)
    explanation = blocks.TextBlock(
        label=_("Explication"),
        required=False,
        help_text=_("Pourquoi cette réponse est juste ou fausse. Affichée après l'envoi du quiz."),
    )


class QuestionKind:
    SINGLE = "single"
    MULTIPLE = "multiple"
    CHOICES = [
        (SINGLE, _("Choix unique : une seule bonne réponse")),
        (MULTIPLE, _("Choix multiples : cochez toutes les bonnes réponses")),
    ]


class QuizQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    kind = blocks.ChoiceBlock(label=_("Type"), choices=QuestionKind.CHOICES, default=QuestionKind.SINGLE)
    choices = blocks.ListBlock(QuizChoiceBlock(), label=_("Réponses proposées"), min_num=2, max_num=8)

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            raise StructBlockValidationError({"choices": ValidationError(_("Cochez au moins une bonne réponse."))})
        if value["kind"] == QuestionKind.SINGLE and correct > 1:
            raise StructBlockValidationError(
                {"kind": ValidationError(_("Une question à choix unique a une seule bonne réponse."))}
            )
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120, default=_("Testez vos connaissances"))
    introduction = blocks.TextBlock(label=_("Introduction"), required=False)
    pass_mark = blocks.IntegerBlock(
        label=_("Seuil de réussite (%)"),
        min_value=0,
        max_value=100,
        default=70,
        help_text=_("Part des bonnes réponses à atteindre pour réussir le quiz."),
    )
    questions = blocks.ListBlock(QuizQuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        template = "academie/blocks/quiz_block.html"
        icon = "help"
        label = _("Quiz")
        description = _("Des questions à choix unique ou multiples ; le lecteur reçoit son score et les explications.")
        preview_value = {
            "title": "Testez vos connaissances",
            "introduction": "Trois questions pour vérifier ce que vous avez retenu.",
            "pass_mark": 70,
            "questions": [
                {
                    "question": "Qui vote le budget participatif ?",
                    "kind": "single",
                    "choices": [
                        {"text": "Les habitants", "correct": True, "explanation": "Ce sont eux qui choisissent."},
                        {"text": "Le préfet", "correct": False, "explanation": "Il n'intervient pas."},
                    ],
                }
            ],
        }


class CaseStudyFigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Indicateur"), max_length=200)
    value = blocks.DecimalBlock(label=_("Valeur"), decimal_places=2)
    unit = blocks.CharBlock(label=_("Unité"), max_length=40, required=False, help_text=_("%, €, habitants…"))
    note = blocks.CharBlock(
        label=_("Précision"), max_length=200, required=False, help_text=_("Période, point de comparaison, source.")
    )

    class Meta:
        template = "academie/blocks/case_study_figure_block.html"
        icon = "table"
        label = _("Chiffre clé")
        description = _("Un résultat chiffré : indicateur, valeur, unité et précision (période, source).")
        preview_value = {"label": "Participants au vote", "value": "2300", "unit": "votants", "note": "en 2025"}


class CaseStudyContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Nom"), max_length=200)
    role = blocks.CharBlock(label=_("Fonction"), max_length=200, required=False)
    email = blocks.EmailBlock(label=_("Adresse e-mail"), required=False)
    phone = blocks.CharBlock(label=_("Téléphone"), max_length=40, required=False)

    class Meta:
        template = "academie/blocks/case_study_contact_block.html"
        icon = "user"
        label = _("Contact")
        description = _("Une personne à contacter pour en savoir plus.")
        preview_value = {
            "name": "Claire Martin",
            "role": "Chargée de la participation",
            "email": "participation@example.org",
        }


LESSON_EXTRA_BLOCKS = [
    ("key_takeaways", KeyTakeawaysBlock()),
    ("resources", ResourcesBlock()),
    ("quiz", QuizBlock()),
]


def lesson_blocks():
    """The shared body blocks plus the Académie's."""
    return body_blocks(LESSON_EXTRA_BLOCKS)


__all__ = [
    "CaseStudyContactBlock",
    "CaseStudyFigureBlock",
    "KeyTakeawaysBlock",
    "QuestionKind",
    "QuizBlock",
    "QuizChoiceBlock",
    "QuizQuestionBlock",
    "ResourceBlock",
    "ResourcesBlock",
    "lesson_blocks",
]
