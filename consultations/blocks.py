"""The survey block: any page embeds a consultation's survey, and citizens vote in place."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class SurveyBlock(blocks.StructBlock):
    consultation = blocks.PageChooserBlock(
        page_type="consultations.ConsultationPage",
        label=_("consultation"),
    )
    heading = blocks.CharBlock(label=_("titre"), required=False, max_length=200)

    class Meta:
        template = "blocks/survey_block.html"
        icon = "form"
        label = _("Questionnaire d'une consultation")
        description = _("Le questionnaire d'une consultation, pour voter sans quitter la page.")
        preview_value = {"heading": "Donnez votre avis"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        consultation = value.get("consultation")
        request = (parent_context or {}).get("request")
        if consultation is not None:
            consultation = consultation.specific
            if request is not None and not all(
                restriction.accept_request(request) for restriction in consultation.get_view_restrictions()
            ):
                # A consultation reserved to a space's clients (or to logged-in visitors) shows nothing of itself
                # on a page that visitors without that access can read.
                context["consultation"] = None
                return context
            context["consultation"] = consultation
            if request is not None and consultation.live:
                from consultations.views import survey_context

                context.update(survey_context(request, consultation))
                context["next"] = request.get_full_path()
        return context
